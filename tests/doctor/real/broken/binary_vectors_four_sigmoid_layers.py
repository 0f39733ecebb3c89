"""Binary feature vectors mapped to real values by a net of four sigmoid hidden layers and a linear output, the
targets left in their raw range (tens): after four sigmoids of small weights every sample reaches the output
layer as nearly the same vector, the output settles on the mean target and the loss stays at the targets'
variance."""
import numpy as np

from doctor_corpus import Symptom, flat, sigmoid

HELD_OUT = True
ROUND = 5
SOURCE = ("https://ai.stackexchange.com/questions/16557/what-could-be-the-problem-when-a-neural-network-with-four-"
          "hidden-layers-with-the")
DIAGNOSIS = ("The answers: with a sigmoid in every one of four hidden layers the error signal is multiplied by at "
             "most 0.25 per layer on its way back, so the first layers get gradients far smaller than the last and "
             "learn hardly at all (the vanishing gradient); use ReLU hidden units, and scale the data (the "
             "real-valued outputs too). At our smaller size the numbers show the other face of the same squashing: "
             "the forward signal fades through the four sigmoid layers, every sample looks alike at the output and "
             "the net predicts the mean; the per-layer gradient ratios stay within 100x of each other, so we do not"
             " label vanishing gradients.")
CHOICES = ("The post uses TensorFlow with 500 units per layer; we write the same mechanism in NumPy with 4 hidden "
           "sigmoid layers of 32 units (x @ W layout, W ~ N(0, 1) * 0.1, zero biases), a linear output and the mean"
           " squared error, plain full-batch gradient descent at lr 0.01 for 300 epochs; 256 random binary vectors "
           "of 16 bits with a real-valued target of our own in the tens (a weighted count of set bits plus products"
           " of pairs, about 20-80), unscaled; observe once per epoch with loss, params, the gradients (dW1 ... "
           "db5), lr, inputs, targets and predictions.")


def data(n=256, bits=16):
    rng = np.random.default_rng(2)
    X = rng.integers(0, 2, (n, bits)).astype(float)
    w = rng.uniform(1, 4, bits)
    y = X @ w + 6 * X[:, 0] * X[:, 1] - 5 * X[:, 2] * X[:, 3] + 8 * X[:, 4] * X[:, 5]
    return X, y.reshape(-1, 1)


def run(observe, epochs=300, lr=0.01, width=32, depth=4):
    X, Y = data()
    rng = np.random.default_rng(0)
    sizes = [X.shape[1]] + [width] * depth + [1]
    p = {}
    for i in range(len(sizes) - 1):
        p[f"W{i + 1}"] = rng.standard_normal((sizes[i], sizes[i + 1])) * 0.1
        p[f"b{i + 1}"] = np.zeros((1, sizes[i + 1]))
    n_layers = len(sizes) - 1
    trace = {"losses": [], "Y": Y}
    for epoch in range(epochs):
        acts = [X]
        for i in range(1, n_layers):
            acts.append(sigmoid(acts[-1] @ p[f"W{i}"] + p[f"b{i}"]))
        out = acts[-1] @ p[f"W{n_layers}"] + p[f"b{n_layers}"]
        loss = float(np.mean((out - Y) ** 2))
        delta = 2 * (out - Y) / len(X)
        g = {}
        for i in range(n_layers, 0, -1):
            g[f"dW{i}"] = acts[i - 1].T @ delta
            g[f"db{i}"] = delta.sum(axis=0, keepdims=True)
            if i > 1:
                delta = (delta @ p[f"W{i}"].T) * acts[i - 1] * (1 - acts[i - 1])
        p = {k: p[k] - lr * g["d" + k] for k in p}
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=Y, predictions=out)
        trace["losses"].append(loss)
        trace["out"] = out
    return trace


SYMPTOMS = [
    Symptom("constant-output", "the final predictions spread over < 1% of the targets' spread (about 40)",
            lambda t: float(np.ptp(t["out"])) < 0.01 * float(np.ptp(t["Y"]))),
    Symptom("loss-plateau", "the MSE moves < 5% over the second half", lambda t: flat(t["losses"])),
]
