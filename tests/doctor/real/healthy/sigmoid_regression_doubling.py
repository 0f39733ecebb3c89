"""A 1-2-1 sigmoid/linear net learning y = 2x from four points (a from-scratch notebook)."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = "https://github.com/binita0401/Neural-Network-implementation-from-scratch."
DIAGNOSIS = ("A working notebook: X = [1, 2, 3, 4], y = 2x, np.random.seed(0), W ~ randn, zero biases, lr 0.01, "
             "mean squared error; the loss falls from ~9 to 0.036 by epoch 900.")
CHOICES = ("The notebook's data, seed, shapes, init and lr; 1,000 epochs (its one warm-up step left out), "
           "observed every 5th (200 observations) with loss, params, grads, predictions and targets.")

X = np.array([[1], [2], [3], [4]], dtype=float)
y = np.array([[2], [4], [6], [8]], dtype=float)


def run(observe, epochs=1000, lr=0.01):
    np.random.seed(0)
    p = {"W1": np.random.randn(1, 2), "b1": np.zeros((1, 2)), "W2": np.random.randn(2, 1), "b2": np.zeros((1, 1))}
    trace = {"losses": []}
    for epoch in range(epochs):
        a1 = sigmoid(X @ p["W1"] + p["b1"])
        y_pred = a1 @ p["W2"] + p["b2"]
        loss = float(np.mean((y - y_pred) ** 2))
        dL_dy = -2 * (y - y_pred) / len(y)
        dz1 = dL_dy @ p["W2"].T * a1 * (1 - a1)
        g = {"W2": a1.T @ dL_dy, "b2": dL_dy.sum(axis=0, keepdims=True), "W1": X.T @ dz1,
             "b1": dz1.sum(axis=0, keepdims=True)}
        for k in p:
            p[k] -= lr * g[k]
        if epoch % 5 == 0:
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=y_pred, targets=y)
            trace["losses"].append(loss)
    return trace


SYMPTOMS = [Symptom(None, "the loss falls below 1% of its start",
                    lambda t: t["losses"][-1] < 0.01 * t["losses"][0])]
