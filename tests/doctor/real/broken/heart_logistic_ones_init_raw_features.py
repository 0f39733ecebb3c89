"""Logistic regression on 13 raw heart-disease features (cholesterol in the hundreds) with every weight 1: the
sigmoid is exactly 1 from the start, log(1 - h) is -inf and the cost is NaN."""
import numpy as np

from doctor_corpus import Symptom, non_finite, sigmoid

HELD_OUT = True
ROUND = 3
SOURCE = "https://example-a.com/answer/64676510"
DIAGNOSIS = ("The answer: np.log(0) is the division by zero: with theta all ones and the raw features (the min-max "
             "normalised copy is computed but X is still taken from the raw values) x @ theta is in the hundreds, "
             "the sigmoid rounds to exactly 1, and (1 - y) log(1 - h) gives nan. Normalise the features actually "
             "used, start from small or zero weights, and guard the log.")
CHOICES = ("303 patients of our own with the 13 columns of the Kaggle heart set at their usual scales (age 29-77, "
           "resting pressure ~131, cholesterol ~246, max heart rate ~150, the rest 0-6), a target that depends on "
           "a few of them; theta = ones(13) as posted, no intercept, lr 0.01, cost = mean cross-entropy with the "
           "unguarded logs as posted, 100 iterations of plain gradient descent; observe with loss, params, grads, "
           "lr, inputs, targets and predictions.")


def data(n=303):
    rng = np.random.default_rng(7)
    X = np.column_stack([rng.integers(29, 78, n), rng.integers(0, 2, n), rng.integers(0, 4, n),
                         rng.normal(131, 17, n).round(), rng.normal(246, 51, n).round(), rng.integers(0, 2, n),
                         rng.integers(0, 3, n), rng.normal(150, 23, n).round(), rng.integers(0, 2, n),
                         rng.uniform(0, 6.2, n).round(1), rng.integers(0, 3, n), rng.integers(0, 5, n),
                         rng.integers(0, 4, n)]).astype(float)
    score = 0.04 * (X[:, 7] - 150) - 0.6 * X[:, 9] + 0.8 * X[:, 2] - 0.9 * X[:, 8] + rng.normal(0, 1, n)
    return X, (score > 0).astype(float).reshape(-1, 1)


def run(observe, iterations=100, lr=0.01):
    X, y = data()
    theta = np.ones((13, 1))
    trace = {"losses": [], "out": None}
    with np.errstate(all="ignore"):
        for i in range(iterations):
            h = sigmoid(X @ theta)
            loss = float(np.mean(-y * np.log(h) - (1 - y) * np.log(1 - h)))
            grad = X.T @ (h - y) / len(X)
            theta = theta - lr * grad
            observe(epoch=i, loss=loss, params={"theta": theta}, grads={"dtheta": grad}, lr=lr, inputs=X,
                    targets=y, predictions=h)
            trace["losses"].append(loss)
            trace["out"] = h
    return trace


SYMPTOMS = [
    Symptom("non-finite", "the cost is NaN at the first iteration", lambda t: non_finite(t["losses"][:1])),
    Symptom("unscaled-inputs", "a feature reaches 200 or more (cholesterol)", lambda t: data()[0].max() >= 200),
    Symptom("saturated-activation", "more than 90% of the sigmoid outputs are within 1e-3 of 0 or 1 at the end",
            lambda t: float(np.mean((t["out"] < 1e-3) | (t["out"] > 1 - 1e-3))) > 0.9),
]
