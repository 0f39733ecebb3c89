"""Nielsen's network.py (a 64-30-10 stand-in of his 784-30-10) with the sigmoid swapped for a ReLU everywhere,
the output layer included, and his recipe left as it was: weights and biases standard normal, quadratic cost,
mini-batches of 10, eta 3.0. Within the first epoch every output ReLU is pushed below zero on every image: the
network outputs ten zeros for everything, the cost sits at 0.5 and the accuracy at the share of one class."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, dead_units, digits, flat, one_hot

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/MichalDanielDobrzanski/DeepLearningPython/issues/13"
DIAGNOSIS = ("The reply: with a ReLU the recipe tuned for sigmoids is far too aggressive; use a learning rate "
             "of 0.01 and initialise weights and biases much smaller (times 0.1), which then reaches ~97%. "
             "With eta 3 and standard-normal weights the first steps drive the ReLUs (the output ones too) "
             "negative on every sample, so they output 0 and pass back no gradient: the accuracy stays frozen.")
CHOICES = ("scikit-learn's digits (500 images, pixels / 16) for MNIST, so 64-30-10; column vectors and W @ x + b "
           "as in network.py (weights (30, 64), (10, 30); biases (30, 1), (10, 1)), standard-normal init (our "
           "generator, seed 0), ReLU and its step derivative in place of sigmoid and sigmoid_prime, quadratic cost "
           "0.5 ||a - y||^2 averaged over samples, mini-batches of 10 with w -= eta / 10 * sum of per-sample "
           "gradients, eta 3.0, 10 epochs. The user observes once per epoch: the mean cost over the 500 images, "
           "weights and biases as w1, b1, w2, b2, the last mini-batch's averaged gradients as nabla_w1 ..., lr, "
           "that mini-batch's inputs as columns (64, 10), its one-hot targets (10, 10) and outputs (10, 10).")

X, LABELS = digits(500, seed=0)
X = X / 16.0
Y = one_hot(LABELS, 10)


def relu(z):
    return np.maximum(z, 0.0)


def forward(p, x):
    """x: (64, n) columns -> z1 (30, n), a1, z2 (10, n), a2."""
    z1 = p["w1"] @ x + p["b1"]
    a1 = relu(z1)
    z2 = p["w2"] @ a1 + p["b2"]
    return z1, a1, z2, relu(z2)


def cost(p, x, y):
    return float(0.5 * np.sum((forward(p, x)[3] - y) ** 2) / x.shape[1])


def run(observe, epochs=10, eta=3.0, batch=10):
    rng = np.random.default_rng(0)
    p = {"w1": rng.standard_normal((30, 64)), "b1": rng.standard_normal((30, 1)),
         "w2": rng.standard_normal((10, 30)), "b2": rng.standard_normal((10, 1))}
    trace = {"losses": [], "accuracy": []}
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            idx = order[start:start + batch]
            x, y = X[idx].T, Y[idx].T
            z1, a1, z2, a2 = forward(p, x)
            delta2 = (a2 - y) * (z2 > 0)
            delta1 = (p["w2"].T @ delta2) * (z1 > 0)
            nabla = {"w2": delta2 @ a1.T / batch, "b2": delta2.sum(axis=1, keepdims=True) / batch,
                     "w1": delta1 @ x.T / batch, "b1": delta1.sum(axis=1, keepdims=True) / batch}
            if epoch == 0 and start == 0:
                trace["first"] = ({k: v.copy() for k, v in p.items()}, nabla)
            for k in p:
                p[k] = p[k] - eta * nabla[k]
        loss = cost(p, X.T, Y.T)
        observe(epoch=epoch, loss=loss, params=p, grads={f"nabla_{k}": v for k, v in nabla.items()}, lr=eta,
                inputs=x, targets=y, predictions=a2)
        trace["losses"].append(loss)
        trace["accuracy"].append(float(np.mean(np.argmax(forward(p, X.T)[3], axis=0) == LABELS)))
    z1, _, z2, out = forward(p, X.T)
    trace["z1"], trace["z2"], trace["out"] = z1, z2, out
    return trace


def _first_step_ratio(t):
    p, g = t["first"]
    return max(3.0 * np.linalg.norm(g[k]) / np.linalg.norm(p[k]) for k in ("w1", "w2"))


SYMPTOMS = [
    Symptom("dead-relu", "at the end all 10 output ReLUs are <= 0 on all 500 images",
            lambda t: len(dead_units(t["z2"].T)) == 10),
    Symptom("constant-output", "every image gets the same output (ten zeros) within 1e-9",
            lambda t: constant_rows(t["out"].T, tol=1e-9) and float(np.abs(t["out"]).max()) < 1e-9),
    Symptom("loss-plateau", "the cost is flat (0.5: ten zero outputs against one-hot targets) over the second half "
            "and the accuracy stays below 15%", lambda t: flat(t["losses"], rel=1e-9)
            and abs(t["losses"][-1] - 0.5) < 1e-9 and max(t["accuracy"][len(t["accuracy"]) // 2:]) < 0.15),
    Symptom("lr-too-high", "the very first step eta * nabla is more than 5x the norm of w1 or w2 (the reply's fix is "
            "eta 0.01)", lambda t: _first_step_ratio(t) > 5),
]
