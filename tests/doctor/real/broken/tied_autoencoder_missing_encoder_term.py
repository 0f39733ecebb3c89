"""A tied-weight sigmoid autoencoder whose gradient keeps only the decoder's use of W: the derivative check fails."""
import numpy as np

from doctor_corpus import Symptom, digits, gradient_error, sigmoid

HELD_OUT = True
SOURCE = "http://stackoverflow.com/questions/6607141/derivativecheck-fails-with-minfunc"
DIAGNOSIS = ("The encoder and the decoder share one weight matrix W (output = sigmoid(sigmoid(X W) W^T)), so the "
             "gradient of the loss with respect to W is the sum of two terms, one through the decoder and one "
             "through the encoder; the posted gradient has only the decoder's, and the derivative check fails.")
CHOICES = ("sklearn's digits (pixels / 16) for MNIST patches, 300 samples, 25 hidden units, no biases as posted, "
           "W ~ N(0, 0.1), loss = 0.5 * summed squared error / n as posted; plain gradient descent (lr 1) instead "
           "of minFunc, 100 epochs; observe gets loss, params, grads, predictions and targets (= the inputs).")


def forward(W, X):
    h = sigmoid(X @ W)
    return h, sigmoid(h @ W.T)


def loss_of(X):
    return lambda p: float(0.5 * np.sum((X - forward(p["W"], X)[1]) ** 2) / len(X))


def run(observe, epochs=100, lr=1.0):
    X = digits(300)[0] / 16.0
    W = np.random.default_rng(0).normal(0, 0.1, (64, 25))
    trace = {"losses": []}
    for epoch in range(epochs):
        h, out = forward(W, X)
        loss = loss_of(X)({"W": W})
        err = (out - X) * out * (1 - out)
        g = {"W": err.T @ h / len(X)}               # the decoder's term only; the encoder's X.T @ (...) is missing
        if epoch == epochs - 1:
            trace["last"] = ({"W": W.copy()}, g)
        W = W - lr * g["W"]
        observe(epoch=epoch, loss=loss, params={"W": W}, grads=g, predictions=out, targets=X)
        trace["losses"].append(loss)
    trace["loss_of"] = loss_of(X)
    return trace


SYMPTOMS = [Symptom("gradient-mismatch", "at the last epoch dW differs from central differences of the loss by > 10%",
                    lambda t: gradient_error(t["loss_of"], *t["last"], "W") > 0.1)]
