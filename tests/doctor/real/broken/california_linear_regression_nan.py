"""Linear regression by gradient descent on raw California-housing features: NaN at lr 1e-6."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, california_like, first_non_finite, grad_norm

SOURCE = "https://thepalindrome.org/p/linear-regression-and-the-exploding-gradients"
DIAGNOSIS = ("The features live on wildly different scales (population in the tens of thousands): the gradient of "
             "that feature is orders of magnitude larger than the others, one step overshoots, the next overshoots"
             " more, and the parameters become NaN; lowering the learning rate to 1e-6 still gives NaN (1e-7 gets "
             "stuck). Standardise the features.")
CHOICES = ("400 samples of the same kind and scale as California housing (generated, no download); weights and "
           "bias start at 0; mean squared error, full batch, lr 1e-6 as in the post; 220 steps; observe gets "
           "loss, params and grads only.")


def run(observe, epochs=220, lr=1e-6, standardize=False, pass_inputs=False):
    """The regression loop; ``standardize`` and ``pass_inputs`` serve the stuck and the healthy variants."""
    X, y = california_like()
    if standardize:
        X = (X - X.mean(0)) / X.std(0)
    p = {"w": np.zeros(8), "b": np.array(0.0)}
    trace = {"losses": [], "grad_norms": [], "X": X, "y": y}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            err = X @ p["w"] + p["b"] - y
            loss = float(np.mean(err ** 2))
            g = {"w": 2 * X.T @ err / len(y), "b": 2 * err.mean()}
            for k in p:
                p[k] = p[k] - lr * g[k]
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, **({"inputs": X} if pass_inputs else {}))
            trace["losses"].append(loss)
            trace["grad_norms"].append(grad_norm(g))
    return trace


SYMPTOMS = [
    EXPLODING_GRADIENTS,
    LOSS_EXPLODES,
    Symptom("non-finite", "the loss becomes inf or NaN", lambda t: first_non_finite(t["losses"]) is not None),
    Symptom("lr-too-high", "the same loop with lr 1e-9 lowers the loss", lambda t: _final(1e-9) < _final(1e-9, 1)),
]


def _final(lr, epochs=40):
    return run(lambda **record: None, epochs, lr)["losses"][-1]
