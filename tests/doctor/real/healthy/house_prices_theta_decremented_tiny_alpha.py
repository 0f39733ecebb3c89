"""Multivariate linear regression on raw house data (size in square feet, bedrooms, price in dollars) with the
answer's two fixes: theta -= alpha * gradient (not theta =- ...) and alpha = 1e-7, small enough for features in the
thousands. The cost falls ~40x within a few hundred iterations and keeps decreasing."""
import numpy as np

from doctor_corpus import Symptom, load_case_module

HELD_OUT = True
ROUND = 8
SOURCE = "https://codehunter.cc/a/numpy/python-gradient-descent-cost-keeps-increasing"
DIAGNOSIS = ("The answer: use -= (the =- reassigned theta); then, on this data, the cost behaved with alpha = 1e-7 and "
             "converges over many iterations: an increasing cost means first of all a learning rate that is too "
             "large.")
CHOICES = ("The same stand-in house table as the broken case (47 houses, size 852-4478 sq ft, 1-5 bedrooms, price in "
           "dollars, our seed), X (47, 3) with a column of ones, theta zeros, alpha 1e-7, 500 iterations (the answer "
           "runs 1e6 to converge fully); the loop observes every 5th iteration the cost, theta, its gradient, lr, "
           "inputs, targets and predictions.")


# The same table as the broken case (one stand-in, built once).
TWIN = load_case_module("broken", "house_prices_theta_reassigned_not_decremented")
X, Y = TWIN.X, TWIN.Y


def run(observe, iterations=500, alpha=1e-7, every=5):
    m = len(Y)
    theta = np.zeros((3, 1))
    trace = {"losses": []}
    for it in range(iterations):
        predictions = X @ theta
        cost = float(np.sum((predictions - Y) ** 2) / (2 * m))
        gradient = X.T @ (predictions - Y) / m
        if it % every == 0:
            observe(epoch=it, loss=cost, params={"theta": theta}, grads={"gradient": gradient}, lr=alpha, inputs=X,
                    targets=Y, predictions=predictions)
            trace["losses"].append(cost)
        theta -= alpha * gradient
    return trace


SYMPTOMS = [
    Symptom(None, "the cost falls below 1/20 of its first value and never rises between observations",
            lambda t: t["losses"][-1] < t["losses"][0] / 20 and bool(np.all(np.diff(t["losses"]) <= 0))),
]
