"""A 784-10-10 ReLU/softmax MNIST net (the Samson Zhang layout) that never updates its biases."""
import numpy as np

from doctor_corpus import Symptom, digits, first_non_finite, one_hot

SOURCE = "https://bot.dharman.net/reports.php?id=1943234"
DIAGNOSIS = ("The asker's own answer: update_params assigned db1 = b1 - alpha * db1 (and db2 likewise), so the "
             "biases never change; what 'changed the game' was scaling the initial weights by sqrt(1/n) and "
             "dividing the pixels by 255, after which 100 iterations reach 90%.")
CHOICES = ("sklearn's digits rescaled to pixels 0-255 (64 instead of 784 inputs), samples on axis 1 as in the "
           "layout the post follows (X of shape (64, m), W1 @ X); W and b ~ N(0, 1) unscaled; alpha 0.1; 60 "
           "iterations; observe gets loss, params, grads and the raw (10, m) predictions with the integer labels, "
           "as a user who did not read about the samples axis would pass them.")


def run(observe, epochs=60, alpha=0.1):
    X, labels = digits(400)
    X = (X * 16).T                                     # (64, m), pixels 0-256
    m = X.shape[1]
    Y = one_hot(labels, 10).T
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((10, 64)), "b1": rng.standard_normal((10, 1)),
         "W2": rng.standard_normal((10, 10)), "b2": rng.standard_normal((10, 1))}
    trace = {"losses": [], "b1": [p["b1"].copy()]}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            Z1 = p["W1"] @ X + p["b1"]
            A1 = np.maximum(Z1, 0)
            Z2 = p["W2"] @ A1 + p["b2"]
            A2 = np.exp(Z2) / np.sum(np.exp(Z2), axis=0)
            loss = float(-np.mean(np.log(A2[labels, np.arange(m)])))
            dZ2 = A2 - Y
            dZ1 = p["W2"].T @ dZ2 * (Z1 > 0)
            g = {"dW2": dZ2 @ A1.T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m,
                 "dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m}
            p["W1"] = p["W1"] - alpha * g["dW1"]
            p["W2"] = p["W2"] - alpha * g["dW2"]
            g["db1"] = p["b1"] - alpha * g["db1"]          # the typo: the biases are never assigned
            g["db2"] = p["b2"] - alpha * g["db2"]
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=alpha, predictions=A2, targets=labels)
            trace["losses"].append(loss)
            trace["b1"].append(p["b1"].copy())
    trace["X"] = X
    return trace


SYMPTOMS = [
    Symptom("unscaled-inputs", "pixels reach 255", lambda t: t["X"].max() >= 200),
    Symptom("weights-not-updating", "b1 is exactly the same after every epoch",
            lambda t: all(np.array_equal(b, t["b1"][0]) for b in t["b1"])),
    Symptom("non-finite", "the loss is NaN (exp of pre-activations in the thousands overflows)",
            lambda t: first_non_finite(t["losses"]) is not None),
]
