"""cs231n's two-layer ReLU net (100 hidden units) on the spiral, integer labels, softmax loss."""
import numpy as np

from doctor_corpus import Symptom

SOURCE = "https://cs231n.github.io/neural-networks-case-study/"
DIAGNOSIS = "A working tutorial: the 2-layer net separates the three spiral arms (98% after 10,000 iterations)."
CHOICES = ("The tutorial's spiral (our seed), h = 100, W = 0.01 randn, lr 1.0, reg 1e-3; 300 of its 10,000 "
           "iterations; observe gets loss, params, grads, the hidden activations with their kind, the "
           "probabilities, the integer labels and the inputs.")


def run(observe, epochs=300, lr=1.0, reg=1e-3):
    from doctor_corpus import load_case_module
    X, y = load_case_module("healthy", "cs231n_spiral_linear_softmax").spiral(np.random.default_rng(0))
    rng = np.random.default_rng(1)
    n = len(X)
    p = {"W": 0.01 * rng.standard_normal((2, 100)), "b": np.zeros((1, 100)),
         "W2": 0.01 * rng.standard_normal((100, 3)), "b2": np.zeros((1, 3))}
    trace = {"losses": []}
    for epoch in range(epochs):
        hidden = np.maximum(0, X @ p["W"] + p["b"])
        scores = hidden @ p["W2"] + p["b2"]
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs = e / e.sum(axis=1, keepdims=True)
        loss = float(-np.log(probs[np.arange(n), y]).mean()
                     + 0.5 * reg * (np.sum(p["W"] ** 2) + np.sum(p["W2"] ** 2)))
        dscores = probs.copy()
        dscores[np.arange(n), y] -= 1
        dscores /= n
        dhidden = dscores @ p["W2"].T
        dhidden[hidden <= 0] = 0                      # ReLU passes gradient only where it was active
        g = {"W2": hidden.T @ dscores + reg * p["W2"], "b2": dscores.sum(axis=0, keepdims=True),
             "W": X.T @ dhidden + reg * p["W"], "b": dhidden.sum(axis=0, keepdims=True)}
        for k in p:
            p[k] -= lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, activations={"hidden": hidden},
                activation_kinds={"hidden": "relu"}, predictions=probs, targets=y, inputs=X)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean(np.argmax(probs, axis=1) == y))
    return trace


SYMPTOMS = [Symptom(None, "the loss falls by > 40% and training accuracy exceeds 70% (a linear model gets 49%)",
                    lambda t: t["losses"][-1] < 0.6 * t["losses"][0] and t["accuracy"] > 0.7)]
