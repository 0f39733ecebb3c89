"""A 64-32-16-10 network (sigmoid hidden layers, softmax output, N(0, 1) * sqrt(1 / n_out) weights, no biases)
trained one image at a time, whose backward pass takes np.dot of two vectors where an outer product was meant:
each "change" of a weight matrix is a single number (error . activation), and the update subtracts that number
from every entry of the matrix. The weights move together, the network cannot tell digits apart and the accuracy
stays near chance (the tutorial's notebook printed 5.8% to 7.8% over ten epochs)."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, sigmoid, softmax_rows

HELD_OUT = True
ROUND = 7
SOURCE = "https://github.com/casper-hansen/Neural-Network-From-Scratch/pull/1"
DIAGNOSIS = ("The pull request: the notebook's solution gets stuck at an accuracy close to chance; redoing the "
             "backward pass from the article (for a mean squared error) gives outer products of each layer's error"
             " with the previous layer's activation for the weight changes, and an update of the whole matrix; with "
             "those changes it trains well. The author: 'I should have followed my own article'.")
CHOICES = ("The notebook's recipe scaled to scikit-learn's 8x8 digits (200 images, pixels / 16): layers 64-32-16-10"
           " instead of 784-128-64-10, weights N(0, 1) * sqrt(1 / n_out) (our seed), sigmoid, softmax, lr 0.001, "
           "one image at a time, 5 epochs; the backward pass as the notebook wrote it (np.dot of the error with an "
           "activation of the same layer, a scalar) and its row-by-row update; the loop prints accuracy only, so "
           "the user observes once per epoch the mean cross-entropy over the 200 images, W1..W3, the last image's "
           "changes as dW1..dW3, lr, inputs, one-hot targets and the probabilities.")

SIZES = [64, 32, 16, 10]


def sigmoid_slope(z):
    s = sigmoid(z)
    return s * (1 - s)


def forward(W, x):
    A, Z = [x], []
    for k, w in enumerate(W):
        Z.append(w @ A[-1])
        A.append(sigmoid(Z[-1]) if k < 2 else softmax_rows(Z[-1][None, :])[0])
    return A, Z


def cross_entropy(W, X, T):
    probs = softmax_rows(sigmoid(sigmoid(X @ W[0].T) @ W[1].T) @ W[2].T)
    return float(-np.mean(np.sum(T * np.log(probs), axis=1))), probs


def run(observe, epochs=5, l_rate=0.001):
    images, labels = digits(200, seed=11)
    X, T = images / 16, one_hot(labels, 10)
    rng = np.random.default_rng(0)
    W = [rng.standard_normal((n_out, n_in)) * np.sqrt(1.0 / n_out) for n_in, n_out in zip(SIZES[:-1], SIZES[1:])]
    trace = {"losses": []}
    for epoch in range(epochs):
        for x, t in zip(X, T):
            A, Z = forward(W, x)
            error = A[3] - t
            change = [None, None, np.dot(error, A[3])]            # the notebook's dot: a number, not a matrix
            error = (W[2].T @ error) * sigmoid_slope(Z[1])
            change[1] = np.dot(error, A[2])
            error = (W[1].T @ error) * sigmoid_slope(Z[0])
            change[0] = np.dot(error, A[1])
            for w, value in zip(W, change):
                w -= l_rate * value                 # as the row loop: every entry minus one number
        loss, probs = cross_entropy(W, X, T)
        observe(epoch=epoch, loss=loss, params={f"W{k + 1}": w for k, w in enumerate(W)},
                grads={f"dW{k + 1}": np.asarray(c) for k, c in enumerate(change)}, lr=l_rate, inputs=X, targets=T,
                predictions=probs)
        trace["losses"].append(loss)
        trace["last_changes"] = [np.asarray(c) for c in change]
    trace["shapes"] = [w.shape for w in W]
    trace["accuracy"] = float(np.mean(probs.argmax(axis=1) == labels))
    return trace


SYMPTOMS = [
    Symptom("gradient-shape", "every observed change dW1..dW3 is a 0-d number while W1..W3 are (32, 64), (16, 32), "
            "(10, 16) matrices", lambda t: all(c.ndim == 0 for c in t["last_changes"])
            and all(len(s) == 2 for s in t["shapes"])),
]
