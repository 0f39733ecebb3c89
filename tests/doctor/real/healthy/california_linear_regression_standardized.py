"""The California-housing regression of the exploding-gradients post, with standardised features."""
import numpy as np

from doctor_corpus import Symptom, california_like

SOURCE = "https://thepalindrome.org/p/linear-regression-and-the-exploding-gradients"
DIAGNOSIS = "The post's fix: standardise the features; gradient descent then converges with a normal learning rate."
CHOICES = ("Same generated data as the broken cases, features standardised with the training mean and "
           "standard deviation, lr 0.1, 150 steps; observe gets loss, params, grads and the standardised inputs.")


def run(observe, epochs=150, lr=0.1):
    X, y = california_like()
    Z = (X - X.mean(0)) / X.std(0)
    p = {"w": np.zeros(8), "b": np.array(0.0)}
    trace = {"losses": [], "var": float(np.var(y))}
    for epoch in range(epochs):
        err = Z @ p["w"] + p["b"] - y
        loss = float(np.mean(err ** 2))
        g = {"w": 2 * Z.T @ err / len(y), "b": 2 * err.mean()}
        for k in p:
            p[k] = p[k] - lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=Z)
        trace["losses"].append(loss)
    return trace


SYMPTOMS = [Symptom(None, "the final MSE is below half the targets' variance (R^2 > 0.5)",
                    lambda t: t["losses"][-1] < 0.5 * t["var"])]
