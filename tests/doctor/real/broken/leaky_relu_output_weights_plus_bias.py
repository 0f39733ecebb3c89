"""A one-layer net (three inputs, the last a constant 1) on 0/1 targets with a leaky-ReLU output, the bias added to
the weights inside the product, X @ (W + b), and both updated by the same unscaled step X.T @ delta: the step on
W + b is doubled and, with no learning rate, the second step throws every output below 0, where the leaky slope
of 1/100 leaves the loss crawling at twice its starting value."""
import numpy as np

from doctor_corpus import Symptom, flat

HELD_OUT = True
ROUND = 5
SOURCE = "https://datascience.stackexchange.com/questions/68318/leaky-relu-inside-of-a-simple-python-neural-net"
DIAGNOSIS = ("The answer: a leaky ReLU is unbounded, so an output layer made of it cannot model 0/1 classes the way"
             " a sigmoid does, and its raw error is not a classification loss; map the output to a class (or keep a"
             " sigmoid output). In the posted loop the bias also enters as X @ (W + b) and gets the same update as "
             "W, so the effective step is twice X.T @ delta with no learning rate at all: the leaky version "
             "overshoots.")
CHOICES = ("The post's four samples [[0,0,1],[0,1,1],[1,0,1],[1,1,1]] and targets [0,1,0,1], W and b uniform(-1, 1)"
           " of shape (3, 1) as posted (our seed), the leaky ReLU x if x > 0 else x / 100 and its derivative taken "
           "on the output (the same sign), 20 epochs as posted; observe once per epoch with the mean squared error "
           "(the post prints abs(sum(errors))), the parameters, the two update arrays as gradients (the negated "
           "step X.T @ delta, as a user following our README would pass them) and the predictions.")

X = np.array([[0.0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
Y = np.array([[0.0, 1, 0, 1]]).T


def leaky(z):
    return np.where(z > 0, z, z / 100)


def run(observe, epochs=20):
    rng = np.random.default_rng(1)
    W, b = rng.uniform(-1, 1, (3, 1)), rng.uniform(-1, 1, (3, 1))
    trace = {"losses": [], "steps": []}
    for epoch in range(epochs):
        out = leaky(X @ (W + b))
        errors = Y - out
        delta = errors * np.where(out > 0, 1.0, 0.01)
        step = X.T @ delta
        trace["steps"].append(float(np.linalg.norm(step) / np.linalg.norm(W)))
        W, b = W + step, b + step
        loss = float(np.mean(errors ** 2))
        observe(epoch=epoch, loss=loss, params={"W": W, "b": b}, grads={"dW": -step, "db": -step},
                predictions=out)
        trace["losses"].append(loss)
    return trace


SYMPTOMS = [
    Symptom("lr-too-high", "one update moves W by more than 3x its own size", lambda t: max(t["steps"]) > 3),
    Symptom("loss-diverging", "the loss ends above twice its lowest value (its first)",
            lambda t: t["losses"][-1] > 2 * min(t["losses"]) and min(t["losses"]) == t["losses"][0]),
    Symptom("loss-plateau", "the loss moves < 5% over the second half", lambda t: flat(t["losses"])),
]
