"""Seed 002: "What's wrong with my backpropagation?" -- a 12288-64-1 network on cat photos.

The asker's own code, transcribed faithfully (their comments kept, indentation as posted).

Supplied (missing from the post):
* imports; ``train`` / ``labels``: :func:`scratchnn.datasets.cat_photos` (10 photo patches,
  pixels 0-255, as rows; labels as a column, so ``y`` below is (1, 10) and m = 10);
* ``update_parameters``: plain gradient descent, ``p -= lr * dp`` for every parameter;
* the training loop sits in ``run(epoches)`` so tests can run fewer epochs; the plot at the
  end is left out (matplotlib is optional here): ``run`` returns ``log_list`` instead.

Added (2 lines): ``import scratchnn`` and one ``scratchnn.observe(...)`` call at the end of
``forward_backward``, where the layer values live. The seed keeps samples on axis 1; the call
passes transposes so that samples are on axis 0.

What it shows: with pixels of 0-255 and lr = 0.1 the first update changes W1 by far more than
its own size, and the loss is NaN from the second epoch on.
"""
import numpy as np
import scratchnn

from scratchnn.datasets import cat_photos

_data = cat_photos()
train, labels = _data.X, _data.y.reshape(-1, 1)


def update_parameters(grads, parameters, learning_rate):
    for key in parameters:
        parameters[key] = parameters[key] - learning_rate * grads["d" + key]
    return parameters


# Initialize weights and biases given dimesnsions (For this example the dimensions are set to [12288, 64, 1])
def initialize_parameters(dims):
    # Initiate parameters
    parameters = {}
    L = len(dims) # Number of layers in the network

    # Loop over the given dimensions. Initialize random weights and set biases to zero.
    for i in range(1, L):
        parameters["W" + str(i)] = np.random.randn(dims[i], dims[i-1]) * 0.01
        parameters["b" + str(i)] = np.zeros([dims[i], 1])

    return parameters

# Activation Functions
def relu(x, deriv=False):
    if deriv:
        return 1. * (x > 0)
    else:
        return np.maximum(0,x)

def sigmoid(x, deriv=False):
    if deriv:
        return x * (1-x)
    else:
        return 1/(1 + np.exp(-x))


# Forward and backward pass for 2 layer neural network. (1st relu, 2nd sigmoid)
def forward_backward(X, Y, parameters):
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
    grads["db1"] = np.sum(dZ1, axis=1, keepdims=True) / m
    scratchnn.observe(loss=cost, lr=learning_rate, params=parameters, grads=grads, preactivations={"layer1": Z1.T, "layer2": Z2.T}, activation_kinds={"layer1": "relu", "layer2": "sigmoid"}, inputs=X.T, targets=Y.T, predictions=AL.T)

    return AL, grads, cost

# Hyperparameters
dims = [12288, 64, 1]
epoches = 2000
learning_rate = 0.1


def run(epoches=epoches):
    # Initialize parameters
    parameters = initialize_parameters(dims)
    log_list = []

    # Train the network
    for i in range(epoches):
        # Get X and Y
        x = np.array(train[0:10],ndmin=2).T
        y = np.array(labels[0:10], ndmin=2).T

        # Perform forward and backward pass
        AL, grads, cost = forward_backward(x, y, parameters)

        # Compute cost and append to the log_list
        log_list.append(cost)

        # Update parameters with computed gradients
        parameters = update_parameters(grads, parameters, learning_rate)

    return log_list


if __name__ == "__main__":
    with np.errstate(all="ignore"):
        print(run()[-5:])
