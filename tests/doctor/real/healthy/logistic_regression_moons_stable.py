"""Logistic regression on two moons with a numerically stable log-sigmoid: a linear boundary, ~85% accuracy."""
import numpy as np

from doctor_corpus import Symptom, moons, sigmoid

HELD_OUT = True
SOURCE = "https://quanchobi.io/posts/logistic-regression-from-scratch"
DIAGNOSIS = "A working tutorial: logistic regression from scratch on the moons data, validated by its accuracy."
CHOICES = ("make_moons(200, noise 0.2) instead of the tutorial's sample, w = 0, b = 0, loss with log-sigmoid "
           "written as log(1 + exp(-|t|)) pieces, lr 0.5, 500 iterations; observe gets loss, params, grads, lr, "
           "inputs, targets and predictions.")


def log_sigmoid(t):
    return np.minimum(t, 0) - np.log1p(np.exp(-np.abs(t)))


def run(observe, iterations=500, lr=0.5):
    X, y = moons()
    p = {"w": np.zeros(2), "b": np.array(0.0)}
    trace = {"losses": []}
    for i in range(iterations):
        t = X @ p["w"] + p["b"]
        loss = float(-np.mean(y * log_sigmoid(t) + (1 - y) * log_sigmoid(-t)))
        r = sigmoid(t) - y
        g = {"w": X.T @ r / len(y), "b": np.array(np.mean(r))}
        p = {k: p[k] - lr * g[k] for k in p}
        observe(epoch=i, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=y, predictions=sigmoid(t))
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean((X @ p["w"] + p["b"] > 0) == y))
    return trace


SYMPTOMS = [Symptom(None, "training accuracy above 80% (a line cannot do much better on moons)",
                    lambda t: t["accuracy"] > 0.8)]
