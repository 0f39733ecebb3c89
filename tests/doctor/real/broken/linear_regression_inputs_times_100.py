"""y = 5x + 3 by gradient descent: fine for x in [0, 1), NaN for x in [0, 100)."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, first_non_finite, grad_norm

SOURCE = "https://mejorcodigo.com/p/45698.html"
DIAGNOSIS = ("Nothing is wrong in the code: gradient descent on a linear regression only converges when the "
             "learning rate is small enough for the data's scale; multiplying x by 100 multiplies the curvature by"
             " 10,000, so lr = 0.01 now overshoots and the gradients explode to NaN.")
CHOICES = ("The post's class as a loop: x = rand(1, 500) * 100 with features on axis 0 and samples on axis 1, "
           "w zeros (1, 1), c = 0, lr 0.01; 90 of its 2,000 iterations; observe gets loss, params, grads and "
           "inputs / targets / predictions transposed to samples on axis 0.")


def run(observe, epochs=90, lr=0.01, scale=100.0):
    rng = np.random.default_rng(0)
    x = rng.random((1, 500)) * scale
    y = 5 * x + 3 + rng.standard_normal((1, 500)) * 0.1
    m = x.shape[1]
    p = {"w": np.zeros((1, 1)), "c": np.array(0.0)}
    trace = {"losses": [], "grad_norms": [], "x": x}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            yhat = p["w"].T @ x + p["c"]
            loss = float(np.mean((yhat - y) ** 2))
            g = {"dlw": (2 / m) * x @ (yhat - y).T, "dlc": (2 / m) * np.sum(yhat - y)}
            p["w"] = p["w"] - lr * g["dlw"]
            p["c"] = p["c"] - lr * g["dlc"]
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=x.T, targets=y.T, predictions=yhat.T)
            trace["losses"].append(loss)
            trace["grad_norms"].append(grad_norm(g))
    return trace


SYMPTOMS = [
    EXPLODING_GRADIENTS,
    Symptom("unscaled-inputs", "x reaches ~100", lambda t: t["x"].max() > 50),
    LOSS_EXPLODES,
    Symptom("non-finite", "the loss becomes inf or NaN", lambda t: first_non_finite(t["losses"]) is not None),
    Symptom("lr-too-high", "the same loop with lr 1e-5 lowers the loss", lambda t: (
        lambda L: L[-1] < L[0])(run(lambda **record: None, 50, 1e-5)["losses"])),
]
