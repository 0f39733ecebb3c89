"""Logistic regression trained hard on separable data: the cost becomes NaN once a prediction rounds to 1."""
import numpy as np

from doctor_corpus import Symptom, first_non_finite, sigmoid

SOURCE = "https://community.deeplearning.ai/t/cost-nan/754037"
DIAGNOSIS = ("The cost becomes NaN when yhat rounds to exactly 0 or 1 in floating point (z > ~37 gives sigmoid(z) "
             "= 1.0), where (1 - y) log(1 - yhat) is 0 * -inf: instrument how close the values get, use a smaller "
             "learning rate or fewer iterations, or guard the cost against log(0).")
CHOICES = ("200 samples of two well separated 2-D blobs (centres +-3, sd 1), w and b zero, full-batch descent "
           "with lr 5 for 200 iterations (the thread does not show the data or the lr): one step already pushes "
           "the far samples past z = 37, so the cost is NaN from the second iteration while every prediction "
           "is right; the unguarded cross-entropy; observe gets loss, params, grads, predictions and targets.")


def run(observe, epochs=200, lr=5.0):
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-3, 1, (100, 2)), rng.normal(3, 1, (100, 2))])
    y = np.repeat([0.0, 1.0], 100).reshape(-1, 1)
    p = {"w": np.zeros((2, 1)), "b": np.zeros(1)}
    trace = {"losses": [], "accuracy": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            yhat = sigmoid(X @ p["w"] + p["b"])
            cost = float(-np.mean(y * np.log(yhat) + (1 - y) * np.log(1 - yhat)))
            dz = (yhat - y) / len(X)
            g = {"w": X.T @ dz, "b": dz.sum(0)}
            for k in p:
                p[k] = p[k] - lr * g[k]
            observe(epoch=epoch, loss=cost, params=p, grads=g, lr=lr, predictions=yhat, targets=y)
            trace["losses"].append(cost)
            trace["accuracy"].append(float(np.mean((yhat > 0.5) == y)))
    return trace


SYMPTOMS = [
    Symptom("non-finite", "the cost becomes NaN while the accuracy is 100%",
            lambda t: first_non_finite(t["losses"]) is not None and t["accuracy"][-1] == 1.0),
]
