"""A 1-20-1 sigmoid network fitted to tanh(x): half the targets are negative, the output cannot go below 0."""
import numpy as np

from doctor_corpus import Symptom, flat, gradients_vanish, sigmoid

HELD_OUT = True
SOURCE = "https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
DIAGNOSIS = ("The question 'Simple three layer neural network with backpropagation is not approximating tanh "
             "function' (a copy in this public dataset): the network's output activation is the logistic "
             "sigmoid, whose values lie in (0, 1), while tanh(x) is negative for x < 0; the output can never "
             "follow it there. Use a linear (or tanh) output, or rescale the targets into (0, 1).")
CHOICES = ("The post's layout (weights N(0, nodes^-0.5), samples as columns, error = target - output, update += "
           "lr * delta), one input, 20 hidden units, lr 0.1; x from -3 to 3 in 60 steps, one sample at a time, "
           "200 epochs; the loss is the mean squared error over the 60 samples; observe once per epoch with "
           "loss, params, the last sample's gradient (minus the update / lr), predictions and targets.")

X = np.linspace(-3, 3, 60)
T = np.tanh(X)


def query(p, x):
    h = sigmoid(p["wih"] @ x)
    return h, sigmoid(p["who"] @ h)


def run(observe, epochs=200, lr=0.1):
    rng = np.random.default_rng(0)
    p = {"wih": rng.normal(0, 20 ** -0.5, (20, 1)), "who": rng.normal(0, 1.0, (1, 20))}
    trace = {"losses": []}
    for epoch in range(epochs):
        for x, t in zip(X, T):
            x, t = np.array([[x]]), np.array([[t]])
            h, out = query(p, x)
            e_out = t - out
            e_hid = p["who"].T @ e_out
            g = {"who": -(e_out * out * (1 - out)) @ h.T, "wih": -(e_hid * h * (1 - h)) @ x.T}
            p = {k: p[k] - lr * g[k] for k in p}
        pred = query(p, X.reshape(1, -1))[1].ravel()
        loss = float(np.mean((T - pred) ** 2))
        observe(epoch=epoch, loss=loss, params=p, grads=g, predictions=pred, targets=T)
        trace["losses"].append(loss)
    trace["last"] = (p, g)
    trace["out"] = pred
    return trace


SYMPTOMS = [
    Symptom("output-activation-mismatch", "half the targets are below 0, outside the sigmoid's (0, 1)",
            lambda t: np.mean(T < -0.05) >= 0.4),
    Symptom("loss-plateau", "the MSE moves < 5% over the second half and stays above 0.1",
            lambda t: flat(t["losses"]) and t["losses"][-1] > 0.1),
    Symptom("vanishing-gradients", "at the last step ||dwih|| / ||wih|| is below 1e-3 of ||dwho|| / ||who||",
            gradients_vanish),
]
