"""Logistic regression on six 2-feature points by per-sample loops: the course lab that separates them."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
SOURCE = "https://github.com/SalmanAhmad-24/Machine-Learning-Course"
DIAGNOSIS = "A working lab: gradient descent drives the cost of the six separable points towards 0."
CHOICES = ("Six points of our own of the lab's kind (two features 0.5-3, three of each class, separable), w = 0, "
           "b = 0, alpha 0.1, 10,000 iterations as in the lab, gradients summed over samples in a Python loop and "
           "divided by m; observe every 100th iteration with loss, params, grads, lr, inputs, targets, "
           "predictions.")

X = np.array([[0.5, 1.0], [1.2, 1.1], [1.4, 0.6], [2.8, 0.7], [2.1, 2.0], [1.2, 2.6]])
Y = np.array([0, 0, 0, 1, 1, 1], dtype=float)


def run(observe, iterations=10000, lr=0.1):
    p = {"w": np.zeros(2), "b": np.array(0.0)}
    trace = {"losses": []}
    for i in range(iterations):
        dw, db, cost = np.zeros(2), 0.0, 0.0
        for x, y in zip(X, Y):
            f = sigmoid(x @ p["w"] + p["b"])
            cost += -y * np.log(f) - (1 - y) * np.log(1 - f)
            dw, db = dw + (f - y) * x, db + (f - y)
        g = {"w": dw / len(X), "b": np.array(db / len(X))}
        p = {k: p[k] - lr * g[k] for k in p}
        if i % 100 == 0:
            observe(epoch=i, loss=float(cost / len(X)), params=p, grads=g, lr=lr, inputs=X, targets=Y,
                    predictions=sigmoid(X @ p["w"] + p["b"]))
            trace["losses"].append(float(cost / len(X)))
    trace["out"] = sigmoid(X @ p["w"] + p["b"])
    return trace


SYMPTOMS = [Symptom(None, "every sample on the right side of 0.5 and the cost below 0.2",
                    lambda t: np.all((t["out"] > 0.5) == (Y == 1)) and t["losses"][-1] < 0.2)]
