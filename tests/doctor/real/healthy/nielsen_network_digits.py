"""Michael Nielsen's network.py: sigmoid layers, quadratic cost, mini-batch SGD with eta = 3.0."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, sigmoid

SOURCE = "http://neuralnetworksanddeeplearning.com/chap1.html"
DIAGNOSIS = "A working tutorial: [784, 30, 10] sigmoid net, mini-batches of 10, eta = 3.0, ~95% on MNIST."
CHOICES = ("sklearn's digits (pixels / 16, 64 inputs) instead of MNIST, [64, 30, 10], weights and biases "
           "N(0, 1) as in network.py, column vectors (samples on axis 1), vectorised one-hot targets; 600 "
           "samples, 6 epochs of mini-batches of 10 with eta 3.0; the loss is the quadratic cost "
           "0.5 ||a - y||^2 averaged over the training set; observe once per epoch with loss and params only.")


def run(observe, epochs=6, eta=3.0, batch=10):
    X, labels = digits(600, seed=1)
    X, Y = X / 16.0, one_hot(labels, 10)
    rng = np.random.default_rng(0)
    p = {"w1": rng.standard_normal((30, 64)), "b1": rng.standard_normal((30, 1)),
         "w2": rng.standard_normal((10, 30)), "b2": rng.standard_normal((10, 1))}
    trace = {"losses": []}
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for k in range(0, len(X), batch):
            x, y = X[order[k:k + batch]].T, Y[order[k:k + batch]].T
            a1 = sigmoid(p["w1"] @ x + p["b1"])
            a2 = sigmoid(p["w2"] @ a1 + p["b2"])
            d2 = (a2 - y) * a2 * (1 - a2)
            d1 = p["w2"].T @ d2 * a1 * (1 - a1)
            g = {"w2": d2 @ a1.T, "b2": d2.sum(1, keepdims=True), "w1": d1 @ x.T, "b1": d1.sum(1, keepdims=True)}
            for n in p:
                p[n] = p[n] - eta / batch * g[n]
        out = sigmoid(p["w2"] @ sigmoid(p["w1"] @ X.T + p["b1"]) + p["b2"])
        loss = float(0.5 * np.mean(np.sum((out - Y.T) ** 2, axis=0)))
        observe(epoch=epoch, loss=loss, params=p)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean(np.argmax(out, axis=0) == labels))
    return trace


SYMPTOMS = [Symptom(None, "training accuracy above 80% and the cost below half its first value",
                    lambda t: t["accuracy"] > 0.8 and t["losses"][-1] < 0.5 * t["losses"][0])]
