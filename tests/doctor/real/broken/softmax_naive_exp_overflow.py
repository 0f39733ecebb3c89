"""Softmax regression on raw pixel counts with exp(z) / sum(exp(z)): the logits grow, exp overflows, NaN."""
import numpy as np

from doctor_corpus import Symptom, digits, first_non_finite, one_hot

HELD_OUT = True
ROUND = 2
SOURCE = "https://github.com/frank690/sffresch-code"
DIAGNOSIS = ("The notebook: applying exp to large logits overflows to inf (and tiny ones underflow to 0), and "
             "inf / inf is NaN; subtract the largest logit before exponentiating.")
CHOICES = ("The notebook shows the overflow on single vectors; we train a softmax regression that meets it: "
           "sklearn's digits with raw pixel values 0-16 (not divided by 16), 500 samples, W ~ N(0, 1), b = 0, "
           "cross-entropy, gradients averaged, lr 0.5, 40 full-batch epochs; observe gets loss, params, grads, "
           "lr, predictions and one-hot targets.")


def naive_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def run(observe, epochs=40, lr=0.5):
    X, labels = digits(500)
    Y = one_hot(labels, 10)
    rng = np.random.default_rng(0)
    p = {"W": rng.standard_normal((64, 10)), "b": np.zeros((1, 10))}
    trace = {"losses": [], "logits": []}
    for epoch in range(epochs):
        z = X @ p["W"] + p["b"]
        a = naive_softmax(z)
        loss = float(-np.sum(Y * np.log(a)) / len(X))
        g = {"W": X.T @ (a - Y) / len(X), "b": (a - Y).mean(0, keepdims=True)}
        p = {k: p[k] - lr * g[k] for k in p}
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=a, targets=Y)
        trace["losses"].append(loss)
        trace["logits"].append(float(np.nanmax(np.abs(z))))
    return trace


SYMPTOMS = [Symptom("non-finite", "the loss becomes NaN or inf (the logits pass exp's float64 limit of ~709)",
                    lambda t: first_non_finite(t["losses"]) is not None)]
