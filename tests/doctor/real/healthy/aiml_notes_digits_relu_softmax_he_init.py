"""A two-layer network as a class (He-initialised weights, 1-D bias vectors, ReLU then softmax, cross-entropy on
one-hot labels, gradient (probs - y_onehot) / n) trained with shuffled mini-batches on handwritten digits: a
tutorial's working from-scratch classifier."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, softmax_rows

HELD_OUT = True
ROUND = 6
SOURCE = "https://aiml-notes.pages.dev/tutorials/05---Neural-Network-from-Scratch"
DIAGNOSIS = ("A working tutorial: He initialisation sqrt(2 / fan_in) for the ReLU layer, a numerically stable "
             "softmax, the combined softmax/cross-entropy gradient probs - y over the batch size, and plain "
             "gradient descent on mini-batches; the loss falls and the training accuracy rises steadily.")
CHOICES = ("scikit-learn's 8x8 digits (600 images, pixels / 16) instead of MNIST; 64 hidden units, learning rate 0.1,"
           " mini-batches of 32 reshuffled every epoch, 40 epochs (the tutorial's MNIST settings are not in our "
           "copy); observe once per epoch with the loss on the whole training set, the parameters (W1, b1 of shape "
           "(64,), W2, b2), the gradients of the epoch's last batch as dW1 ..., lr, the inputs and one-hot targets "
           "of the whole set and its probabilities.")


class NeuralNetwork:
    def __init__(self, input_dim, hidden_dim, output_dim, lr, rng):
        self.W1 = rng.standard_normal((input_dim, hidden_dim)) * np.sqrt(2.0 / input_dim)
        self.b1 = np.zeros(hidden_dim)
        self.W2 = rng.standard_normal((hidden_dim, output_dim)) * np.sqrt(2.0 / hidden_dim)
        self.b2 = np.zeros(output_dim)
        self.lr = lr

    def forward(self, X):
        self.z1 = X @ self.W1 + self.b1
        self.a1 = np.maximum(0, self.z1)
        self.a2 = softmax_rows(self.a1 @ self.W2 + self.b2)
        return self.a2

    def backward(self, X, y_onehot):
        n = len(X)
        dz2 = (self.a2 - y_onehot) / n
        dz1 = (dz2 @ self.W2.T) * (self.z1 > 0)
        grads = {"dW2": self.a1.T @ dz2, "db2": dz2.sum(axis=0), "dW1": X.T @ dz1, "db1": dz1.sum(axis=0)}
        for name in ("W1", "b1", "W2", "b2"):
            setattr(self, name, getattr(self, name) - self.lr * grads["d" + name])
        return grads

    def params(self):
        return {"W1": self.W1, "b1": self.b1, "W2": self.W2, "b2": self.b2}


def cross_entropy_loss(y_onehot, probs):
    return float(-np.sum(y_onehot * np.log(probs + 1e-15)) / len(y_onehot))


def run(observe, epochs=40, batch=32):
    X, labels = digits(600, seed=5)
    X, Y = X / 16, one_hot(labels, 10)
    rng = np.random.default_rng(0)
    net = NeuralNetwork(64, 64, 10, 0.1, rng)
    trace = {"losses": []}
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            idx = order[start:start + batch]
            net.forward(X[idx])
            grads = net.backward(X[idx], Y[idx])
        probs = net.forward(X)
        loss = cross_entropy_loss(Y, probs)
        observe(epoch=epoch, loss=loss, params=net.params(), grads=grads, lr=net.lr, inputs=X, targets=Y,
                predictions=probs)
        trace["losses"].append(loss)
    trace["accuracy"] = float(np.mean(probs.argmax(axis=1) == labels))
    return trace


SYMPTOMS = [Symptom(None, "the loss falls below 0.1 (from about 2.3) and at least 98% of the training digits are "
                    "right", lambda t: t["losses"][-1] < 0.1 and t["accuracy"] >= 0.98)]
