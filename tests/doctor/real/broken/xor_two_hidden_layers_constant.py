"""XOR on a 2-3-3-1 sigmoid net, 1,000 random samples, 10 epochs: the same output for every input."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, flat, gradients_vanish, sigmoid

SOURCE = "https://datascience.stackexchange.com/questions/68362/neural-network-does-not-work-on-xor"
DIAGNOSIS = ("(No answer in the copy of the thread we could read; our reading of the posted code.) AND and OR are "
             "learned but XOR is not: with two hidden layers of three sigmoid units the net outputs 0.712 for all "
             "four inputs (a 2-2-1 net gives 0.253 / 0.793 / 0.793 / 0.793). Ten epochs of per-sample updates from"
             " this start leave the net at the mean-like constant; XOR needs the hidden units to separate first, "
             "which takes far more updates (or a larger learning rate).")
CHOICES = ("1,000 random XOR patterns from np.random.seed(1) as posted, per-sample SGD on squared error, lr 0.1, "
           "weights uniform(-1, 1) and biases 0 (the post's HiddenLayer class is not shown), 10 epochs; the "
           "loss is the mean squared error over the 1,000 samples; observe gets loss, params, the last "
           "sample's grads and the four truth-table outputs as predictions with their targets.")

TABLE = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float)
TABLE_Y = np.array([[0], [1], [1], [0]], dtype=float)


def forward(p, X):
    h1 = sigmoid(X @ p["W1"] + p["b1"])
    h2 = sigmoid(h1 @ p["W2"] + p["b2"])
    return h1, h2, sigmoid(h2 @ p["W3"] + p["b3"])


def run(observe, epochs=10, lr=0.1):
    np.random.seed(1)
    X = np.random.randint(0, 2, size=(1000, 2)).astype(float)
    Y = (X[:, :1] != X[:, 1:]).astype(float)
    p = {"W1": np.random.uniform(-1, 1, (2, 3)), "b1": np.zeros(3), "W2": np.random.uniform(-1, 1, (3, 3)),
         "b2": np.zeros(3), "W3": np.random.uniform(-1, 1, (3, 1)), "b3": np.zeros(1)}
    trace = {"losses": []}
    for epoch in range(epochs):
        for i in range(len(X)):
            x, y = X[i:i + 1], Y[i:i + 1]
            h1, h2, o = forward(p, x)
            d3 = (o - y) * o * (1 - o)
            d2 = d3 @ p["W3"].T * h2 * (1 - h2)
            d1 = d2 @ p["W2"].T * h1 * (1 - h1)
            g = {"W3": h2.T @ d3, "b3": d3.sum(0), "W2": h1.T @ d2, "b2": d2.sum(0), "W1": x.T @ d1, "b1": d1.sum(0)}
            for k in p:
                p[k] -= lr * g[k]
        loss = float(np.mean((forward(p, X)[2] - Y) ** 2))
        out = forward(p, TABLE)[2]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=out, targets=TABLE_Y)
        trace["losses"].append(loss)
    trace["out"] = out
    trace["last"] = ({k: np.array(v, dtype=float) for k, v in p.items()},
                     {k: np.array(v, dtype=float) for k, v in g.items()})
    return trace


SYMPTOMS = [
    Symptom("constant-output", "the four truth-table outputs within 0.02 of each other",
            lambda t: constant_rows(t["out"], 0.02)),
    Symptom("loss-plateau", "the loss moves < 5% over the second half and stays above 0.24 (0.25 = predicting 0.5)",
            lambda t: flat(t["losses"]) and t["losses"][-1] > 0.24),
    Symptom("vanishing-gradients", "at the last step one weight matrix's ||dW|| / ||W|| is < 1e-3 of another's "
            "(or every one < 1e-8)", gradients_vanish),
]
