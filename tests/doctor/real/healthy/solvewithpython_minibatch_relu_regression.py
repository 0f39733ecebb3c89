"""A small ReLU regression network trained with mini-batches of 32, in the layout of a tutorial series that keeps
W as (units, inputs) and computes X @ W.T + b for a whole batch, with gradients averaged over the batch."""
import numpy as np

from doctor_corpus import Symptom

HELD_OUT = True
ROUND = 5
SOURCE = "https://solvewithpython.com/neural-networks/batch-and-mini-batch-training-removing-the-last-loop"
DIAGNOSIS = ("A working tutorial: the same forward and backward pass as per-sample SGD, vectorised over a batch (Z "
             "= X @ W.T + b, dW = dZ.T @ X / B), with one update per mini-batch; the loss falls steadily.")
CHOICES = ("400 samples of our own, three standard-normal features and the target sin(x1) + 0.5 x2^2 - 0.8 x3 plus "
           "noise 0.1; a 3-16-1 network with a ReLU hidden layer and a linear output, W (units, inputs) He-scaled, "
           "zero biases of shape (units,), the MSE, batches of 32 reshuffled each epoch, lr 0.05 and 60 epochs (the"
           " article shows the method, not these numbers); observe once per epoch after the last batch, with that "
           "batch's loss, inputs, targets, predictions and gradients, the parameters and lr.")


def data(n=400):
    rng = np.random.default_rng(8)
    X = rng.standard_normal((n, 3))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1] ** 2 - 0.8 * X[:, 2] + rng.normal(0, 0.1, n)
    return X, y.reshape(-1, 1)


def run(observe, epochs=60, lr=0.05, batch=32):
    X, y = data()
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((16, 3)) * np.sqrt(2 / 3), "b1": np.zeros(16),
         "W2": rng.standard_normal((1, 16)) * np.sqrt(2 / 16), "b2": np.zeros(1)}
    trace = {"full": []}
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            xb, yb = X[order[start:start + batch]], y[order[start:start + batch]]
            z1 = xb @ p["W1"].T + p["b1"]
            a1 = np.maximum(0, z1)
            pred = a1 @ p["W2"].T + p["b2"]
            loss = float(np.mean((pred - yb) ** 2))
            dz2 = 2 * (pred - yb) / len(xb)
            dz1 = (dz2 @ p["W2"]) * (z1 > 0)
            g = {"dW2": dz2.T @ a1, "db2": dz2.sum(axis=0), "dW1": dz1.T @ xb, "db1": dz1.sum(axis=0)}
            p = {k: p[k] - lr * g["d" + k] for k in p}
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=xb, targets=yb, predictions=pred)
        full = np.maximum(0, X @ p["W1"].T + p["b1"]) @ p["W2"].T + p["b2"]
        trace["full"].append(float(np.mean((full - y) ** 2)))
    trace["var"] = float(np.var(y))
    return trace


SYMPTOMS = [Symptom(None, "the MSE over all 400 samples ends below 10% of the targets' variance",
                    lambda t: t["full"][-1] < 0.1 * t["var"])]
