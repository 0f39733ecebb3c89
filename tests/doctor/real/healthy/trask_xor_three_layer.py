"""Andrew Trask's '11 lines' network: 3-4-1 sigmoid, XOR of the first two inputs, no learning rate."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = "https://iamtrask.github.io/2015/07/12/basic-python-network/"
DIAGNOSIS = "A working tutorial: the mean absolute error falls from ~0.5 to ~0.003 over 60,000 iterations."
CHOICES = ("The tutorial's X, y = [0, 1, 1, 0], np.random.seed(1), weights 2 * rand - 1, updates += without a "
           "learning rate; 3,000 of its 60,000 iterations, observed every 10th (300 observations); the loss is "
           "the mean absolute error it prints; observe gets loss, params, the hidden activations with kind, "
           "predictions and targets (no gradients).")

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
y = np.array([[0, 1, 1, 0]], dtype=float).T


def run(observe, epochs=3000):
    np.random.seed(1)
    p = {"syn0": 2 * np.random.random((3, 4)) - 1, "syn1": 2 * np.random.random((4, 1)) - 1}
    trace = {"losses": []}
    for j in range(epochs):
        l1 = sigmoid(X @ p["syn0"])
        l2 = sigmoid(l1 @ p["syn1"])
        l2_delta = (y - l2) * (l2 * (1 - l2))
        l1_delta = l2_delta @ p["syn1"].T * (l1 * (1 - l1))
        p["syn1"] += l1.T @ l2_delta
        p["syn0"] += X.T @ l1_delta
        if j % 10 == 0:
            loss = float(np.mean(np.abs(y - l2)))
            observe(epoch=j, loss=loss, params=p, activations={"l1": l1}, activation_kinds={"l1": "sigmoid"},
                    predictions=l2, targets=y)
            trace["losses"].append(loss)
    trace["out"] = l2
    return trace


SYMPTOMS = [Symptom(None, "mean absolute error below 0.05 and every output on the right side of 0.5",
                    lambda t: t["losses"][-1] < 0.05 and np.all((t["out"] > 0.5) == (y > 0.5)))]
