"""Logistic regression (the column layout of a well-known course: X of shape (2, m), w.T @ X + b) on the
two-class 'flower' data, with the gradient written as X (Y - A).T / m: every step climbs the cost, which rises
for the whole run however small the learning rate."""
import numpy as np

from doctor_corpus import Symptom, gradient_error, load_case_module, sigmoid

HELD_OUT = True
ROUND = 5
SOURCE = ("https://ai.stackexchange.com/questions/23619/back-propagation-approach-to-logistic-regression-why-is-"
          "cost-diverging-but-accu")
DIAGNOSIS = ("(Our reading; no answer in the copy we could read.) The asker's own clue is the one that matters: a "
             "negative learning rate makes the cost fall. The update follows the gradient of the cost upwards, i.e."
             " the gradient has the wrong sign (A - Y turned into Y - A), so the cost rises at any learning rate "
             "while the weights grow; logistic regression cannot fit this data anyway (about 50% is its limit), "
             "which hides the bug behind a plausible accuracy.")
CHOICES = ("The flower data set built the usual way (400 points, 8 petals of radius up to 4, two classes, noise "
           "0.2, our seed); w and b initialised to zero as in the course; the gradient with its sign flipped, dw = "
           "X @ (Y - A).T / m and db = mean(Y - A); learning rate 0.005 and 500 iterations; the cost -mean(Y log A "
           "+ (1 - Y) log(1 - A)); observe every 10th iteration (the course prints every 100) with the cost, w and "
           "b, the gradients dw and db, and lr.")


def cost_of(X, Y):
    def cost(p):
        A = sigmoid(p["w"].T @ X + p["b"])
        return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
    return cost


def run(observe, iterations=500, learning_rate=0.005):
    X, Y = load_case_module("healthy", "ng_planar_flower_tanh").flower(np.random.default_rng(1))
    m = X.shape[1]
    p = {"w": np.zeros((2, 1)), "b": np.zeros((1, 1))}
    cost = cost_of(X, Y)
    trace = {"losses": [], "cost": cost}
    for i in range(iterations):
        A = sigmoid(p["w"].T @ X + p["b"])
        loss = cost(p)
        grads = {"dw": X @ (Y - A).T / m, "db": np.mean(Y - A, keepdims=True)}
        if i == iterations // 2:
            trace["point"] = ({k: v.copy() for k, v in p.items()}, {"w": grads["dw"], "b": grads["db"]})
        p = {"w": p["w"] - learning_rate * grads["dw"], "b": p["b"] - learning_rate * grads["db"]}
        if i % 10 == 0:
            observe(epoch=i, loss=loss, params=p, grads=grads, lr=learning_rate)
            trace["losses"].append(loss)
    return trace


def _mismatch(t):
    params, grads = t["point"]
    return gradient_error(t["cost"], params, grads, "w")


SYMPTOMS = [
    Symptom("gradient-mismatch", "halfway, dw differs from central differences of the cost by > 100% (it is its "
            "negative)", lambda t: _mismatch(t) > 1.0),
    Symptom("loss-diverging", "the cost rises at every observation after the first and ends 20% above it",
            lambda t: bool(np.all(np.diff(t["losses"]) > 0)) and t["losses"][-1] > 1.2 * t["losses"][0]),
]
