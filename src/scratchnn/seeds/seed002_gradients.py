"""Seed 002: "What's wrong with my backpropagation?", the 12288-64-1 cat classifier and its gradients.

The asker overfits ten 64x64x3 photos (pixels 0-255, flattened to 12288 inputs) with a
12288-64-1 network: ReLU hidden layer, sigmoid output, binary cross-entropy; weights
``randn * 0.01``, zero biases; samples on axis 1 (``Z1 = W1 @ X + b1`` with X of shape (12288, m));
learning rate 0.1. Its backward pass (:func:`backward`, our own code for the same formulas) divides
``dW2``, ``db2`` and ``db1`` by m but not ``dW1``. The loss "explodes at first and then comes back
to the initial value and stops there".

Here ``train`` / ``labels`` are the rows of ``scratchnn.datasets.cat_photos()`` (pixels 0-254, as
float64 the way an image library gives them) and its labels as a column, so ``y`` is (1, 10) and
m = 10; the random start uses a seeded ``np.random.default_rng`` (the loop, ``seed002_loop.py``,
uses the global ``np.random.randn`` as the asker did).

What float64 finite differences say (tests/gradcheck/test_seeds.py): ``dW1`` is exactly 10x the
true gradient (= m, the ``/ m`` missing on that one line); ``dW2``, ``db1``, ``db2`` are right.
``forward_backward(..., fixed=True)`` adds the ``/ m`` (the control: all ``ok``).
"""
import numpy as np

from scratchnn.datasets import cat_photos

_data = cat_photos()
train = _data.X.astype(np.float64)   # (10, 12288) pixel rows, 0-254
labels = _data.y.reshape(-1, 1)      # (10, 1): 1 = cat

dims = [12288, 64, 1]
x = np.array(train[0:10], ndmin=2).T      # (12288, 10): samples on axis 1, as the asker lays them out
y = np.array(labels[0:10], ndmin=2).T     # (1, 10)


def initialize_parameters(dims, seed=0):
    """W_i ~ N(0, 1) * 0.01 of shape (dims[i], dims[i-1]) and zero biases (dims[i], 1), from ``seed``."""
    rng = np.random.default_rng(seed)
    parameters = {}
    for i in range(1, len(dims)):
        parameters[f"W{i}"] = rng.standard_normal((dims[i], dims[i - 1])) * 0.01
        parameters[f"b{i}"] = np.zeros([dims[i], 1])
    return parameters


def relu(z):
    return np.maximum(0, z)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(X, parameters):
    """(Z1, A1, Z2, AL): hidden pre-activation and ReLU output (64, m), output before and after the sigmoid (1, m)."""
    Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
    A1 = relu(Z1)
    Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
    return Z1, A1, Z2, sigmoid(Z2)


def cross_entropy(AL, Y):
    """The asker's cost: -(1/m) sum(Y log AL + (1 - Y) log(1 - AL)) (NaN once AL rounds to 0 or 1)."""
    m = Y.shape[1]
    return (-1 / m) * np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL)))


def backward(X, Y, parameters, A1, AL, fixed=False):
    """The asker's gradients; ``dW1`` lacks the 1/m the other three have (``fixed=True`` adds it)."""
    m = Y.shape[1]
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))      # d cost / d AL, per sample
    dZ2 = dAL * (AL * (1 - AL))                                # sigmoid' written with its output
    grads = {"dW2": np.dot(dZ2, A1.T) / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
    dZ1 = np.dot(parameters["W2"].T, dZ2) * (A1 > 0)         # ReLU passes gradient only where active
    grads["dW1"] = np.dot(dZ1, X.T) / (m if fixed else 1)     # the asker's slip: no / m here
    grads["db1"] = np.sum(dZ1, axis=1, keepdims=True) / m
    return grads


def forward_backward(X, Y, parameters, fixed=False):
    """(AL, grads, cost), as the asker's function of the same name returns them."""
    Z1, A1, Z2, AL = forward(X, parameters)
    return AL, backward(X, Y, parameters, A1, AL, fixed), cross_entropy(AL, Y)


def cost(X, Y, parameters):
    """The cost alone (the checker evaluates it hundreds of times; no backward pass)."""
    return cross_entropy(forward(X, parameters)[3], Y)


def loss_fn(parameters):
    """The seed's ``cost`` as a function of its parameter dict."""
    return cost(x, y, parameters)


def at_start(seed=0):
    """The seed at its own random start: (loss_fn, parameters, grads)."""
    parameters = initialize_parameters(dims, seed)
    return loss_fn, parameters, forward_backward(x, y, parameters)[1]


def fixed_at_start(seed=0):
    """The corrected backward pass at the same start (the control)."""
    parameters = initialize_parameters(dims, seed)
    return loss_fn, parameters, forward_backward(x, y, parameters, fixed=True)[1]


CHECKS = (at_start, fixed_at_start)

if __name__ == "__main__":    # python -m scratchnn.seeds.seed002_gradients prints every report
    from scratchnn.gradchecker.check import print_checks
    print_checks(CHECKS)
