"""Seed 002: "What's wrong with my backpropagation?", the asker's training loop in our own code.

A 12288-64-1 ReLU/sigmoid network trained on ten photo patches (pixels 0-254, samples on axis 1),
``randn * 0.01`` weights from the global ``np.random`` (so ``np.random.seed`` picks the start), the
asker's backward pass (:mod:`.seed002_gradients`: ``dW1`` not divided by m), plain gradient descent
with learning rate 0.1 for up to 2,000 epochs. The data are ``scratchnn.datasets.cat_photos()`` as
the asker's ``train[0:10]`` / ``labels[0:10]``; ``run`` returns the list of costs (the asker
plotted it). One ``scratchnn.observe(...)`` line, where the layer values live, passes transposes
so that samples are on axis 0.

What it shows: with pixels of 0-255 and lr = 0.1 the first update changes W1 by far more than its
own size, and the loss is NaN from the second epoch on.
"""
import numpy as np

import scratchnn
from scratchnn.datasets import cat_photos
from scratchnn.seeds.seed002_gradients import backward, cross_entropy, forward

_data = cat_photos()
train, labels = _data.X, _data.y.reshape(-1, 1)   # pixels as float32 rows, labels as a column

dims = [12288, 64, 1]
epoches = 2000
learning_rate = 0.1


def initialize_parameters(dims):
    """W_i = randn(dims[i], dims[i-1]) * 0.01 from the global RNG, zero biases."""
    parameters = {}
    for i in range(1, len(dims)):
        parameters[f"W{i}"] = np.random.randn(dims[i], dims[i - 1]) * 0.01
        parameters[f"b{i}"] = np.zeros([dims[i], 1])
    return parameters


def update_parameters(grads, parameters, learning_rate):
    """Plain gradient descent, p - lr * dp, for every parameter."""
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}


def forward_backward(X, Y, parameters):
    """(AL, grads, cost) for one pass over the batch; observed where the layer values live."""
    Z1, A1, Z2, AL = forward(X, parameters)
    cost = cross_entropy(AL, Y)
    grads = backward(X, Y, parameters, A1, AL)
    scratchnn.observe(loss=cost, lr=learning_rate, params=parameters, grads=grads,
                      preactivations={"layer1": Z1.T, "layer2": Z2.T},
                      activation_kinds={"layer1": "relu", "layer2": "sigmoid"},
                      inputs=X.T, targets=Y.T, predictions=AL.T)
    return AL, grads, cost


def run(epoches=epoches):
    """Train for ``epoches`` epochs on the first ten photos; return the cost of each epoch."""
    parameters = initialize_parameters(dims)
    x = np.array(train[0:10], ndmin=2).T      # (12288, 10)
    y = np.array(labels[0:10], ndmin=2).T     # (1, 10)
    log_list = []
    for _ in range(epoches):
        AL, grads, cost = forward_backward(x, y, parameters)
        log_list.append(cost)
        parameters = update_parameters(grads, parameters, learning_rate)
    return log_list


if __name__ == "__main__":
    with np.errstate(all="ignore"):
        print(run()[-5:])
