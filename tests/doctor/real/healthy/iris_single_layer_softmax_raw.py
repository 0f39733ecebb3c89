"""A single-layer softmax classifier on the raw iris measurements, features on axis 0 (W.T @ X)."""
import numpy as np

from doctor_corpus import Symptom

SOURCE = ("http://krarm.kinzhi.net/dpb44/Exploring-the-Intuition-of-Neural-Networks-on-a-Classification-"
          "Problem-Using-Only-NumPy")
DIAGNOSIS = ("A working project: Z = W.T @ X + b, softmax over the classes (axis 0), cross-entropy against "
             "one-hot labels, gradient descent; raw measurements (0.1-7.9 cm), no scaling.")
CHOICES = ("All 150 iris samples, unscaled, X of shape (4, 150); W zeros (4, 3), b zeros (3, 1); lr 0.1, 400 "
           "iterations; observe gets loss, params, grads, the (150, 3) probabilities and the integer labels.")


def run(observe, epochs=400, lr=0.1):
    from sklearn.datasets import load_iris
    data = load_iris()
    X, labels = data.data.T, data.target
    m = X.shape[1]
    Y = np.eye(3)[labels].T
    p = {"W": np.zeros((4, 3)), "b": np.zeros((3, 1))}
    trace = {"losses": []}
    for epoch in range(epochs):
        Z = p["W"].T @ X + p["b"]
        e = np.exp(Z - Z.max(axis=0))
        y_hat = e / e.sum(axis=0, keepdims=True)
        loss = float(-np.sum(Y * np.log(y_hat)) / m)
        dZ = (y_hat - Y) / m
        g = {"W": X @ dZ.T, "b": dZ.sum(axis=1, keepdims=True)}
        for k in p:
            p[k] -= lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=y_hat.T, targets=labels)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean(np.argmax(y_hat, axis=0) == labels))
    return trace


SYMPTOMS = [Symptom(None, "training accuracy above 90% and the loss below a third of log 3",
                    lambda t: t["accuracy"] > 0.9 and t["losses"][-1] < np.log(3) / 3)]
