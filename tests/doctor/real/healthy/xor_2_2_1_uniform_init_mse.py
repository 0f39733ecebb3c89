"""A 2-2-1 sigmoid network on XOR, weights and biases uniform(0, 1), mean squared error, full-batch updates
W += lr * a.T @ delta with delta = (y - a2) * a2 (1 - a2) (the error taken as target minus output, so adding is
descending), lr 0.1, 10,000 epochs: a notebook's working from-scratch network."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 7
SOURCE = "https://github.com/Olanle/Supervised-ML-Classification-Learning"
DIAGNOSIS = ("A working notebook: random uniform weights and biases, sigmoid hidden and output units, the mean "
             "squared error, backpropagation with the sigmoid derivative a (1 - a) of each layer's output and "
             "plain gradient descent written as W += lr * (a.T @ delta) with delta built from (y - a); the loss "
             "falls and the four XOR outputs approach their targets.")
CHOICES = ("The notebook's network, data, initialisation (uniform(0, 1) weights and biases; our generator, seed 0), "
           "lr 0.1 and 10,000 epochs; observe every 100th epoch with the mean squared error, W1, b1, W2, b2, "
           "their gradients as the descent uses them (minus the added steps over lr) as dW1 ..., lr, inputs, "
           "targets and predictions.")

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def run(observe, epochs=10000, learning_rate=0.1, every=100):
    rng = np.random.default_rng(0)
    W1, b1 = rng.uniform(size=(2, 2)), rng.uniform(size=(1, 2))
    W2, b2 = rng.uniform(size=(2, 1)), rng.uniform(size=(1, 1))
    trace = {"losses": []}
    for epoch in range(epochs):
        a1 = sigmoid(X @ W1 + b1)
        a2 = sigmoid(a1 @ W2 + b2)
        loss = float(np.mean((Y - a2) ** 2))
        d_z2 = (Y - a2) * a2 * (1 - a2)
        dW2, db2 = a1.T @ d_z2, d_z2.sum(axis=0, keepdims=True)
        d_z1 = (d_z2 @ W2.T) * a1 * (1 - a1)
        dW1, db1 = X.T @ d_z1, d_z1.sum(axis=0, keepdims=True)
        if epoch % every == 0:
            observe(epoch=epoch, loss=loss, params={"W1": W1, "b1": b1, "W2": W2, "b2": b2},
                    grads={"dW1": -dW1, "db1": -db1, "dW2": -dW2, "db2": -db2}, lr=learning_rate, inputs=X,
                    targets=Y, predictions=a2)
            trace["losses"].append(loss)
        W1 += learning_rate * dW1
        b1 += learning_rate * db1
        W2 += learning_rate * dW2
        b2 += learning_rate * db2
    trace["out"] = sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)
    return trace


SYMPTOMS = [
    Symptom(None, "the mean squared error falls below 1/10 of its first value and every output is within 0.2 of "
            "its XOR target", lambda t: t["losses"][-1] < 0.1 * t["losses"][0]
            and bool(np.all(np.abs(t["out"] - Y) < 0.2))),
]
