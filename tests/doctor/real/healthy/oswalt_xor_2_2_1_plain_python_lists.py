"""XOR with a 2-2-1 sigmoid network written without NumPy: weights and biases are Python lists of floats, every
neuron a weighted sum squashed by a sigmoid, the loss 1/2 (y_hat - y)^2, one update per row of the truth table."""
import math
import random

import numpy as np

from doctor_corpus import Symptom

HELD_OUT = True
ROUND = 6
SOURCE = "https://oswalt.dev/2025/08/a-simple-neural-network-from-scratch"
DIAGNOSIS = ("A working blog loop: each neuron's error term is the loss derivative times the sigmoid's slope a(1 - a),"
             " propagated to the hidden neurons through the output weights, and every weight and bias steps "
             "against its gradient after each row; 2-2-1 can get stuck on XOR for some initial weights, this one "
             "does not.")
CHOICES = ("The post's 2-2-1 network, sigmoid everywhere, loss 1/2 (y_hat - y)^2, per-row updates, all in plain Python "
           "lists; weights and biases random.uniform(-1, 1) with our seed (one that solves XOR), learning rate 0.5 "
           "and 4,000 epochs (the post's values are not in our copy); observe every 40th epoch with the mean loss "
           "over the four rows and the parameters as nested lists (a user without NumPy), nothing else.")

ROWS = [((0.0, 0.0), 0.0), ((0.0, 1.0), 1.0), ((1.0, 0.0), 1.0), ((1.0, 1.0), 0.0)]


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def forward(w_hidden, b_hidden, w_out, b_out, x):
    hidden = [sigmoid(w[0] * x[0] + w[1] * x[1] + b) for w, b in zip(w_hidden, b_hidden)]
    return hidden, sigmoid(w_out[0] * hidden[0] + w_out[1] * hidden[1] + b_out[0])


def run(observe, epochs=4000, lr=0.5, every=40):
    rnd = random.Random(1)
    w_hidden = [[rnd.uniform(-1, 1), rnd.uniform(-1, 1)] for _ in range(2)]
    b_hidden = [rnd.uniform(-1, 1) for _ in range(2)]
    w_out, b_out = [rnd.uniform(-1, 1), rnd.uniform(-1, 1)], [rnd.uniform(-1, 1)]
    trace = {"losses": []}
    for epoch in range(epochs):
        for x, y in ROWS:
            hidden, y_hat = forward(w_hidden, b_hidden, w_out, b_out, x)
            delta_out = (y_hat - y) * y_hat * (1 - y_hat)
            delta_hidden = [delta_out * w_out[j] * hidden[j] * (1 - hidden[j]) for j in range(2)]
            for j in range(2):
                w_out[j] -= lr * delta_out * hidden[j]
                for i in range(2):
                    w_hidden[j][i] -= lr * delta_hidden[j] * x[i]
                b_hidden[j] -= lr * delta_hidden[j]
            b_out[0] -= lr * delta_out
        if epoch % every == 0:
            loss = sum(0.5 * (forward(w_hidden, b_hidden, w_out, b_out, x)[1] - y) ** 2 for x, y in ROWS) / 4
            observe(epoch=epoch, loss=loss, params={"w_hidden": w_hidden, "b_hidden": b_hidden, "w_out": w_out,
                                                    "b_out": b_out})
            trace["losses"].append(loss)
    trace["outputs"] = [forward(w_hidden, b_hidden, w_out, b_out, x)[1] for x, _ in ROWS]
    return trace


SYMPTOMS = [Symptom(None, "the mean loss falls below 0.01 (from about 0.13) and every row is within 0.2 of its target",
                    lambda t: t["losses"][-1] < 0.01 and
                    bool(np.all(np.abs(np.array(t["outputs"]) - [0, 1, 1, 0]) < 0.2)))]
