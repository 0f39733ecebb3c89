"""The answer to seed 002: a 2-3-1 sigmoid network that learns XOR (it works), in our own code.

The answerer shared their own XOR network instead of fixing the question's code: inputs as rows
(samples on axis 0, ``input_data @ weights_hidden``), 3 sigmoid hidden units and a sigmoid output,
weights uniform in [0, 1) from the global ``np.random`` (so ``np.random.seed`` picks the start), and
two quirks kept here because they are theirs: ``np.random.uniform(1, 3)`` and ``uniform(1, 1)`` draw
the biases as single numbers (low=1, high=3 / 1), which become (1, 3) and (1, 1) arrays after the
first update; and the update adds ``lr * X.T @ (error * slope)`` with ``error = target - output``
(gradient descent on the squared error written as an ascent on its negative). Learning rate 0.1,
50,000 epochs, and every 1,000 epochs a print of the mean absolute error. One
``scratchnn.observe(...)`` line passes that error measure as the loss.

What it shows: the doctor stays quiet; mean |error| falls from 0.5 to about 0.02.
"""
import numpy as np

import scratchnn

input_data = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
ideal_output = np.array([[0.0], [1.0], [1.0], [0.0]])


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_slope(a):
    """The sigmoid's derivative written with its output a = sigmoid(z)."""
    return a * (1 - a)


def run(epoch=50000, learning_rate=0.1, hidden=3):
    """Train for ``epoch`` epochs from a global-RNG start; return the last outputs (4, 1)."""
    n_inputs, n_outputs = input_data.shape[1], 1
    weights_hidden = np.random.uniform(size=(n_inputs, hidden))
    bias_hidden = np.random.uniform(1, hidden)            # a single number in [1, 3): the answer's draw
    weights_output = np.random.uniform(size=(hidden, n_outputs))
    bias_output = np.random.uniform(1, n_outputs)         # uniform(1, 1) = 1.0
    for i in range(epoch):
        hidden_input = np.dot(input_data, weights_hidden) + bias_hidden
        hidden_out = sigmoid(hidden_input)
        output_input = np.dot(hidden_out, weights_output) + bias_output
        output = sigmoid(output_input)

        error = ideal_output - output
        if i % 1000 == 0:
            print("Error: {}".format(np.mean(abs(error))))
        scratchnn.observe(epoch=i, loss=np.mean(abs(error)), lr=learning_rate,
                          params={"weights_hidden": weights_hidden, "bias_hidden": bias_hidden,
                                  "weights_output": weights_output, "bias_output": bias_output},
                          preactivations={"hidden": hidden_input, "output": output_input},
                          activation_kinds={"hidden": "sigmoid", "output": "sigmoid"},
                          inputs=input_data, targets=ideal_output, predictions=output)

        delta_output = error * sigmoid_slope(output)
        delta_hidden = delta_output.dot(weights_output.T) * sigmoid_slope(hidden_out)
        weights_output += hidden_out.T.dot(delta_output) * learning_rate
        bias_output += np.sum(delta_output, axis=0, keepdims=True) * learning_rate
        weights_hidden += input_data.T.dot(delta_hidden) * learning_rate
        bias_hidden += np.sum(delta_hidden, axis=0, keepdims=True) * learning_rate
    return output


if __name__ == "__main__":
    print(run())
