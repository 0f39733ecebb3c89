"""A 64-10-10 network (ReLU hidden layer, softmax output, weights and biases uniform in [-0.5, 0.5), the W @ x
layout with samples in columns) trained by full-batch gradient descent at lr 0.001 on raw pixels 0-255: the
blogger normalised nothing. The first pre-activations are in the hundreds, 99% of the softmax rows are
one-hot, 91% on a wrong class; the clipped cross-entropy starts near 14.7 at 9% accuracy and crawls: after
1,000 iterations the network is right on fewer than half the images (the post reached 47.6% after 3,000)."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot

HELD_OUT = True
ROUND = 10
SOURCE = "https://pythonicforge.github.io/data/science/and/ml/2025/02/21/mnist-numpy.html"
DIAGNOSIS = ("The author's own post-mortem: the loss went up and down and the accuracy climbed only to 47.6% after "
             "3,000 iterations because the learning rate was too low and the data were not normalised properly "
             "(pixels left at 0-255).")
CHOICES = ("scikit-learn's 8x8 digits (500 images) rescaled to the post's 0-255 pixel range instead of MNIST's 784 "
           "pixels; the Samson Zhang-style network the post follows (10 ReLU units, softmax over 10 classes, "
           "rand - 0.5 weights and biases, W @ X with X of shape (64, m)); lr 0.001 as in the post; 1,000 "
           "iterations instead of 7,000; the cross-entropy clipped by adding 1e-7 inside the log (the post's "
           "13.89 at iteration 0 is such a clipped value); our generator, seed 0; observe() every 50 iterations "
           "before the update with the loss, W1, b1, W2, b2, dW1 ..., lr, the inputs as samples x features, "
           "one-hot targets and the probabilities.")


def run(observe, iterations=1000, alpha=0.001, every=50):
    images, labels = digits(500, seed=5)
    X = (images * 255.0 / 16.0).T                       # (64, m) raw pixel values 0-255
    Y = one_hot(labels, 10).T
    m = X.shape[1]
    rng = np.random.default_rng(0)
    W1, b1 = rng.random((10, 64)) - 0.5, rng.random((10, 1)) - 0.5
    W2, b2 = rng.random((10, 10)) - 0.5, rng.random((10, 1)) - 0.5
    trace = {"losses": [], "accuracies": [], "max_input": float(np.abs(X).max())}
    for it in range(iterations):
        Z1 = W1 @ X + b1
        A1 = np.maximum(Z1, 0)
        Z2 = W2 @ A1 + b2
        e = np.exp(Z2 - Z2.max(axis=0))
        A2 = e / e.sum(axis=0)
        dZ2 = A2 - Y
        dW2, db2 = dZ2 @ A1.T / m, dZ2.sum(axis=1, keepdims=True) / m
        dZ1 = (W2.T @ dZ2) * (Z1 > 0)
        dW1, db1 = dZ1 @ X.T / m, dZ1.sum(axis=1, keepdims=True) / m
        if it % every == 0:
            loss = float(-np.mean(np.sum(Y * np.log(A2 + 1e-7), axis=0)))
            observe(epoch=it, loss=loss, params={"W1": W1, "b1": b1, "W2": W2, "b2": b2},
                    grads={"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, lr=alpha, inputs=X.T, targets=Y.T,
                    predictions=A2.T)
            trace["losses"].append(loss)
            trace["accuracies"].append(float(np.mean(A2.argmax(axis=0) == labels)))
        W1 -= alpha * dW1
        b1 -= alpha * db1
        W2 -= alpha * dW2
        b2 -= alpha * db2
    return trace


SYMPTOMS = [
    Symptom("unscaled-inputs", "the inputs reach 255 (>= 20) and the run ends below 60% training accuracy on digits",
            lambda t: t["max_input"] >= 200 and t["accuracies"][-1] < 0.6),
]
