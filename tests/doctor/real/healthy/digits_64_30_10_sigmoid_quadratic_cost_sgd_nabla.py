"""Nielsen's network from "Neural Networks and Deep Learning" as a blogger re-coded it: sigmoid layers 64-30-10
(weights and biases N(0, 1), column vectors, W @ a + b), the quadratic cost, stochastic gradient descent on
mini-batches of 10 with eta 3.0, where each update subtracts eta / len(batch) times the gradients nabla_w,
nabla_b summed over the batch. After a few epochs it classifies the digits well."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, sigmoid

HELD_OUT = True
ROUND = 10
SOURCE = "https://wayne82.github.io/neural-network/2025/06/01/Neural-Network-Notes-Coding-the-Network-from-Scratch.html"
DIAGNOSIS = ("A working setup: fewer than 100 lines of NumPy (a feed-forward network, stochastic gradient descent "
             "with backpropagation, following the code of Nielsen's book) predict handwritten digits with over 95% "
             "accuracy after a few dozen training iterations.")
CHOICES = ("The book's recipe (sigmoid everywhere, quadratic cost, N(0, 1) weights and biases, mini-batches of 10, eta"
           " 3.0, nabla sums scaled by eta / len(batch)) on scikit-learn's 8x8 digits (1,000 images, pixels / 16, "
           "one-hot columns) instead of MNIST, so 64-30-10 instead of 784-30-10; our generator, seed 6; 10 epochs; "
           "observe() once per epoch after its mini-batches with the quadratic cost 1/(2n) sum ||a - y||^2 and the "
           "outputs over the whole set (samples on axis 0), the parameters as w0, w1, b0, b1, the last mini-batch's"
           " nabla_w0 ... and lr = eta / len(batch), the factor its update applies to them (no inputs).")

SIZES = [64, 30, 10]


def feedforward(weights, biases, A):
    activations = [A]
    for w, b in zip(weights, biases):
        activations.append(sigmoid(w @ activations[-1] + b))
    return activations


def run(observe, epochs=10, mini_batch_size=10, eta=3.0):
    images, labels = digits(1000, seed=2)
    X, Y = (images / 16.0).T, one_hot(labels, 10).T                     # (64, n), (10, n)
    n = X.shape[1]
    rng = np.random.default_rng(6)
    weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in zip(SIZES[:-1], SIZES[1:])]
    biases = [rng.standard_normal((n_out, 1)) for n_out in SIZES[1:]]
    trace = {"losses": [], "accuracies": []}
    for epoch in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, mini_batch_size):
            idx = order[start:start + mini_batch_size]
            acts = feedforward(weights, biases, X[:, idx])
            delta = (acts[-1] - Y[:, idx]) * acts[-1] * (1 - acts[-1])   # quadratic cost' * sigmoid'
            nabla_w, nabla_b = [None, None], [None, None]
            for layer in (1, 0):
                nabla_w[layer] = delta @ acts[layer].T                     # summed over the mini-batch
                nabla_b[layer] = delta.sum(axis=1, keepdims=True)
                if layer:
                    delta = (weights[layer].T @ delta) * acts[layer] * (1 - acts[layer])
            step = eta / len(idx)
            weights = [w - step * nw for w, nw in zip(weights, nabla_w)]
            biases = [b - step * nb for b, nb in zip(biases, nabla_b)]
        out = feedforward(weights, biases, X)[-1]
        cost = float(np.sum((out - Y) ** 2) / (2 * n))
        observe(epoch=epoch, loss=cost, params={"w0": weights[0], "w1": weights[1], "b0": biases[0], "b1": biases[1]},
                grads={"nabla_w0": nabla_w[0], "nabla_w1": nabla_w[1], "nabla_b0": nabla_b[0],
                       "nabla_b1": nabla_b[1]}, lr=step, targets=Y.T, predictions=out.T)
        trace["losses"].append(cost)
        trace["accuracies"].append(float(np.mean(out.argmax(axis=0) == labels)))
    return trace


SYMPTOMS = [
    Symptom(None, "the quadratic cost falls below 0.25 of its first value and the training accuracy ends above 95%",
            lambda t: t["losses"][-1] < 0.25 * t["losses"][0] and t["accuracies"][-1] > 0.95),
]
