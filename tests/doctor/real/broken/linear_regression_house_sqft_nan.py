"""Multiple linear regression by hand on raw square feet (2104 ...) and prices (399900 ...): NaN."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, first_non_finite, grad_norm

SOURCE = ("https://stackoverflow.com/questions/48497092/did-not-find-slope-and-intercept-in-multiple-linear-"
          "regression-nan-value-coming")
DIAGNOSIS = ("Not a programming error: with features in the thousands and targets in the hundreds of thousands, "
             "each step with alpha = 0.001 overshoots more than the last, the numbers pass float64's maximum and "
             "become inf, then NaN. Scale the features (and the targets) or use a far smaller alpha.")
CHOICES = ("The post's six rows and targets; b, m1, m2 start at 0 and are updated together per pass as posted; "
           "the loss the user would print is the mean squared error; 100 passes of the post's 1,500; observe "
           "gets loss, params, grads, inputs, targets and predictions.")

X = np.array([[1, 2104, 3], [1, 1600, 3], [1, 2400, 3], [1, 1416, 2], [1, 3000, 4], [1, 1985, 4]], dtype=float)
y = np.array([399900, 329900, 369000, 232000, 539900, 299900], dtype=float)


def run(observe, epochs=100, alpha=0.001):
    p = {"b": np.array(0.0), "m1": np.array(0.0), "m2": np.array(0.0)}
    trace = {"losses": [], "grad_norms": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            h = p["m1"] * X[:, 1] + p["m2"] * X[:, 2] + p["b"]
            loss = float(np.mean((y - h) ** 2))
            n = len(y)
            g = {"b": -(1 / n) * np.sum(X[:, 0] * (y - h)), "m1": -(1 / n) * np.sum(X[:, 1] * (y - h)),
                 "m2": -(1 / n) * np.sum(X[:, 2] * (y - h))}
            for k in p:
                p[k] = p[k] - alpha * g[k]
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=alpha, inputs=X[:, 1:], targets=y, predictions=h)
            trace["losses"].append(loss)
            trace["grad_norms"].append(grad_norm(g))
    return trace


SYMPTOMS = [
    EXPLODING_GRADIENTS,
    Symptom("unscaled-inputs", "square feet in the thousands", lambda t: X[:, 1].max() > 1000),
    LOSS_EXPLODES,
    Symptom("non-finite", "the loss becomes inf or NaN", lambda t: first_non_finite(t["losses"]) is not None),
    Symptom("lr-too-high", "the same loop with alpha 1e-8 lowers the loss instead", lambda t: _decreases(1e-8)),
]


def _decreases(alpha, epochs=50):
    losses = run(lambda **record: None, epochs, alpha)["losses"]
    return losses[-1] < losses[0]
