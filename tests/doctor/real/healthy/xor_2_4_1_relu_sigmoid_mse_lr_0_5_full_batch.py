"""An exercise's capstone: a 2-4-1 MLP (ReLU hidden layer, sigmoid output, mean squared error) trained full-batch
on the four XOR rows with plain SGD steps, lr 0.5, 5,000 steps; the exercise expects the final MSE below 0.1, and
its notes warn that the sigmoid's backward takes the output y, not the pre-activation."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 12
SOURCE = "https://prof.lexailabs.com/practice/build-nn-07-train-mlp-xor"
DIAGNOSIS = ("A working exercise (no bug): forward X @ W1 + b1 -> ReLU -> @ W2 + b2 -> sigmoid; backward through the "
             "MSE, the sigmoid (from its output y), the linear layers and the ReLU mask; with the defaults (hidden 4, "
             "lr 0.5, 5,000 steps) the final MSE lands below 0.1.")
CHOICES = ("The exercise's sizes, lr and step count; weights N(0, 1) * 0.5 and zero biases from "
           "np.random.default_rng(1) (the exercise provides an init we do not have; seed ours); MSE = mean((y - Y)^2) "
           "with its gradient 2 (y - Y) / 4; observe() every 100 steps before the update with the loss, W1, b1, W2, "
           "b2, their gradients, lr, inputs, targets and the sigmoid outputs (activation kinds not given).")

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def run(observe, steps=5000, lr=0.5, every=100):
    rng = np.random.default_rng(1)
    p = {"W1": rng.standard_normal((2, 4)) * 0.5, "b1": np.zeros(4),
         "W2": rng.standard_normal((4, 1)) * 0.5, "b2": np.zeros(1)}
    trace = {"losses": []}
    for step in range(steps):
        z1 = X @ p["W1"] + p["b1"]
        a1 = np.maximum(z1, 0.0)
        y = sigmoid(a1 @ p["W2"] + p["b2"])
        loss = float(np.mean((y - Y) ** 2))
        dz2 = 2 * (y - Y) / len(X) * y * (1 - y)
        dz1 = (dz2 @ p["W2"].T) * (z1 > 0)
        g = {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}
        if step % every == 0:
            observe(epoch=step, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=Y, predictions=y)
            trace["losses"].append(loss)
        for k in p:
            p[k] -= lr * g[k]
    trace["out"] = sigmoid(np.maximum(X @ p["W1"] + p["b1"], 0.0) @ p["W2"] + p["b2"])
    return trace


SYMPTOMS = [
    Symptom(None, "the final MSE is below 0.1 and every output is on the right side of 0.5",
            lambda t: float(np.mean((t["out"] - Y) ** 2)) < 0.1 and bool(np.all((t["out"] > 0.5) == (Y > 0.5)))),
]
