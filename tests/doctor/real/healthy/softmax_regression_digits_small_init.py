"""Single-layer softmax regression on the digits, weights randn * 0.01 and biases 0: it learns."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, softmax_rows

HELD_OUT = True
SOURCE = "https://errorhandle.ai/implementing-neural-network-using-pure-numpy-softmax-crossentropy"
DIAGNOSIS = "A working example: softmax, cross-entropy with 1e-9 inside the log, dW = X^T (A - Y) / m."
CHOICES = ("The page trains on a 2 x 2 toy; we use its loop on sklearn's digits (pixels / 16), 500 samples, "
           "W = randn * 0.01 and b = 0 as on the page, lr 0.5 (the page's 0.01 is for its toy), 200 iterations; "
           "the loop updates W and b in place inside its backward function, as on the page; observe gets loss, "
           "params, grads, lr, predictions and integer labels as targets.")


def run(observe, iterations=200, lr=0.5):
    X, labels = digits(500)
    X, Y = X / 16.0, one_hot(labels, 10)
    rng = np.random.default_rng(42)
    p = {"W": rng.standard_normal((64, 10)) * 0.01, "b": np.zeros((1, 10))}
    trace = {"losses": []}
    for i in range(iterations):
        A = softmax_rows(X @ p["W"] + p["b"])
        loss = float(-np.sum(Y * np.log(A + 1e-9)) / len(X))
        dZ = A - Y
        g = {"W": X.T @ dZ / len(X), "b": dZ.sum(0, keepdims=True) / len(X)}
        p["W"] -= lr * g["W"]
        p["b"] -= lr * g["b"]
        observe(epoch=i, loss=loss, params=p, grads=g, lr=lr, predictions=A, targets=labels)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean((X @ p["W"] + p["b"]).argmax(1) == labels))
    return trace


SYMPTOMS = [Symptom(None, "training accuracy above 90%", lambda t: t["accuracy"] > 0.9)]
