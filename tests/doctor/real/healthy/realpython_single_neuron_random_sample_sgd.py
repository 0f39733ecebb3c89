"""A single sigmoid neuron as a class (weights of shape (2,), a scalar bias) trained the way a popular tutorial
does: pick one random sample per iteration, take a step of lr 0.1 on its squared error, and every 100 iterations
sum the squared error over all samples."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 5
SOURCE = "https://realpython.com/python-ai-neural-network/"
DIAGNOSIS = ("A working tutorial loop: the derivative chain (2 (p - y), sigmoid', x) is right and a random sample "
             "per iteration is plain stochastic gradient descent; the cumulative error it prints falls on data a "
             "line can separate.")
CHOICES = ("The tutorial's shapes (eight samples of two features, 0/1 targets, weights and bias drawn from N(0, "
           "1)), its learning rate 0.1 and 10,000 iterations; eight points of our own that a line separates (the "
           "tutorial's own eight are not separable, so a single neuron cannot fit them); observe every 100 "
           "iterations, as the tutorial records its error, with that cumulative error and the parameters only.")

X = np.array([[3.0, 1.5], [2.0, 1.0], [4.0, 1.5], [3.0, 4.0], [3.5, 0.5], [2.0, 0.5], [5.5, 1.0], [1.0, 1.0]])
Y = np.array([1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0])


class NeuralNetwork:
    def __init__(self, learning_rate, rng):
        self.weights = rng.standard_normal(2)
        self.bias = float(rng.standard_normal())
        self.learning_rate = learning_rate

    def predict(self, x):
        return sigmoid(np.dot(x, self.weights) + self.bias)

    def update(self, x, target):
        prediction = self.predict(x)
        derror = 2 * (prediction - target) * prediction * (1 - prediction)
        self.bias -= self.learning_rate * derror
        self.weights -= self.learning_rate * derror * x


def run(observe, iterations=10000, lr=0.1):
    rng = np.random.default_rng(0)
    net = NeuralNetwork(lr, rng)
    trace = {"errors": []}
    for i in range(iterations):
        k = rng.integers(len(X))
        net.update(X[k], Y[k])
        if i % 100 == 0:
            cumulative = float(sum((net.predict(x) - y) ** 2 for x, y in zip(X, Y)))
            observe(epoch=i, loss=cumulative, params={"weights": net.weights, "bias": net.bias})
            trace["errors"].append(cumulative)
    trace["right"] = int(np.sum((net.predict(X) > 0.5) == (Y > 0.5)))
    return trace


SYMPTOMS = [Symptom(None, "the cumulative error falls below a quarter of its first value and all 8 samples are "
                    "on the right side", lambda t: t["errors"][-1] < 0.25 * t["errors"][0] and t["right"] == 8)]
