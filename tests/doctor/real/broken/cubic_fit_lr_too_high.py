"""Fitting a cubic a x^3 + b x^2 + c x + d by gradient descent with lr 0.01: the cost explodes."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, grad_norm

SOURCE = "https://stackoverflow.com/questions/53150309/cost-value-doesnt-decrease-when-using-gradient-descent"
DIAGNOSIS = ("The gradients are right; the learning rate is too large for features as big as x^3: with lr=1e-4 the"
             " cost decreases (the accepted answer).")
CHOICES = ("x uniform in [-5, 5] (the post's data sit on pastebin), y = 0.5 x^3 - 0.5 x^2 - 2 x + 1 plus noise; "
           "the post's start a, b, c, d = 0.02, 0.001, 0.002, -0.04; its cost (mean squared error) and gradients; "
           "lr 0.01, 40 steps; observe gets loss, params, grads, predictions and targets.")


def run(observe, epochs=40, lr=0.01):
    rng = np.random.default_rng(0)
    x = rng.uniform(-5, 5, 200)
    y = 0.5 * x ** 3 - 0.5 * x ** 2 - 2 * x + 1 + rng.normal(0, 1, 200)
    p = {"a": np.array(0.02), "b": np.array(0.001), "c": np.array(0.002), "d": np.array(-0.04)}
    trace = {"losses": [], "grad_norms": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            y_hat = p["a"] * x ** 3 + p["b"] * x ** 2 + p["c"] * x + p["d"]
            loss = float(np.mean((y_hat - y) ** 2))
            m = len(y)
            g = {"a": 2 / m * np.sum((y_hat - y) * x ** 3), "b": 2 / m * np.sum((y_hat - y) * x ** 2),
                 "c": 2 / m * np.sum((y_hat - y) * x), "d": 2 / m * np.sum(y_hat - y)}
            for k in p:
                p[k] = p[k] - lr * g[k]
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=y_hat, targets=y)
            trace["losses"].append(loss)
            trace["grad_norms"].append(grad_norm(g))
    return trace


SYMPTOMS = [
    EXPLODING_GRADIENTS,
    LOSS_EXPLODES,
    Symptom("lr-too-high", "the same loop with lr 1e-4 lowers the cost", lambda t: (
        lambda L: L[-1] < L[0])(run(lambda **record: None, 40, 1e-4)["losses"])),
]
