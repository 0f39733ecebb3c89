"""A 64-16-16-10 sigmoid/softmax net whose output delta is (a - y) * a instead of the softmax's Jacobian."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, digits, flat, gradient_error, one_hot, sigmoid, softmax_rows

HELD_OUT = True
SOURCE = "https://stackoverflow.com/questions/75378819/issues-with-calculating-new-weights-in-a-neural-network"
DIAGNOSIS = ("(Our reading of the posted update.) The cost is the mean squared error of a softmax output, but "
             "the output delta is (output - expected) * output, element by element: that is not the softmax's "
             "derivative (its Jacobian couples every output). The network ends up favouring one class.")
CHOICES = ("sklearn's digits (pixels / 16) for MNIST, 500 samples, two sigmoid hidden layers of 16 as posted, "
           "softmax output, cost = squared error / 10 per sample as posted; weights N(0, 1/fan_in), biases 0; "
           "per-sample updates, lr 0.1 (the posted 0.001 barely moves in our 30 epochs); observe once per epoch "
           "with the epoch's mean cost, params, the last sample's grads, predictions and targets of all samples.")


def forward(p, X):
    a1 = sigmoid(X @ p["W1"] + p["b1"])
    a2 = sigmoid(a1 @ p["W2"] + p["b2"])
    return a1, a2, softmax_rows(a2 @ p["W3"] + p["b3"])


def cost_of(X, Y):
    return lambda p: float(np.mean(np.sum((forward(p, X)[2] - Y) ** 2, axis=1) / 10))


def loop_gradients(p, x, y):
    a1, a2, out = forward(p, x)
    d3 = (out - y) * out * (2 / 10)                 # the bug: no softmax Jacobian, just * output
    d2 = (d3 @ p["W3"].T) * a2 * (1 - a2)
    d1 = (d2 @ p["W2"].T) * a1 * (1 - a1)
    return {"W3": a2.T @ d3, "b3": d3.sum(0, keepdims=True), "W2": a1.T @ d2, "b2": d2.sum(0, keepdims=True),
            "W1": x.T @ d1, "b1": d1.sum(0, keepdims=True)}


def run(observe, epochs=30, lr=0.1):
    X, labels = digits(500)
    X, Y = X / 16.0, one_hot(labels, 10)
    rng = np.random.default_rng(0)
    p = {}
    for k, (i, o) in enumerate([(64, 16), (16, 16), (16, 10)], start=1):
        p[f"W{k}"], p[f"b{k}"] = rng.normal(0, np.sqrt(1 / i), (i, o)), np.zeros((1, o))
    trace = {"losses": []}
    for epoch in range(epochs):
        for i in rng.permutation(len(X)):
            g = loop_gradients(p, X[i:i + 1], Y[i:i + 1])
            p = {k: p[k] - lr * g[k] for k in p}
        loss = cost_of(X, Y)(p)
        observe(epoch=epoch, loss=loss, params=p, grads=g, predictions=forward(p, X)[2], targets=Y)
        trace["losses"].append(loss)
    trace["check"] = (cost_of(X[:50], Y[:50]), p, {k: v / 50 for k, v in loop_gradients(p, X[:50], Y[:50]).items()})
    trace["out"] = forward(p, X)[2]
    trace["accuracy"] = float(np.mean(forward(p, X)[2].argmax(1) == labels))
    return trace


SYMPTOMS = [Symptom("gradient-mismatch", "at the end the loop's dW3 on 50 samples differs from central differences "
                    "of their cost by > 10%", lambda t: gradient_error(*t["check"], "W3") > 0.1),
            Symptom("constant-output", "every softmax output within 0.05 (5% of the one-hot targets' spread) of its "
                    "mean over the samples", lambda t: constant_rows(t["out"], 0.05)),
            Symptom("loss-plateau", "the cost moves < 5% over the second half while accuracy stays below 20%",
                    lambda t: flat(t["losses"]) and t["accuracy"] < 0.2)]
