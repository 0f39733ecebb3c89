"""The book-style three-layer network class (weights wih and who, W @ x on column vectors, sigmoid everywhere, no
biases) trained one digit at a time with lr 0.3 on inputs and targets squeezed into 0.01-0.99."""
import numpy as np

from doctor_corpus import Symptom, digits, sigmoid

HELD_OUT = True
ROUND = 5
SOURCE = "https://github.com/kiryls/TinyNeuralNetwork"
DIAGNOSIS = ("A working notebook that follows 'Make Your Own Neural Network': the weight updates lr * (errors * out"
             " * (1 - out)) @ previous.T and errors back through who.T train MNIST well; the scaled inputs and "
             "0.01/0.99 targets keep the sigmoids out of their tails.")
CHOICES = ("scikit-learn's 8x8 digits (600 samples, 64 inputs scaled to 0.01-1.0 as the notebook scales MNIST) "
           "instead of MNIST; 40 hidden nodes instead of 100-200; the notebook's init normal(0, nodes^-0.5), lr 0.3"
           " and per-sample training, 4 epochs; observe once per epoch with the epoch's mean squared output error "
           "and the two weight matrices only (the class keeps no gradients).")


class NeuralNetwork:
    def __init__(self, inputnodes, hiddennodes, outputnodes, learningrate, rng):
        self.wih = rng.normal(0.0, hiddennodes ** -0.5, (hiddennodes, inputnodes))
        self.who = rng.normal(0.0, outputnodes ** -0.5, (outputnodes, hiddennodes))
        self.lr = learningrate

    def query(self, inputs_list):
        inputs = np.array(inputs_list, ndmin=2).T
        return sigmoid(self.who @ sigmoid(self.wih @ inputs))

    def train(self, inputs_list, targets_list):
        inputs = np.array(inputs_list, ndmin=2).T
        targets = np.array(targets_list, ndmin=2).T
        hidden = sigmoid(self.wih @ inputs)
        final = sigmoid(self.who @ hidden)
        output_errors = targets - final
        hidden_errors = self.who.T @ output_errors
        self.who += self.lr * (output_errors * final * (1 - final)) @ hidden.T
        self.wih += self.lr * (hidden_errors * hidden * (1 - hidden)) @ inputs.T
        return float(np.mean(output_errors ** 2))


def run(observe, epochs=4):
    X, labels = digits(600, seed=11)
    X = X / 16 * 0.99 + 0.01
    net = NeuralNetwork(64, 40, 10, 0.3, np.random.default_rng(0))
    trace = {"losses": []}
    for epoch in range(epochs):
        errors = []
        for x, label in zip(X, labels):
            targets = np.zeros(10) + 0.01
            targets[label] = 0.99
            errors.append(net.train(x, targets))
        loss = float(np.mean(errors))
        observe(epoch=epoch, loss=loss, params={"wih": net.wih, "who": net.who})
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean([int(np.argmax(net.query(x))) == y for x, y in zip(X, labels)]))
    return trace


SYMPTOMS = [Symptom(None, "after 4 epochs at least 90% of the 600 digits are classified right",
                    lambda t: t["accuracy"] >= 0.9)]
