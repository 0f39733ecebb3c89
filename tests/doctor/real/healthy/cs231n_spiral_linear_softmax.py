"""cs231n's linear softmax classifier on the three-arm spiral, integer labels y (it learns what a line can)."""
import numpy as np

from doctor_corpus import Symptom

SOURCE = "https://cs231n.github.io/neural-networks-case-study/"
DIAGNOSIS = "A working tutorial: the linear softmax classifier reaches about 49% training accuracy on the spiral."
CHOICES = ("The tutorial's spiral (N = 100 per class, K = 3, noise 0.2, our seed), W = 0.01 randn, lr 1.0, reg "
           "1e-3, 200 iterations; observe gets loss, params, grads, the probabilities and the integer labels.")


def spiral(rng, n=100, k=3):
    X, y = np.zeros((n * k, 2)), np.zeros(n * k, dtype=int)
    for j in range(k):
        r = np.linspace(0.0, 1, n)
        t = np.linspace(j * 4, (j + 1) * 4, n) + rng.standard_normal(n) * 0.2
        X[j * n:(j + 1) * n] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[j * n:(j + 1) * n] = j
    return X, y


def run(observe, epochs=200, lr=1.0, reg=1e-3):
    rng = np.random.default_rng(0)
    X, y = spiral(rng)
    n = len(X)
    p = {"W": 0.01 * rng.standard_normal((2, 3)), "b": np.zeros((1, 3))}
    trace = {"losses": []}
    for epoch in range(epochs):
        scores = X @ p["W"] + p["b"]
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs = e / e.sum(axis=1, keepdims=True)
        loss = float(-np.log(probs[np.arange(n), y]).mean() + 0.5 * reg * np.sum(p["W"] ** 2))
        dscores = probs.copy()
        dscores[np.arange(n), y] -= 1
        dscores /= n
        g = {"W": X.T @ dscores + reg * p["W"], "b": dscores.sum(axis=0, keepdims=True)}
        for k in p:
            p[k] -= lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, predictions=probs, targets=y)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean(np.argmax(X @ p["W"] + p["b"], axis=1) == y))
    return trace


SYMPTOMS = [Symptom(None, "the loss falls by > 20% and training accuracy exceeds 45% (chance: 33%)",
                    lambda t: t["losses"][-1] < 0.8 * t["losses"][0] and t["accuracy"] > 0.45)]
