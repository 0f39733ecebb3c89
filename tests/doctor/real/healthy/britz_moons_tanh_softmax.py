"""Denny Britz's 'neural network from scratch': 2-3-2 tanh/softmax on make_moons, summed gradients."""
import numpy as np

from doctor_corpus import Symptom, moons

SOURCE = "https://github.com/dennybritz/nn-from-scratch"
DIAGNOSIS = ("A working tutorial: the 3-unit hidden layer draws a curved boundary through the moons; the "
             "backward pass sums the gradient over the 200 samples (no / num_examples) while the printed loss "
             "is the mean, with epsilon = 0.01 and L2 reg_lambda = 0.01.")
CHOICES = ("make_moons(200, noise 0.20) from seed 0 as in the post, weights randn / sqrt(fan_in) from seed 0, "
           "600 of its 20,000 passes; observe gets loss (the tutorial's calculate_loss, mean + regulariser), "
           "params, grads, hidden activations, probabilities and the integer labels.")


def run(observe, epochs=600, eps=0.01, reg=0.01):
    X, y = moons(200, 0.20, 0)
    n = len(X)
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((2, 3)) / np.sqrt(2), "b1": np.zeros((1, 3)),
         "W2": rng.standard_normal((3, 2)) / np.sqrt(3), "b2": np.zeros((1, 2))}
    trace = {"losses": []}
    for epoch in range(epochs):
        a1 = np.tanh(X @ p["W1"] + p["b1"])
        z2 = a1 @ p["W2"] + p["b2"]
        e = np.exp(z2)
        probs = e / e.sum(axis=1, keepdims=True)
        loss = float(-np.log(probs[np.arange(n), y]).sum() / n
                     + reg / 2 / n * (np.sum(p["W1"] ** 2) + np.sum(p["W2"] ** 2)))
        delta3 = probs.copy()
        delta3[np.arange(n), y] -= 1                    # summed over samples, as in the tutorial
        delta2 = delta3 @ p["W2"].T * (1 - a1 ** 2)
        g = {"W2": a1.T @ delta3 + reg * p["W2"], "b2": delta3.sum(axis=0, keepdims=True),
             "W1": X.T @ delta2 + reg * p["W1"], "b1": delta2.sum(axis=0, keepdims=True)}
        for k in p:
            p[k] -= eps * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=eps, activations={"hidden": a1},
                predictions=probs, targets=y)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean(np.argmax(probs, axis=1) == y))
    return trace


SYMPTOMS = [Symptom(None, "the loss falls below 0.5 of its start and accuracy exceeds 90%",
                    lambda t: t["losses"][-1] < 0.5 * t["losses"][0] and t["accuracy"] > 0.9)]
