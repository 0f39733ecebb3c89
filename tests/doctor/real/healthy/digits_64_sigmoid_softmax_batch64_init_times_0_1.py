"""A from-scratch MNIST network (784-64-10, sigmoid hidden layer, softmax output with cross-entropy on one-hot
targets, weights N(0, 1) * 0.1, pixels scaled to 0-1, batches of 64, 20 passes over the data), whose README reports
about 96% accuracy and lists what made it work: inputs scaled to 0-1, small initial weights, mini-batches."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, softmax_rows, sigmoid

HELD_OUT = True
ROUND = 12
SOURCE = "https://github.com/ScottT2-spec/mnist-neural-network-"
DIAGNOSIS = ("A working project (no bug reported): its author notes that normalising the inputs to 0-1 instead of "
             "0-255 made a huge difference, that weights multiplied by 0.1 train far better than large ones because "
             "the sigmoid saturates, and that batches of 64 are faster and steadier than single images; 95.75% test "
             "accuracy after 20 passes.")
CHOICES = ("scikit-learn's 8x8 digits (800 samples, pixels / 16) instead of MNIST, so 64 inputs; the README's 64 "
           "sigmoid hidden units, N(0, 1) * 0.1 weights and zero biases (our generator, seed 3), a softmax output "
           "with cross-entropy (the README does not name the output activation), batches of 64 in a shuffled order, "
           "lr 1.0 (not given), 20 epochs; observe() at the last batch of each epoch, before its update, with that "
           "batch's loss, inputs, one-hot targets, softmax outputs, the parameters, gradients (dW1 ...) and lr.")


def run(observe, epochs=20, lr=1.0, batch=64):
    X, labels = digits(800, seed=5)
    X = X / 16.0
    Y = one_hot(labels, 10)
    rng = np.random.default_rng(3)
    W1, b1 = rng.standard_normal((64, 64)) * 0.1, np.zeros((1, 64))
    W2, b2 = rng.standard_normal((64, 10)) * 0.1, np.zeros((1, 10))
    trace = {"losses": []}
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        starts = range(0, len(X), batch)
        for start in starts:
            idx = order[start:start + batch]
            xb, yb = X[idx], Y[idx]
            a1 = sigmoid(xb @ W1 + b1)
            p = softmax_rows(a1 @ W2 + b2)
            loss = float(-np.mean(np.sum(yb * np.log(p), axis=1)))
            dz2 = (p - yb) / len(xb)
            dz1 = (dz2 @ W2.T) * a1 * (1 - a1)
            grads = {"dW1": xb.T @ dz1, "db1": dz1.sum(axis=0, keepdims=True),
                     "dW2": a1.T @ dz2, "db2": dz2.sum(axis=0, keepdims=True)}
            if start == starts[-1]:
                observe(epoch=epoch, loss=loss, params={"W1": W1, "b1": b1, "W2": W2, "b2": b2}, grads=grads, lr=lr,
                        inputs=xb, targets=yb, predictions=p)
                trace["losses"].append(loss)
            W1 -= lr * grads["dW1"]
            b1 -= lr * grads["db1"]
            W2 -= lr * grads["dW2"]
            b2 -= lr * grads["db2"]
    out = softmax_rows(sigmoid(X @ W1 + b1) @ W2 + b2)
    trace["accuracy"] = float(np.mean(out.argmax(axis=1) == labels))
    return trace


SYMPTOMS = [Symptom(None, "after 20 epochs at least 95% of the 800 digits are classified right",
                    lambda t: t["accuracy"] >= 0.95)]
