"""Logistic regression for digit 0 against digit 1 with mini-batch gradient descent, everything in float32: the
example of a 'deep learning with NumPy' blog series that extends its gradient descent to mini-batches."""
import numpy as np

from doctor_corpus import Symptom, digits, sigmoid

HELD_OUT = True
ROUND = 5
SOURCE = "https://artintellica.com/blog/0047-deep-numpy-23-mini-batch.md"
DIAGNOSIS = ("A working tutorial: the cross-entropy gradient X.T @ (p - y) / B on each mini-batch, cycling through "
             "the shuffled batches each epoch; 0-versus-1 is easy and the loss falls fast.")
CHOICES = ("scikit-learn's 8x8 digits 0 and 1 (360 images, pixels / 16) instead of MNIST's; weights and bias as "
           "float32 zeros of shape (64, 1) and (1, 1), inputs float32, batch size 32, lr 0.1 and 10 epochs (the "
           "post's values for this example are not in our copy); observe once per epoch with the float32 loss of "
           "the whole set, W, b and lr (no gradients: the blog's function returns only the parameters).")


def run(observe, epochs=10, lr=0.1, batch=32):
    X, labels = digits(1797, seed=0)
    keep = labels <= 1
    X = (X[keep] / 16).astype(np.float32)
    y = labels[keep].astype(np.float32).reshape(-1, 1)
    W = np.zeros((64, 1), dtype=np.float32)
    b = np.zeros((1, 1), dtype=np.float32)
    rng = np.random.default_rng(0)
    trace = {"losses": []}
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            xb, yb = X[order[start:start + batch]], y[order[start:start + batch]]
            pb = sigmoid(xb @ W + b)
            W = W - np.float32(lr) * (xb.T @ (pb - yb) / np.float32(len(xb)))
            b = b - np.float32(lr) * np.mean(pb - yb, keepdims=True)
        p = sigmoid(X @ W + b)
        loss = -np.mean(y * np.log(p + 1e-7) + (1 - y) * np.log(1 - p + 1e-7))
        observe(epoch=epoch, loss=loss, params={"W": W, "b": b}, lr=lr)
        trace["losses"].append(float(loss))
    trace["accuracy"] = float(np.mean((p > 0.5) == (y > 0.5)))
    trace["dtype"] = (W.dtype, loss.dtype)
    return trace


SYMPTOMS = [Symptom(None, "the loss falls below 0.1 (from 0.69) and at least 99% of the images are right, in float32",
                    lambda t: t["losses"][-1] < 0.1 and t["accuracy"] >= 0.99 and t["dtype"][0] == np.float32)]
