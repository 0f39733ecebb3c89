"""Multivariate linear regression on house prices (size in square feet, bedrooms, price in dollars) by batch gradient
descent, where the update is written theta =- alpha * gradient: Python reads it as theta = -(alpha * gradient), so
each iteration throws the parameters away and replaces them with minus one scaled gradient. With raw features in the
thousands and alpha 0.01 those replacements grow ~5 x 10^4-fold per step, and the cost climbs to inf and NaN."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, first_non_finite

HELD_OUT = True
ROUND = 8
SOURCE = "https://codehunter.cc/a/numpy/python-gradient-descent-cost-keeps-increasing"
DIAGNOSIS = ("The answer: the loop uses =- where it means -=, so theta is reassigned to -(alpha * gradient) instead of "
             "being updated; after that fix, the cost still rises at this learning rate on this data: it only behaved "
             "with alpha = 1e-7 (a cost that increases means first of all a learning rate too large; a gradient check "
             "tells a derivative bug apart).")
CHOICES = ("The post's data is not in our copy: a stand-in of the classic house table (47 houses, size 852-4478 sq ft, "
           "1-5 bedrooms, price ~ $170k-700k, our seed), X (47, 3) with a column of ones, theta (3, 1) zeros, alpha "
           "0.01, cost sum of squared errors / (2m), gradient X.T (X theta - y) / m (right); 100 iterations; the loop "
           "observes each iteration, before its update, the cost, theta, the gradient as 'gradient', lr, inputs, "
           "targets and predictions.")


def house_table(n=47, seed=0):
    rng = np.random.default_rng(seed)
    size = np.clip(rng.normal(2000, 790, n), 852, 4478).round()
    bedrooms = np.clip(np.round(size / 700 + rng.normal(0, 0.7, n)), 1, 5)
    price = 89600 + 139 * size - 8700 * bedrooms + rng.normal(0, 60000, n)
    return np.column_stack([np.ones(n), size, bedrooms]), price.reshape(-1, 1)


X, Y = house_table()


def run(observe, iterations=100, alpha=0.01):
    m = len(Y)
    theta = np.zeros((3, 1))
    trace = {"losses": [], "thetas": [], "grad_norms": []}
    with np.errstate(all="ignore"):
        for it in range(iterations):
            predictions = X @ theta
            cost = float(np.sum((predictions - Y) ** 2) / (2 * m))
            gradient = X.T @ (predictions - Y) / m
            observe(epoch=it, loss=cost, params={"theta": theta}, grads={"gradient": gradient}, lr=alpha, inputs=X,
                    targets=Y, predictions=predictions)
            trace["losses"].append(cost)
            trace["thetas"].append(theta.copy())
            trace["grad_norms"].append(float(np.linalg.norm(gradient)))
            theta = -(alpha * gradient)                 # the post's "theta =- alpha * gradient"
    return trace


def step_ratio(t, k=1):
    """||theta_(k+1) - theta_k|| / ||theta_k|| (k >= 1: theta_0 is all zeros)."""
    a, b = t["thetas"][k], t["thetas"][k + 1]
    return float(np.linalg.norm(b - a) / np.linalg.norm(a))


SYMPTOMS = [
    LOSS_EXPLODES,
    EXPLODING_GRADIENTS,
    Symptom("non-finite", "the cost is inf or NaN from some iteration before 100 on",
            lambda t: first_non_finite(t["losses"]) is not None),
    Symptom("unscaled-inputs", "the size column reaches more than 800 (|x| >= 20) while the bedroom column is <= 5",
            lambda t: X[:, 1].max() > 800 and X[:, 2].max() <= 5),
    Symptom("lr-too-high", "the second step moves theta by more than 1000x its own norm",
            lambda t: step_ratio(t, 1) > 1000),
]
