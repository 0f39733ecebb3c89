"""A 1-3-1 ReLU regression of log(x + 1) with noise, plain gradient descent (a course notebook)."""
import numpy as np

from doctor_corpus import Symptom

SOURCE = "https://github.com/Ishita-01/UCS761_Deep_Learning"
DIAGNOSIS = ("A working notebook: 50 points of log(x + 1) + N(0, 0.2) on [0, 10], weights uniform(-1, 1), zero "
             "biases, lr 0.01, 1,000 epochs; the loss falls from 6.38 to about 0.063 (the noise alone is 0.04).")
CHOICES = ("Same data, layout (samples on axis 0), init, lr and epochs, from our seed 2, a start that learns like "
           "the notebook's (3 of our first 10 seeds kill every ReLU instead); observe every 5th epoch "
           "(200 observations) with loss, params, grads, the hidden activations without a kind, predictions "
           "and targets.")


def run(observe, epochs=1000, lr=0.01):
    rng = np.random.default_rng(2)
    X = np.linspace(0, 10, 50).reshape(-1, 1)
    y = np.log(X + 1) + rng.normal(0, 0.2, size=(50, 1))
    p = {"W1": rng.uniform(-1, 1, size=(1, 3)), "b1": np.zeros((1, 3)),
         "W2": rng.uniform(-1, 1, size=(3, 1)), "b2": np.zeros((1, 1))}
    trace = {"losses": [], "var": float(np.var(y))}
    for epoch in range(epochs):
        z1 = X @ p["W1"] + p["b1"]
        h = np.maximum(0, z1)
        y_hat = h @ p["W2"] + p["b2"]
        loss = float(np.mean((y_hat - y) ** 2))
        dL_dy = 2 * (y_hat - y) / len(X)
        dz1 = dL_dy @ p["W2"].T * (z1 > 0)
        g = {"W2": h.T @ dL_dy, "b2": dL_dy.sum(axis=0, keepdims=True), "W1": X.T @ dz1,
             "b1": dz1.sum(axis=0, keepdims=True)}
        for k in p:
            p[k] -= lr * g[k]
        if epoch % 5 == 0:
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, activations={"hidden": h},
                    predictions=y_hat, targets=y)
            trace["losses"].append(loss)
    return trace


SYMPTOMS = [Symptom(None, "the loss falls below 30% of the targets' variance",
                    lambda t: t["losses"][-1] < 0.3 * t["var"])]
