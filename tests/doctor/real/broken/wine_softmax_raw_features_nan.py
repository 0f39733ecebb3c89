"""Softmax regression on the 13 raw wine measurements in the column layout Z = W @ X + b (X of shape (13, 177)):
one feature (proline) runs into the thousands while others are below 1, so at a learning rate above 0.003 the
first steps throw the logits into the thousands, the unguarded exp overflows and the cost turns NaN."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, first_non_finite, grad_norm

HELD_OUT = True
ROUND = 6
SOURCE = "https://example-a.com/answer/62021248"
DIAGNOSIS = ("The asker's own answer: the printed cost grew because it was accumulated (cost += ...) over the "
             "iterations, and the learning rate was too big for the problem, so the cost overshot and became NaN; "
             "the features have very different ranges (one from -1 to 1, another in the thousands), which limits "
             "the usable learning rate: normalise them.")
CHOICES = ("scikit-learn's wine data (13 features, 3 classes; the post's shapes (13, 177) and (3, 177) one-hot), "
           "raw; W = randn(3, 13) * 0.01 and a scalar b = 0 as posted, the unguarded softmax exp(Z) / sum(exp(Z)),"
           " dW = (A - y) @ X.T / m and a scalar db = sum(A - y) / m; learning rate 0.01 (the post: above 0.003 "
           "the cost becomes NaN) for 100 iterations; we observe the cost of each iteration (the answer's first "
           "fix: no +=) with W and b, dW and db, lr, inputs (13, 177), one-hot targets (3, 177) and predictions A.")


def data():
    from sklearn.datasets import load_wine
    wine = load_wine()
    X, labels = wine.data[:177].T, wine.target[:177]
    y = np.zeros((3, 177))
    y[labels, np.arange(177)] = 1
    return X, y


def run(observe, iterations=100, alpha=0.01):
    X, y = data()
    m = X.shape[1]
    W = np.random.default_rng(0).standard_normal((3, X.shape[0])) * 0.01
    b = 0.0
    trace = {"losses": [], "grad_norms": [], "X": X}
    for i in range(iterations):
        Z = W @ X + b
        t = np.exp(Z)
        A = t / np.sum(t, axis=0)
        cost = float(np.sum(-y * np.log(A)) / m)
        dZ = A - y
        dW = dZ @ X.T / m
        db = np.sum(dZ) / m
        observe(epoch=i, loss=cost, params={"W": W, "b": b}, grads={"dW": dW, "db": db}, lr=alpha, inputs=X,
                targets=y, predictions=A)
        trace["losses"].append(cost)
        trace["grad_norms"].append(grad_norm({"W": dW}))
        W = W - alpha * dW
        b = b - alpha * db
    return trace


def _feature_spread(t):
    spread = t["X"].std(axis=1)
    return float(spread.max() / spread.min())


def _small_lr_falls(t):
    """The same loop at lr 3e-5 (1/300 of ours) stays finite and ends below half its first cost (at the post's
    0.0001 the raw features still make it oscillate upwards here)."""
    small = run(lambda **r: None, alpha=3e-5)["losses"]
    return bool(np.all(np.isfinite(small)) and small[-1] < 0.5 * small[0])


SYMPTOMS = [
    Symptom("non-finite", "the cost is NaN or inf within the first 20 iterations",
            lambda t: first_non_finite(t["losses"]) is not None and first_non_finite(t["losses"]) < 20),
    LOSS_EXPLODES,
    EXPLODING_GRADIENTS,
    Symptom("unscaled-inputs", "the features' standard deviations differ by more than 1000x (proline ~315 vs hue "
            "~0.23) and a feature exceeds 1000", lambda t: _feature_spread(t) > 1000 and t["X"].max() > 1000),
    Symptom("lr-too-high", "the same loop at lr 3e-5 stays finite and ends below half its first cost", _small_lr_falls),
]
