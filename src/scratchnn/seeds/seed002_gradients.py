"""Seed 002: "What's wrong with my backpropagation?" — the 12288-64-1 cat classifier, transcribed.

The seed's own code with indentation restored. Supplied minimally: ``train`` / ``labels`` are the
rows of ``scratchnn.datasets.cat_photos()`` (pixels 0-255) and its labels as a column, so the
seed's ``y = np.array(labels[0:10], ndmin=2).T`` is (1, 10) and m = 10 (its training loop and
``update_parameters`` are in ``seed002_loop.py``: only the gradients matter here); the random start uses a seeded
``np.random.default_rng`` instead of the global ``np.random.randn``; ``cost`` repeats the forward
lines of ``forward_backward`` so that a loss evaluation does not pay for a backward pass.

What float64 finite differences say (tests/gradcheck/test_seeds.py): ``dW1`` is exactly 10x the
true gradient (= m, the ``/ m`` missing on that one line); ``dW2``, ``db1``, ``db2`` are right.
``fixed_forward_backward`` adds the ``/ m`` (the control: all ``ok``).
"""
import numpy as np

from scratchnn.datasets import cat_photos

_data = cat_photos()
train = _data.X.astype(np.float64)   # (10, 12288) pixel rows, 0-255 (float64, as an image library gives)
labels = _data.y.reshape(-1, 1)      # (10, 1): 1 = cat


# Initialize weights and biases given dimesnsions (For this example the dimensions are set to [12288, 64, 1])
def initialize_parameters(dims, seed=0):
    rng = np.random.default_rng(seed)   # supplied: a seeded generator instead of np.random.randn
    # Initiate parameters
    parameters = {}
    L = len(dims)  # Number of layers in the network

    # Loop over the given dimensions. Initialize random weights and set biases to zero.
    for i in range(1, L):
        parameters["W" + str(i)] = rng.standard_normal((dims[i], dims[i - 1])) * 0.01
        parameters["b" + str(i)] = np.zeros([dims[i], 1])

    return parameters


# Activation Functions
def relu(x, deriv=False):
    if deriv:
        return 1. * (x > 0)
    else:
        return np.maximum(0, x)


def sigmoid(x, deriv=False):
    if deriv:
        return x * (1 - x)
    else:
        return 1 / (1 + np.exp(-x))


# Forward and backward pass for 2 layer neural network. (1st relu, 2nd sigmoid)
def forward_backward(X, Y, parameters, fixed=False):
    # Array for storing gradients
    grads = {}

    # Get the length of examples
    m = Y.shape[1]

    # First layer
    Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
    A1 = relu(Z1)

    # Second layer
    Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
    AL = sigmoid(Z2)

    # Compute cost
    cost = (-1 / m) * np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL)))

    # Backpropagation
    # Second Layer
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dZ2 = dAL * sigmoid(AL, deriv=True)
    grads["dW2"] = np.dot(dZ2, A1.T) / m
    grads["db2"] = np.sum(dZ2, axis=1, keepdims=True) / m

    # First layer
    dA1 = np.dot(parameters["W2"].T, dZ2)
    dZ1 = dA1 * relu(A1, deriv=True)
    grads["dW1"] = np.dot(dZ1, X.T)
    if fixed:   # not in the seed: the fix the checker points to
        grads["dW1"] = grads["dW1"] / m
    grads["db1"] = np.sum(dZ1, axis=1, keepdims=True) / m

    return AL, grads, cost


# Hyperparameters
dims = [12288, 64, 1]
x = np.array(train[0:10], ndmin=2).T      # (12288, 10)
y = np.array(labels[0:10], ndmin=2).T     # (1, 10)


def cost(X, Y, parameters):
    """The forward lines of ``forward_backward``, verbatim, up to the cost.

    Repeated here (not called through ``forward_backward``) because the checker evaluates the loss
    hundreds of times and the backward pass would double the cost of each evaluation.
    """
    m = Y.shape[1]
    Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
    A1 = relu(Z1)
    Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
    AL = sigmoid(Z2)
    cost = (-1 / m) * np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL)))
    return cost


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
