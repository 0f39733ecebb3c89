"""Logistic regression started from all-zero weights: one layer has no symmetry to break, so it learns."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
SOURCE = "https://community.deeplearning.ai/t/zeros-initialization-for-weights-matrices/116850"
DIAGNOSIS = ("The thread's point: zero initialisation fails for hidden layers (every unit gets the same update), "
             "but a single sigmoid unit (logistic regression) trains fine from zeros: dw = X (A - Y)^T / m is not "
             "zero because A - Y is not.")
CHOICES = ("sklearn's breast-cancer data standardised per feature (30 features, 569 samples), features on axis 0 "
           "as in the course (w of shape (30, 1), X of shape (30, m)), w = 0, b = 0, lr 0.1, 300 iterations, "
           "cross-entropy; observe gets loss, params, grads, lr, inputs, targets and predictions (samples on "
           "axis 1, as the course keeps them).")


def data():
    from sklearn.datasets import load_breast_cancer
    X, y = load_breast_cancer(return_X_y=True)
    X = (X - X.mean(0)) / X.std(0)
    return X.T, y.reshape(1, -1).astype(float)


def run(observe, iterations=300, lr=0.1):
    X, Y = data()
    m = X.shape[1]
    p = {"w": np.zeros((30, 1)), "b": np.zeros((1, 1))}
    trace = {"losses": []}
    for i in range(iterations):
        A = sigmoid(p["w"].T @ X + p["b"])
        loss = float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
        g = {"w": X @ (A - Y).T / m, "b": np.mean(A - Y, keepdims=True)}
        p = {k: p[k] - lr * g[k] for k in p}
        observe(epoch=i, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=Y, predictions=A)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean((A > 0.5) == Y))
    return trace


SYMPTOMS = [Symptom(None, "training accuracy above 95%", lambda t: t["accuracy"] > 0.95)]
