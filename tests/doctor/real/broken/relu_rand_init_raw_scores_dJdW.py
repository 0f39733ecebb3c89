"""A Welch-Labs-style 2-3-1 network rewritten with ReLU hidden units and a linear output: positive np.random.rand
weights, one bias row per training example, raw hours as inputs and raw test scores (75-93) as targets, half the
summed squared error as the cost: dJ/dW is in the thousands, and a learning rate of 0.02 makes the first step raise
the cost ten-thousand-fold and kills every hidden unit."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, dead_units, grad_norm

HELD_OUT = True
ROUND = 5
SOURCE = "https://datascience.stackexchange.com/questions/24579/relu-activation-function-outputs-huge-numbers"
DIAGNOSIS = ("The asker's only remedy was a learning rate of 1e-10. The gradients are huge because nothing is on a "
             "unit scale: the targets are raw scores near 80 and the cost sums the squared errors, the ReLU layer "
             "is unbounded and the weights all start positive, so every unit is on and the error flows back "
             "unattenuated; one step of a normal learning rate overshoots, the next error is larger still, and the "
             "outputs run to -inf or inf. Scale inputs and targets (divide by their maxima, as the tutorial this "
             "follows does), average the cost over the examples and use a small zero-centred initialisation.")
CHOICES = ("The tutorial's three examples (hours of sleep and study (3, 5), (5, 1), (10, 2); scores 75, 82, 93) "
           "left unscaled, one hidden layer of 3 ReLU units and a linear output (the question's outputs reach -inf,"
           " which a ReLU output cannot), weights np.random.rand (uniform [0, 1)) and biases random() repeated once"
           " per example (a (3, units) matrix) as posted, cost J = 0.5 * sum((y - yHat)^2), learning rate 0.02 (the"
           " question's value before it shrank it to 1e-10 is not shown) and 40 steps; observe once per step with "
           "J, the parameters, the dJdW gradients under the tutorial's names, lr, inputs, targets and predictions.")

X = np.array([[3.0, 5.0], [5.0, 1.0], [10.0, 2.0]])
Y = np.array([[75.0], [82.0], [93.0]])


def relu(z):
    return np.maximum(z, 0)


def run(observe, steps=40, scalar=0.02):
    rng = np.random.default_rng(0)
    p = {"W1": rng.random((2, 3)), "W2": rng.random((3, 1)),
         "b1": np.tile(rng.random(3), (3, 1)), "b2": np.tile(rng.random(1), (3, 1))}
    trace = {"losses": [], "grad_norms": []}
    for step in range(steps):
        z2 = X @ p["W1"] + p["b1"]
        a2 = relu(z2)
        z3 = a2 @ p["W2"] + p["b2"]
        y_hat = z3
        J = float(0.5 * np.sum((Y - y_hat) ** 2))
        delta3 = -(Y - y_hat)
        delta2 = (delta3 @ p["W2"].T) * (z2 > 0)
        g = {"dJdW1": X.T @ delta2, "dJdW2": a2.T @ delta3, "dJdb1": delta2, "dJdb2": delta3}
        trace["grad_norms"].append(grad_norm(g))
        for k in p:
            p[k] = p[k] - scalar * g["dJd" + k]
        observe(epoch=step, loss=J, params=p, grads=g, lr=scalar, inputs=X, targets=Y, predictions=y_hat)
        trace["losses"].append(J)
        trace["hidden"] = a2
    return trace


SYMPTOMS = [
    EXPLODING_GRADIENTS,
    LOSS_EXPLODES,
    Symptom("lr-too-high", "the first step's dJdW norm times lr exceeds 10 (the weights start below 1)",
            lambda t: 0.02 * t["grad_norms"][0] > 10),
    Symptom("dead-relu", "after the overshoot all 3 hidden ReLUs output 0 for every example",
            lambda t: len(dead_units(t["hidden"])) == 3),
]
