"""The 3-layer network of deeplearning.ai's gradient-checking exercise (LINEAR -> RELU -> LINEAR -> RELU ->
LINEAR -> SIGMOID, 4-5-3-1, W @ X with samples as columns, cross-entropy), trained with the exercise's deliberately
planted backward-pass bugs still in: dW2 is computed twice too large and db1 four times too large. The network
still learns (96% of its training points), but the exercise's gradient check reports a difference of ~0.2-0.3
instead of ~1e-7: the update is not the gradient of the cost."""
import numpy as np
from sklearn.datasets import make_classification

from doctor_corpus import Symptom, gradient_error, sigmoid

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/bighuang624/Andrew-Ng-Deep-Learning-notes/issues/10"
DIAGNOSIS = ("The issue: the exercise's backward_propagation_n contains two planted errors, dW2 = 1/m dZ2 A1^T "
             "times 2 and db1 = 4/m sum(dZ1) instead of 1/m; with them the gradient check reports a 'mistake "
             "in the backward propagation'; removing the factors makes the difference ~1e-7.")
CHOICES = ("The exercise checks one step on random data; we train with it: make_classification(300 samples, 4 "
           "features, random_state=0) as columns X (4, 300), Y (1, 300); He-scaled normal weights, zero biases "
           "(our generator, seed 1), full batch, learning rate 0.1, 2,000 iterations; the user observes every "
           "100th iteration, after the update, the cost, parameters W1..b3, the whole gradients dict the "
           "exercise's backward pass returns (dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1), the "
           "learning rate, X, Y and A3.")

_X, _y = make_classification(n_samples=300, n_features=4, n_informative=3, n_redundant=0, random_state=0)
X, Y = _X.T, _y[None, :].astype(float)


def forward(p, x):
    Z1 = p["W1"] @ x + p["b1"]
    A1 = np.maximum(0, Z1)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = np.maximum(0, Z2)
    Z3 = p["W3"] @ A2 + p["b3"]
    return (Z1, A1, Z2, A2, Z3), sigmoid(Z3)


def cost(p):
    A3 = np.clip(forward(p, X)[1], 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)))


def backward_propagation_n(p, cache, A3):
    (Z1, A1, Z2, A2, Z3), m = cache, X.shape[1]
    g = {"dZ3": A3 - Y}
    g["dW3"] = g["dZ3"] @ A2.T / m
    g["db3"] = g["dZ3"].sum(axis=1, keepdims=True) / m
    g["dA2"] = p["W3"].T @ g["dZ3"]
    g["dZ2"] = g["dA2"] * (A2 > 0)
    g["dW2"] = g["dZ2"] @ A1.T / m * 2                          # planted error
    g["db2"] = g["dZ2"].sum(axis=1, keepdims=True) / m
    g["dA1"] = p["W2"].T @ g["dZ2"]
    g["dZ1"] = g["dA1"] * (A1 > 0)
    g["dW1"] = g["dZ1"] @ X.T / m
    g["db1"] = 4.0 / m * g["dZ1"].sum(axis=1, keepdims=True)    # planted error
    return g


def run(observe, iterations=2000, learning_rate=0.1, every=100):
    rng = np.random.default_rng(1)
    sizes = [4, 5, 3, 1]
    p = {}
    for l in range(1, 4):
        p[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])) * np.sqrt(2 / sizes[l - 1])
        p[f"b{l}"] = np.zeros((sizes[l], 1))
    trace = {"losses": [], "accuracy": []}
    for i in range(iterations):
        cache, A3 = forward(p, X)
        loss = cost(p)
        grads = backward_propagation_n(p, cache, A3)
        if i == 500:
            trace["check"] = ({k: v.copy() for k, v in p.items()}, {k[1:]: v for k, v in grads.items()})
        for l in range(1, 4):
            p[f"W{l}"] = p[f"W{l}"] - learning_rate * grads[f"dW{l}"]
            p[f"b{l}"] = p[f"b{l}"] - learning_rate * grads[f"db{l}"]
        if i % every == 0:
            observe(epoch=i, loss=loss, params=p, grads=grads, lr=learning_rate, inputs=X, targets=Y, predictions=A3)
            trace["losses"].append(loss)
            trace["accuracy"].append(float(np.mean((A3 > 0.5) == Y)))
    return trace


def _errors(t):
    params, grads = t["check"]
    return {k: gradient_error(lambda q: cost(q), params, grads, k) for k in ("W1", "b1", "W2", "b2", "W3", "b3")}


SYMPTOMS = [
    Symptom("gradient-mismatch", "at iteration 500 dW2 and db1 differ from central differences of the cost by "
            "1/2 and 3/4 of their norm (2x and 4x the truth) while dW1, db2, dW3, db3 agree to 1e-5",
            lambda t: abs(_errors(t)["W2"] - 0.5) < 0.01 and abs(_errors(t)["b1"] - 0.75) < 0.01
            and max(_errors(t)[k] for k in ("W1", "b2", "W3", "b3")) < 1e-5),
]
