"""A from-scratch dense network in the 'neural networks from scratch' style: three interleaved spirals of 100
points each, Dense(2, 64) with weights 0.01 * N(0, 1) and zero biases, ReLU, Dense(64, 3), softmax with
categorical cross-entropy and the combined backward (softmax - one_hot) / N, full-batch SGD with momentum. The
loss falls from log 3 = 1.099 to 0.24 in 1,600 epochs and 90% of the points are classified right."""
import numpy as np

from doctor_corpus import Symptom, one_hot, softmax_rows

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/felekekinfe/Neural-Network-From-Scratch-Implementation-"
DIAGNOSIS = ("A working repository: its README trains 2 -> 64 (ReLU) -> 3 (softmax + categorical cross-entropy, with "
             "the combined backward (y_pred - y_true) / N) on a 2-D spiral data set with an SGD optimizer for 10,001 "
             "epochs, printing accuracy and loss every 1,000 (acc 0.340, loss 1.099 at epoch 0; acc 0.810, loss "
             "0.465 at 1,000; acc 0.950, loss 0.120 at 10,000).")
CHOICES = ("The spiral data written here as the nnfs package generates it (3 classes x 100 points, radius 0-1, angle "
           "noise 0.2; our generator, seed 0); 0.01 * N(0, 1) weights (our seed 0); the README does not give the "
           "optimizer's settings: SGD lr 1.0 with decay 1e-3 and momentum 0.9 (that book's SGD settings for this "
           "network); 1,601 of the 10,001 epochs. observe() every 20 epochs before the update, next to the "
           "README's print: the loss, the two layers' weights and biases, their gradients, the current lr, the "
           "inputs, integer labels, the softmax output and the ReLU activations with their kind.")


def spiral(points=100, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    X, y = np.zeros((points * classes, 2)), np.zeros(points * classes, dtype=int)
    for k in range(classes):
        idx = range(points * k, points * (k + 1))
        r = np.linspace(0.0, 1, points)
        t = np.linspace(k * 4, (k + 1) * 4, points) + rng.standard_normal(points) * 0.2
        X[idx] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[idx] = k
    return X, y


def run(observe, epochs=1601, lr=1.0, decay=1e-3, momentum=0.9, every=20):
    X, y = spiral()
    rng = np.random.default_rng(0)
    p = {"weights1": 0.01 * rng.standard_normal((2, 64)), "biases1": np.zeros((1, 64)),
         "weights2": 0.01 * rng.standard_normal((64, 3)), "biases2": np.zeros((1, 3))}
    velocity = {k: np.zeros_like(v) for k, v in p.items()}
    trace = {"losses": [], "accuracies": []}
    for epoch in range(epochs):
        z1 = X @ p["weights1"] + p["biases1"]
        a1 = np.maximum(0, z1)
        out = softmax_rows(a1 @ p["weights2"] + p["biases2"])
        loss = float(-np.mean(np.log(np.clip(out[np.arange(len(y)), y], 1e-7, 1 - 1e-7))))
        dz2 = (out - one_hot(y, 3)) / len(y)
        da1 = dz2 @ p["weights2"].T
        dz1 = da1 * (z1 > 0)
        g = {"weights1": X.T @ dz1, "biases1": dz1.sum(axis=0, keepdims=True),
             "weights2": a1.T @ dz2, "biases2": dz2.sum(axis=0, keepdims=True)}
        current_lr = lr / (1 + decay * epoch)
        if epoch % every == 0:
            observe(epoch=epoch, loss=loss, params=p, grads=g, lr=current_lr, inputs=X, targets=y, predictions=out,
                    activations={"relu1": a1}, activation_kinds={"relu1": "relu"})
            trace["losses"].append(loss)
            trace["accuracies"].append(float(np.mean(out.argmax(axis=1) == y)))
        for k in p:
            velocity[k] = momentum * velocity[k] - current_lr * g[k]
            p[k] = p[k] + velocity[k]
    return trace


SYMPTOMS = [
    Symptom(None, "the loss falls from log 3 to below 0.45 and over 80% of the points are classified right",
            lambda t: t["losses"][0] > 1.09 and t["losses"][-1] < 0.45 and t["accuracies"][-1] > 0.8),
]
