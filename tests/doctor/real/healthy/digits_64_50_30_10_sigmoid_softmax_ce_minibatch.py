"""A 64-50-30-10 network (sigmoid hidden layers, softmax output, categorical cross-entropy) trained with
mini-batches of 10% of the data at lr 1 on the 8x8 digits: a student's from-scratch network that first used a
squared error and switched to cross-entropy. With the softmax / cross-entropy pair the output error is
simply p - y, and the network learns the digits well."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, sigmoid, softmax_rows

HELD_OUT = True
ROUND = 10
SOURCE = "https://stardance.hackclub.com/@stockifab"
DIAGNOSIS = ("A working project: a NumPy-only network (backpropagation derived by hand, sigmoid and softmax "
             "activations, categorical cross-entropy, mini-batch gradient descent) on 64-pixel digit images, ~90% "
             "test accuracy; with mean squared error the gradients blew up, cross-entropy fixed it.")
CHOICES = ("The project's layer sizes (64-50-30-10), activations, loss, lr 1 and batch size (10% of the data); "
           "scikit-learn's 8x8 digits (1,000 images, pixels / 16) as its 64-pixel data; N(0, 1) * sqrt(1 / fan_in) "
           "weights and zero biases (our generator, seed 4); 40 epochs of 10 shuffled mini-batches; the loop "
           "observes once per epoch after its mini-batches with the cross-entropy and probabilities over the "
           "whole training set, the parameters, lr and the one-hot targets (no inputs, no gradients).")

SIZES = [64, 50, 30, 10]


def forward(params, X):
    a1 = sigmoid(X @ params["W1"] + params["b1"])
    a2 = sigmoid(a1 @ params["W2"] + params["b2"])
    return a1, a2, softmax_rows(a2 @ params["W3"] + params["b3"])


def run(observe, epochs=40, learning_rate=1.0, batch_fraction=0.1):
    images, labels = digits(1000, seed=8)
    X, T = images / 16.0, one_hot(labels, 10)
    rng = np.random.default_rng(4)
    params = {}
    for k, (n_in, n_out) in enumerate(zip(SIZES[:-1], SIZES[1:]), start=1):
        params[f"W{k}"] = rng.standard_normal((n_in, n_out)) * np.sqrt(1.0 / n_in)
        params[f"b{k}"] = np.zeros((1, n_out))
    batch = int(len(X) * batch_fraction)
    trace = {"losses": []}
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            idx = order[start:start + batch]
            x, t = X[idx], T[idx]
            a1, a2, p = forward(params, x)
            d3 = (p - t) / len(x)
            d2 = (d3 @ params["W3"].T) * a2 * (1 - a2)
            d1 = (d2 @ params["W2"].T) * a1 * (1 - a1)
            for k, (a_prev, d) in enumerate([(x, d1), (a1, d2), (a2, d3)], start=1):
                params[f"W{k}"] -= learning_rate * a_prev.T @ d
                params[f"b{k}"] -= learning_rate * d.sum(axis=0, keepdims=True)
        probs = forward(params, X)[2]
        loss = float(-np.mean(np.sum(T * np.log(probs), axis=1)))
        observe(epoch=epoch, loss=loss, params=params, lr=learning_rate, targets=T, predictions=probs)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean(probs.argmax(axis=1) == labels))
    return trace


SYMPTOMS = [
    Symptom(None, "the cross-entropy falls below 0.1 of its first value and the training accuracy ends above 95%",
            lambda t: t["losses"][-1] < 0.1 * t["losses"][0] and t["accuracy"] > 0.95),
]
