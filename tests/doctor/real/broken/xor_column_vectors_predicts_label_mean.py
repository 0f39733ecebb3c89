"""A 2-2-1 sigmoid XOR net trained one column-vector sample at a time (W1 @ x): its gradients are right, yet
after 3,000 epochs it predicts about the fraction of positive labels for every input."""
import numpy as np

from doctor_corpus import Symptom, flat, sigmoid

HELD_OUT = True
ROUND = 3
SOURCE = "https://pythoner.space/questions/create-a-python-implementation-of-a-neural-network"
DIAGNOSIS = ("The asker's numerical gradient agrees with backprop, but the net ignores its input and predicts the "
             "share of positive labels for every sample (0.75 with 3 positives of 4), the cost falling slowly and "
             "bouncing back. No answer is shown; a 2-unit sigmoid hidden layer with plain per-sample SGD at a small "
             "rate sits on XOR's plateau where every output is the label mean.")
CHOICES = ("The post's layout (W1 @ x + b1 on (2, 1) columns, sigmoid hidden and output, squared error); 2 hidden "
           "units, W ~ N(0, 1) with our seed 0, b = 0, lr 0.1 and 3,000 epochs over the four XOR samples (the "
           "post's rate and length are not shown); observe once per epoch with the epoch's mean cost, params, the "
           "last sample's gradients, lr, and the four predictions and targets (no inputs).")

X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
Y = np.array([0.0, 1, 1, 0])


def run(observe, epochs=3000, lr=0.1):
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((2, 2)), "b1": np.zeros((2, 1)),
         "W2": rng.standard_normal((1, 2)), "b2": np.zeros((1, 1))}
    trace = {"losses": []}
    for epoch in range(epochs):
        cost = 0.0
        for x, t in zip(X, Y):
            x = x.reshape(-1, 1)
            z = sigmoid(p["W1"] @ x + p["b1"])
            out = sigmoid(p["W2"] @ z + p["b2"])
            cost += 0.5 * float(np.sum((out - t) ** 2))
            d2 = (out - t) * out * (1 - out)
            d1 = (p["W2"].T @ d2) * z * (1 - z)
            g = {"W1": d1 @ x.T, "b1": d1, "W2": d2 @ z.T, "b2": d2}
            p = {k: p[k] - lr * g[k] for k in p}
        pred = sigmoid(p["W2"] @ sigmoid(p["W1"] @ X.T + p["b1"]) + p["b2"]).ravel()
        observe(epoch=epoch, loss=cost / 4, params=p, grads={"d" + k: v for k, v in g.items()}, lr=lr,
                predictions=pred, targets=Y)
        trace["losses"].append(cost / 4)
        trace["pred"] = pred
    return trace


SYMPTOMS = [
    Symptom("constant-output", "every final prediction within 0.05 of the label mean 0.5",
            lambda t: bool(np.all(np.abs(t["pred"] - 0.5) < 0.05))),
    Symptom("loss-plateau", "the cost moves < 5% over the second half", lambda t: flat(t["losses"])),
]
