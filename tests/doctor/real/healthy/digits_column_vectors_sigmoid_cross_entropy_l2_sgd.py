"""A hand-written network in the style of a well-known online book's second program: samples as (features, 1)
column vectors, weights (units, inputs) initialised N(0, 1) / sqrt(inputs), biases N(0, 1), sigmoid layers,
cross-entropy cost (output delta a - y), backpropagation one sample at a time with the gradients summed over
each minibatch of 10, and an update with L2 weight decay, w <- (1 - eta * lmbda / n) w - eta / 10 * nabla_w. On
1,000 digits the training cost falls from 2.09 after the first epoch to 0.41 after the eighth, with 95.8% of the
samples right."""
import numpy as np

from doctor_corpus import Symptom, digits, sigmoid

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/tphamdo/nnadl"
DIAGNOSIS = ("A working repository: nn2.py improves on its MSE network with a cross-entropy cost, L2 regularisation "
             "and weights scaled by 1 / sqrt(inputs); its README reports 97.9% on MNIST after 60 epochs "
             "([784, 120, 10], minibatches of 10, eta 0.4, lmbda 4.0).")
CHOICES = ("scikit-learn's digits (1,000 samples, pixels / 16) instead of MNIST, so [64, 120, 10]; one-hot targets as "
           "(10, 1) columns; eta 0.4 and minibatches of 10 as in the repository; lmbda 0.08, which keeps its "
           "lmbda / n (4.0 / 50,000); a fresh shuffle each epoch (our generator, seed 0); 8 of its 60 epochs. "
           "observe() after each epoch, where the repository prints the training cost: total_cost (the "
           "cross-entropy summed over the outputs, averaged over the samples, plus the L2 term), the four "
           "parameters as w1, b1, w2, b2, and eta; no gradients (the loop only has the last minibatch's sums).")


def feed_forward(p, a):
    return sigmoid(p["w2"] @ sigmoid(p["w1"] @ a + p["b1"]) + p["b2"])


def run(observe, epochs=8, eta=0.4, lmbda=0.08, batch=10):
    X, labels = digits(1000)
    X = X / 16.0
    data = [(x.reshape(-1, 1), np.eye(10)[label].reshape(-1, 1)) for x, label in zip(X, labels)]
    n = len(data)
    rng = np.random.default_rng(0)
    p = {"w1": rng.standard_normal((120, 64)) / np.sqrt(64), "b1": rng.standard_normal((120, 1)),
         "w2": rng.standard_normal((10, 120)) / np.sqrt(120), "b2": rng.standard_normal((10, 1))}
    trace = {"losses": [], "accuracies": []}
    for epoch in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch):
            nabla = {k: np.zeros_like(v) for k, v in p.items()}
            for i in order[start:start + batch]:
                x, y = data[i]
                a1 = sigmoid(p["w1"] @ x + p["b1"])
                a2 = sigmoid(p["w2"] @ a1 + p["b2"])
                delta2 = a2 - y
                delta1 = (p["w2"].T @ delta2) * a1 * (1 - a1)
                nabla["w2"] += delta2 @ a1.T
                nabla["b2"] += delta2
                nabla["w1"] += delta1 @ x.T
                nabla["b1"] += delta1
            size = len(order[start:start + batch])
            for k in ("b1", "b2"):
                p[k] = p[k] - eta / size * nabla[k]
            for k in ("w1", "w2"):
                p[k] = (1 - eta * lmbda / n) * p[k] - eta / size * nabla[k]
        outputs = np.hstack([feed_forward(p, x) for x, _ in data])
        targets = np.hstack([y for _, y in data])
        cost = float(np.sum(np.nan_to_num(-targets * np.log(outputs) - (1 - targets) * np.log(1 - outputs))) / n
                     + 0.5 * (lmbda / n) * sum(np.linalg.norm(p[k]) ** 2 for k in ("w1", "w2")))
        observe(epoch=epoch, loss=cost, params=p, lr=eta)
        trace["losses"].append(cost)
        trace["accuracies"].append(float(np.mean(outputs.argmax(axis=0) == labels)))
    return trace


SYMPTOMS = [
    Symptom(None, "the training cost falls below 0.3x its first value and over 95% of the samples are classified "
            "right", lambda t: t["losses"][-1] < 0.3 * t["losses"][0] and t["accuracies"][-1] > 0.95),
]
