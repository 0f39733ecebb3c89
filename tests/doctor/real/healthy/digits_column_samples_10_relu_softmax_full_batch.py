"""A Kaggle digit-recognizer notebook built from scratch: samples in columns (X is 784 x m), a 784-10-10 network
(ReLU hidden layer, softmax over axis 0, cross-entropy on one-hot labels), full-batch gradient descent; it stopped
at 490 iterations (a Kaggle time limit) at 84.5% training and 83.4% validation accuracy: a small network that is
still learning, not a broken one."""
import numpy as np

from doctor_corpus import Symptom, digits

HELD_OUT = True
ROUND = 12
SOURCE = "https://github.com/MuhammadAliAsgher/Digit-Recognition-Neural-Network"
DIAGNOSIS = ("A working project (no bug reported): W1 (10, 784), b1 (10, 1), W2 (10, 10), b2 (10, 1); dZ2 = A2 - "
             "one_hot(Y), dW2 = dZ2 A1^T / m, dZ1 = W2^T dZ2 * (Z1 > 0); a numerically stable softmax; 84.53% "
             "training accuracy after 490 iterations.")
CHOICES = ("scikit-learn's 8x8 digits (1,000 samples, pixels / 16) instead of MNIST, so 64 inputs, kept in columns "
           "as the notebook keeps them; weights and biases uniform in [-0.5, 0.5) (our generator, seed 2; the usual "
           "init of this from-scratch MNIST family), lr 0.1 (not in the README), 490 iterations; observe() every 10 "
           "iterations before the update with the cost, W1, b1, W2, b2, dW1 ... db2 and lr only, as a user logging "
           "the training curve would.")


def run(observe, iterations=490, lr=0.1, every=10):
    X, labels = digits(1000, seed=6)
    X = X.T / 16.0
    m = X.shape[1]
    Y = np.zeros((10, m))
    Y[labels, np.arange(m)] = 1.0
    rng = np.random.default_rng(2)
    W1, b1 = rng.random((10, 64)) - 0.5, rng.random((10, 1)) - 0.5
    W2, b2 = rng.random((10, 10)) - 0.5, rng.random((10, 1)) - 0.5
    trace = {"losses": [], "accuracies": []}
    for i in range(iterations):
        Z1 = W1 @ X + b1
        A1 = np.maximum(Z1, 0.0)
        Z2 = W2 @ A1 + b2
        E = np.exp(Z2 - Z2.max(axis=0, keepdims=True))
        A2 = E / E.sum(axis=0, keepdims=True)
        cost = float(-np.sum(Y * np.log(A2)) / m)
        dZ2 = A2 - Y
        dZ1 = (W2.T @ dZ2) * (Z1 > 0)
        grads = {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m,
                 "dW2": dZ2 @ A1.T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}
        if i % every == 0:
            observe(epoch=i, loss=cost, params={"W1": W1, "b1": b1, "W2": W2, "b2": b2}, grads=grads, lr=lr)
            trace["losses"].append(cost)
            trace["accuracies"].append(float(np.mean(A2.argmax(axis=0) == labels)))
        W1 = W1 - lr * grads["dW1"]
        b1 = b1 - lr * grads["db1"]
        W2 = W2 - lr * grads["dW2"]
        b2 = b2 - lr * grads["db2"]
    return trace


SYMPTOMS = [
    Symptom(None, "the cost falls below 0.3 of its first value and the last training accuracy is at least 80%",
            lambda t: t["losses"][-1] < 0.3 * t["losses"][0] and t["accuracies"][-1] >= 0.80),
]
