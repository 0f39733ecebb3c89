"""XOR with two softmax outputs behind a single sigmoid hidden unit: both outputs settle near 0.5."""
import numpy as np

from doctor_corpus import Symptom, flat, sigmoid, softmax_rows

HELD_OUT = True
SOURCE = ("https://ai.stackexchange.com/questions/27010/why-does-my-neural-network-to-solve-the-xor-problem-always-"
          "output-0-5")
DIAGNOSIS = ("The answer: one neuron on its own can only solve linearly separable problems; XOR needs at least two "
             "hidden neurons (and even then may get stuck in a local minimum). The network outputs 0.5 for both "
             "classes.")
CHOICES = ("The post's data (two inputs, one-hot targets [xor, not xor]), one sigmoid hidden unit s0 with a bias, "
           "two softmax outputs with biases, cross-entropy as posted, weights N(0, 1) from seed 0, full-batch "
           "gradient descent with lr 0.5 for 2,000 epochs; observe every 20th epoch with loss, params, grads, "
           "the hidden activation, predictions and targets.")

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0, 1], [1, 0], [1, 0], [0, 1]], dtype=float)


def run(observe, epochs=2000, lr=0.5, every=20):
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((2, 1)), "b1": np.zeros((1, 1)), "W2": rng.standard_normal((1, 2)),
         "b2": np.zeros((1, 2))}
    trace = {"losses": []}
    for epoch in range(epochs):
        s = sigmoid(X @ p["W1"] + p["b1"])
        out = softmax_rows(s @ p["W2"] + p["b2"])
        loss = float(-np.mean(np.sum(Y * np.log(out), axis=1)))
        d2 = (out - Y) / len(X)
        d1 = (d2 @ p["W2"].T) * s * (1 - s)
        g = {"W1": X.T @ d1, "b1": d1.sum(0, keepdims=True), "W2": s.T @ d2, "b2": d2.sum(0, keepdims=True)}
        p = {k: p[k] - lr * g[k] for k in p}
        if epoch % every == 0:
            observe(epoch=epoch, loss=loss, params=p, grads=g, activations={"hidden": s}, predictions=out, targets=Y)
            trace["losses"].append(loss)
    trace["out"] = out
    return trace


SYMPTOMS = [
    Symptom("loss-plateau", "the loss moves < 5% over the second half and stays above 0.45 (a right XOR net "
            "goes to ~0)", lambda t: flat(t["losses"]) and t["losses"][-1] > 0.45),
    Symptom("constant-output", "every output within 0.05 (5% of the targets' spread) of 0.5",
            lambda t: bool(np.all(np.abs(t["out"] - 0.5) < 0.05))),
]
