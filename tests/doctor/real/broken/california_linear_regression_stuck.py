"""The same regression at lr 1e-7: no NaN, but the loss barely moves from where it started."""
import numpy as np

from doctor_corpus import Symptom, california_like

SOURCE = "https://thepalindrome.org/p/linear-regression-and-the-exploding-gradients"
DIAGNOSIS = ("One notch lower, lr 1e-7, and gradient descent no longer explodes but gets stuck at the start: the "
             "learning rate small enough for the population feature is far too small for all the others. "
             "Standardise the features; then a normal learning rate works.")
CHOICES = ("As california_linear_regression_nan with lr 1e-7 and 150 steps; observe gets loss, params, grads "
           "and the raw inputs.")


def run(observe, epochs=150, lr=1e-7):
    X, y = california_like()
    p = {"w": np.zeros(8), "b": np.array(0.0)}
    trace = {"losses": [], "X": X, "y": y}
    for epoch in range(epochs):
        err = X @ p["w"] + p["b"] - y
        loss = float(np.mean(err ** 2))
        g = {"w": 2 * X.T @ err / len(y), "b": 2 * err.mean()}
        for k in p:
            p[k] = p[k] - lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X)
        trace["losses"].append(loss)
    return trace


def _standardized_loss(t):
    """What plain gradient descent reaches in 150 steps (lr 0.1) on standardized features."""
    X, y = t["X"], t["y"]
    Z = (X - X.mean(0)) / X.std(0)
    w, b = np.zeros(8), 0.0
    for _ in range(150):
        err = Z @ w + b - y
        w, b = w - 0.1 * 2 * Z.T @ err / len(y), b - 0.1 * 2 * err.mean()
    return float(np.mean((Z @ w + b - y) ** 2))


SYMPTOMS = [
    Symptom("unscaled-inputs", "population reaches thousands", lambda t: t["X"].max() > 1000),
    Symptom("loss-plateau", "over the second half the loss stays > 3x what standardized features reach",
            lambda t: min(t["losses"][75:]) > 3 * _standardized_loss(t)),
]
