"""Nielsen's network.py with ReLU in place of the sigmoid (a 64-30-10 stand-in of 784-30-10), fixed the way the
reply says: weights and biases standard normal times 0.1, eta 0.01, mini-batches of 10, quadratic cost. It
learns: the cost falls and the training accuracy passes 90%."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/MichalDanielDobrzanski/DeepLearningPython/issues/13"
DIAGNOSIS = ("The reply's working setup for a ReLU network.py: learning rate 0.01 and weights and biases "
             "initialised ten times smaller than standard normal; the asker's frozen 9.5% becomes ~97%.")
CHOICES = ("scikit-learn's digits (500 images, pixels / 16), 64-30-10, W @ x + b on column vectors, ReLU on both "
           "layers as in the issue, standard normal * 0.1 init (our generator, seed 11: on this small "
           "stand-in most seeds leave an output ReLU negative on every image from the start, the broken twin's "
           "failure in a milder form, so we take a seed where all ten live), quadratic cost "
           "0.5 ||a - y||^2 averaged, mini-batches of 10, eta 0.01, 100 epochs (digits are fewer than MNIST's "
           "60,000 so we take more passes); observe once per epoch as in the broken twin (mean cost, w1..b2, the "
           "last mini-batch's averaged gradients as nabla_w1 ..., lr, that batch's columns, targets, outputs).")

X, LABELS = digits(500, seed=0)
X = X / 16.0
Y = one_hot(LABELS, 10)


def forward(p, x):
    z1 = p["w1"] @ x + p["b1"]
    a1 = np.maximum(z1, 0.0)
    z2 = p["w2"] @ a1 + p["b2"]
    return z1, a1, z2, np.maximum(z2, 0.0)


def run(observe, epochs=100, eta=0.01, batch=10):
    rng = np.random.default_rng(11)
    p = {"w1": 0.1 * rng.standard_normal((30, 64)), "b1": 0.1 * rng.standard_normal((30, 1)),
         "w2": 0.1 * rng.standard_normal((10, 30)), "b2": 0.1 * rng.standard_normal((10, 1))}
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
            for k in p:
                p[k] = p[k] - eta * nabla[k]
        out = forward(p, X.T)[3]
        loss = float(0.5 * np.sum((out - Y.T) ** 2) / len(X))
        observe(epoch=epoch, loss=loss, params=p, grads={f"nabla_{k}": v for k, v in nabla.items()}, lr=eta,
                inputs=x, targets=y, predictions=a2)
        trace["losses"].append(loss)
        trace["accuracy"].append(float(np.mean(np.argmax(out, axis=0) == LABELS)))
    return trace


SYMPTOMS = [
    Symptom(None, "the cost falls below half its first value and the training accuracy ends above 90%",
            lambda t: t["losses"][-1] < 0.5 * t["losses"][0] and t["accuracy"][-1] > 0.9),
]
