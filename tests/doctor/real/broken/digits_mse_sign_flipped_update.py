"""A 64-30-10 sigmoid net with MSE whose output error is (y - a), subtracted: gradient ascent, outputs all 1."""
import numpy as np

from doctor_corpus import Symptom, digits, flat, gradient_error, one_hot, saturated_fraction, sigmoid

HELD_OUT = True
SOURCE = "https://pythoner.space/questions/the-cost-function-of-the-neural-network-is-failing-to-minimize"
DIAGNOSIS = ("(No answer in the copy we could read; our reading of the posted loop.) The output error is "
             "(targets - A2) * sigmoid'(Z2), and the update subtracts lr / batch times the weights' products "
             "with it: that is a step up the MSE, not down. The cost rises to 4.5 = 9 / 2 (every output 1 while "
             "nine targets of ten are 0) and stays there.")
CHOICES = ("sklearn's digits (pixels / 16) instead of MNIST, 500 samples, one full batch as posted "
           "(batch = all samples), weights and biases N(0, 1), lr 3 as posted, cost = half the sum of squared "
           "errors per sample averaged over samples; 50 epochs as posted; observe gets loss, params, the "
           "gradients the loop applies (its products / batch), predictions and targets.")


def forward(p, X):
    a1 = sigmoid(X @ p["W1"] + p["B1"])
    return a1, sigmoid(a1 @ p["W2"] + p["B2"])


def cost_of(X, Y):
    return lambda p: float(0.5 * np.sum((Y - forward(p, X)[1]) ** 2) / len(X))


def run(observe, epochs=50, lr=3.0):
    X, labels = digits(500)
    X, Y = X / 16.0, one_hot(labels, 10)
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((64, 30)), "B1": rng.standard_normal((1, 30)),
         "W2": rng.standard_normal((30, 10)), "B2": rng.standard_normal((1, 10))}
    trace = {"losses": []}
    for epoch in range(epochs):
        a1, a2 = forward(p, X)
        loss = cost_of(X, Y)(p)
        e2 = (Y - a2) * a2 * (1 - a2)               # the bug: (y - a) where the derivative of the MSE has (a - y)
        e1 = (e2 @ p["W2"].T) * a1 * (1 - a1)
        g = {"W1": X.T @ e1 / len(X), "B1": e1.sum(0, keepdims=True) / len(X),
             "W2": a1.T @ e2 / len(X), "B2": e2.sum(0, keepdims=True) / len(X)}
        if epoch == 0:
            trace["start"] = (cost_of(X, Y), {k: v.copy() for k, v in p.items()}, g)
        for k in p:
            p[k] = p[k] - lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, predictions=a2, targets=Y)
        trace["losses"].append(loss)
    trace["out"] = forward(p, X)[1]
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the first epoch dW2 differs from central differences of the cost by > 100% "
            "(it is their negative)", lambda t: gradient_error(*t["start"], "W2") > 1.0),
    Symptom("loss-diverging", "the cost ends above 1.5x where it started",
            lambda t: t["losses"][-1] > 1.5 * t["losses"][0]),
    Symptom("saturated-activation", "at the end at least 90% of the sigmoid outputs are within 0.01 of 0 or 1",
            lambda t: saturated_fraction(t["out"], 0.01) >= 0.9),
    Symptom("loss-plateau", "the cost moves < 5% over the second half", lambda t: flat(t["losses"])),
]
