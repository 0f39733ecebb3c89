"""A deeper all-sigmoid network (three hidden layers of 20 units, a sigmoid output of 10) trained with the mean
squared error and full-batch gradient descent, the design of a from-scratch MNIST repository that reports ~93%."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, sigmoid

HELD_OUT = True
ROUND = 5
SOURCE = "https://github.com/ameyakakade/mnist-mlp-numpy"
DIAGNOSIS = ("A working repository: sigmoid in every layer and MSE instead of cross-entropy are slower choices, not"
             " bugs; with normalised inputs and batch gradient descent its 784-20-20-20-10 network reaches about "
             "93% on the MNIST test set.")
CHOICES = ("scikit-learn's 8x8 digits (300 samples, pixels / 16) instead of MNIST, so 64-20-20-20-10; weights N(0, "
           "1) / sqrt(fan_in) and zero biases (the README says only 'randomly initialised'), x @ W layout, the cost"
           " mean over samples of the summed squared output error, learning rate 4.0 and 1,500 full-batch steps "
           "(not given in the README; the loss sits near 0.9 for a few hundred steps before it falls); observe "
           "every 30th step with loss, params, grads and lr.")


def run(observe, steps=1500, lr=4.0):
    X, labels = digits(300, seed=7)
    X = X / 16
    Y = one_hot(labels, 10)
    m = len(X)
    sizes = [64, 20, 20, 20, 10]
    rng = np.random.default_rng(0)
    p = {}
    for i in range(4):
        p[f"W{i + 1}"] = rng.standard_normal((sizes[i], sizes[i + 1])) / np.sqrt(sizes[i])
        p[f"b{i + 1}"] = np.zeros(sizes[i + 1])
    trace = {"losses": []}
    for step in range(steps):
        acts = [X]
        for i in range(1, 5):
            acts.append(sigmoid(acts[-1] @ p[f"W{i}"] + p[f"b{i}"]))
        out = acts[-1]
        loss = float(np.sum((out - Y) ** 2) / m)
        delta = 2 * (out - Y) / m * out * (1 - out)
        g = {}
        for i in range(4, 0, -1):
            g[f"dW{i}"], g[f"db{i}"] = acts[i - 1].T @ delta, delta.sum(axis=0)
            if i > 1:
                delta = (delta @ p[f"W{i}"].T) * acts[i - 1] * (1 - acts[i - 1])
        if step % 30 == 0:
            observe(epoch=step, loss=loss, params=p, grads=g, lr=lr)
            trace["losses"].append(loss)
        p = {k: p[k] - lr * g["d" + k] for k in p}
        trace["accuracy"] = float(np.mean(out.argmax(axis=1) == labels))
    return trace


SYMPTOMS = [Symptom(None, "the training accuracy ends above 95% and the loss below a third of its first value",
                    lambda t: t["accuracy"] > 0.95 and t["losses"][-1] < t["losses"][0] / 3)]
