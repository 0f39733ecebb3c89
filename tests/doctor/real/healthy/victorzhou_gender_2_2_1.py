"""Victor Zhou's first neural network: 2-2-1 sigmoid predicting gender from shifted weight and height."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = "https://victorzhou.com/blog/intro-to-neural-networks/"
DIAGNOSIS = "A working tutorial: per-sample SGD with lr 0.1 drives the MSE loss from ~0.3 to near 0."
CHOICES = ("The post's four people (weight - 135, height - 66) and genders; weights N(0, 1) from our seed, "
           "biases N(0, 1); per-sample SGD on (y - y_pred)^2, lr 0.1; 300 of its 1,000 epochs; observe gets the "
           "loss over the four people, params and the last sample's gradients only.")

DATA = np.array([[-2, -1], [25, 6], [17, 4], [-15, -6]], dtype=float)
Y = np.array([1, 0, 0, 1], dtype=float)


def run(observe, epochs=300, lr=0.1):
    rng = np.random.default_rng(0)
    p = {"w_h": rng.standard_normal((2, 2)), "b_h": rng.standard_normal(2),
         "w_o": rng.standard_normal(2), "b_o": np.array(rng.standard_normal())}
    trace = {"losses": []}
    for epoch in range(epochs):
        for x, y_true in zip(DATA, Y):
            h = sigmoid(p["w_h"] @ x + p["b_h"])
            o = sigmoid(p["w_o"] @ h + p["b_o"])
            d_o = -2 * (y_true - o) * o * (1 - o)
            d_h = d_o * p["w_o"] * h * (1 - h)
            g = {"w_o": d_o * h, "b_o": np.array(d_o), "w_h": np.outer(d_h, x), "b_h": d_h}
            for k in p:
                p[k] = p[k] - lr * g[k]
        preds = sigmoid(sigmoid(DATA @ p["w_h"].T + p["b_h"]) @ p["w_o"] + p["b_o"])
        loss = float(np.mean((Y - preds) ** 2))
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr)
        trace["losses"].append(loss)
    return trace


SYMPTOMS = [Symptom(None, "the MSE falls below 0.01", lambda t: t["losses"][-1] < 0.01)]
