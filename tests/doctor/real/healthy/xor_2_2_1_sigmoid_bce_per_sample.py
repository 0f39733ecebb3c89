"""A 2-2-1 sigmoid network on XOR trained one sample at a time with binary cross-entropy, whose output error
is simply a - y: the second version of a blog's from-scratch network, after its author found that a squared
error gives weak gradients to confidently wrong outputs. The loss falls to a few thousandths and the four
outputs sit on the right side of 0.5."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 10
SOURCE = "https://oswalt.dev/2025/08/neural-network-from-scratch-updated"
DIAGNOSIS = ("A working tutorial: with binary cross-entropy the error term of the output (the loss's derivative "
             "with respect to the pre-activation) is a - y, so confidently wrong outputs get large gradients and "
             "the 2-2-1 network learns XOR more reliably than with mean squared error.")
CHOICES = ("The post's 2-2-1 sigmoid network, XOR table and per-sample updates (the post uses plain Python lists; "
           "we use NumPy arrays of the same sizes: w_hidden (2, 2), b_hidden (2,), w_out (2,), b_out a 0-d "
           "array); weights uniform in [-1, 1), zero biases (our generator, seed 7), lr 0.5, 3,000 epochs over the"
           " four rows in order; observe() every 50 epochs with the mean cross-entropy of the four rows, the "
           "parameters, inputs, targets and outputs (no gradients: they change with every row).")

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([0, 1, 1, 0], dtype=float)


def outputs(w_hidden, b_hidden, w_out, b_out):
    return sigmoid(sigmoid(X @ w_hidden + b_hidden) @ w_out + b_out)


def run(observe, epochs=3000, lr=0.5, every=50):
    rng = np.random.default_rng(7)
    w_hidden, b_hidden = rng.uniform(-1, 1, (2, 2)), np.zeros(2)
    w_out, b_out = rng.uniform(-1, 1, 2), np.array(0.0)
    trace = {"losses": []}
    for epoch in range(epochs):
        for x, y in zip(X, Y):
            h = sigmoid(x @ w_hidden + b_hidden)
            y_hat = sigmoid(h @ w_out + b_out)
            delta_out = y_hat - y                              # dL/dz of the output under cross-entropy
            delta_hidden = delta_out * w_out * h * (1 - h)
            w_out -= lr * delta_out * h
            b_out -= lr * delta_out
            w_hidden -= lr * np.outer(x, delta_hidden)
            b_hidden -= lr * delta_hidden
        if epoch % every == 0:
            a = outputs(w_hidden, b_hidden, w_out, b_out)
            loss = float(-np.mean(Y * np.log(a) + (1 - Y) * np.log(1 - a)))
            observe(epoch=epoch, loss=loss, params={"w_hidden": w_hidden, "b_hidden": b_hidden, "w_out": w_out,
                                                    "b_out": b_out}, inputs=X, targets=Y, predictions=a)
            trace["losses"].append(loss)
    trace["out"] = outputs(w_hidden, b_hidden, w_out, b_out)
    return trace


SYMPTOMS = [
    Symptom(None, "the cross-entropy falls below 0.1 of its first value and every output is on the right side of 0.5",
            lambda t: t["losses"][-1] < 0.1 * t["losses"][0] and bool(np.all((t["out"] > 0.5) == (Y > 0.5)))),
]
