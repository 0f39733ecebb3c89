"""Andrew Trask's '11 lines' part 1: one sigmoid layer, 3 inputs, output = first input column."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

SOURCE = "https://iamtrask.github.io/2015/07/12/basic-python-network/"
DIAGNOSIS = "A working tutorial: the output after training is about [0.009, 0.008, 0.993, 0.992]."
CHOICES = ("The tutorial's X (4 x 3) and y = [0, 0, 1, 1], weights 2 * rand - 1 from np.random.seed(1), "
           "update syn0 += X.T @ delta (the error-weighted derivative, no learning rate); 1,000 of its 10,000 "
           "iterations; the loss is the mean squared error; observe gets the loss, the weights and the step "
           "direction the loop adds as its gradient, with the sign the loop uses.")

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
y = np.array([[0, 0, 1, 1]], dtype=float).T


def run(observe, epochs=1000):
    np.random.seed(1)
    p = {"syn0": 2 * np.random.random((3, 1)) - 1}
    trace = {"losses": []}
    for epoch in range(epochs):
        l1 = sigmoid(X @ p["syn0"])
        l1_error = y - l1
        l1_delta = l1_error * l1 * (1 - l1)
        step = X.T @ l1_delta
        p["syn0"] += step
        loss = float(np.mean(l1_error ** 2))
        observe(epoch=epoch, loss=loss, params=p, grads={"syn0": -step}, predictions=l1, targets=y)
        trace["losses"].append(loss)
    trace["out"] = l1
    return trace


SYMPTOMS = [Symptom(None, "every output within 0.05 of its target",
                    lambda t: np.all(np.abs(t["out"] - y) < 0.05))]
