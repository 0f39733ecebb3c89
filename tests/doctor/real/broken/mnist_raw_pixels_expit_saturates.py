"""Digits as raw 0-255 pixels into a sigmoid network (scipy's expit, x @ W layout, N(0, 1) weights): the hidden
pre-activations are in the hundreds, expit rounds them to exactly 0 or 1 from the first cycle, and the hidden
layer never learns."""
import numpy as np

from doctor_corpus import Symptom, digits, flat, one_hot, saturated_fraction, sigmoid

HELD_OUT = True
ROUND = 5
SOURCE = "https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1"
DIAGNOSIS = ("(The stored copy of a Q&A thread, 'Sigmoid function for large numbers in Python': MNIST as an N x 784"
             " matrix, expit(28) = 0.99999999, expit(29) = 1.0, and learning halts in the first cycle.) The answer "
             "and comments: the real issue is feeding such large values to a sigmoid at all; any finite precision "
             "rounds it to 0 or 1 beyond some threshold, and there its slope is 0, so no gradient flows. Scale the "
             "pixels (divide by 255) and initialise the weights small.")
CHOICES = ("scikit-learn's 8x8 digits rescaled to the 0-255 range of MNIST pixels (x 255 / 16), 500 samples as an "
           "(N, 64) matrix; a 64-30-10 network (the thread gives no sizes) with sigmoid hidden and output layers, "
           "weights N(0, 1) and zero biases, one-hot targets, half the mean squared error, full-batch gradient "
           "descent at lr 0.5 for 100 epochs with correct gradients; observe once per epoch with loss, params, "
           "grads, lr, inputs, targets, predictions and the two layers' outputs as activations.")


def run(observe, epochs=100, lr=0.5):
    X, labels = digits(500, seed=3)
    X = X * 255 / 16
    Y = one_hot(labels, 10)
    m = len(X)
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((64, 30)), "b1": np.zeros(30),
         "W2": rng.standard_normal((30, 10)), "b2": np.zeros(10)}
    trace = {"losses": [], "X": X}
    for epoch in range(epochs):
        a1 = sigmoid(X @ p["W1"] + p["b1"])
        a2 = sigmoid(a1 @ p["W2"] + p["b2"])
        loss = float(0.5 * np.sum((a2 - Y) ** 2) / m)
        d2 = (a2 - Y) * a2 * (1 - a2) / m
        d1 = (d2 @ p["W2"].T) * a1 * (1 - a1)
        g = {"dW2": a1.T @ d2, "db2": d2.sum(axis=0), "dW1": X.T @ d1, "db1": d1.sum(axis=0)}
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=Y, predictions=a2,
                activations={"hidden": a1, "output": a2})
        p = {k: p[k] - lr * g["d" + k] for k in p}
        trace["losses"].append(loss)
        trace["hidden"] = a1
        trace["acc"] = float(np.mean(a2.argmax(axis=1) == labels))
    return trace


SYMPTOMS = [
    Symptom("unscaled-inputs", "the pixels reach 255", lambda t: t["X"].max() >= 200),
    Symptom("saturated-activation", "more than 90% of the final hidden outputs are within 1e-3 of 0 or 1",
            lambda t: saturated_fraction(t["hidden"]) > 0.9),
    Symptom("loss-plateau", "the loss moves < 5% over the second half", lambda t: flat(t["losses"])),
]
