"""The bias-less sigmoid layer of the broken case with the missing bias added as a constant third input column: the
six rows (output = first input, including [0, 0] -> 0 and [1, 1] -> 1) are now linearly separable from the origin,
and full-batch training with the summed gradient and no learning rate drives every output to its target."""
import numpy as np

from doctor_corpus import Symptom, load_case_module, sigmoid

HELD_OUT = True
ROUND = 8
SOURCE = "https://stackoverflow.com/questions/38248657/why-does-simple-2-layer-neural-network-cannot-learn-0-0-sequence"
DIAGNOSIS = ("(Our reading; the answers are not in our copy.) Without a bias sigmoid(x . w) is 0.5 at x = [0, 0] for "
             "every w; a bias (a constant 1 input column with its own weight) lets the layer put [0, 0] on the 0 side, "
             "and then the same training loop learns all six rows.")
CHOICES = ("The post's six rows and targets with a column of ones appended (weights 3 x 1, 2 * uniform[0, 1) - 1, our "
           "seed), the post's update weights -= X.T @ (error * a (1 - a)) (summed, lr 1), 10,000 iterations; the loop "
           "observes every 100th iteration the mean squared error, the weights, the step as 'weights0_deriv', lr 1, "
           "inputs, targets and predictions.")

TWIN = load_case_module("broken", "copy_first_input_no_bias_zero_row_stuck")
X, Y = np.column_stack([TWIN.X, np.ones(len(TWIN.X))]), TWIN.Y        # the broken case's rows, a ones column appended


def run(observe, iterations=10000, every=100):
    weights0 = 2 * np.random.default_rng(1).random((3, 1)) - 1
    trace = {"losses": []}
    for it in range(iterations):
        layer1 = sigmoid(X @ weights0)
        layer1_error = layer1 - Y
        weights0_deriv = X.T @ (layer1_error * layer1 * (1 - layer1))
        if it % every == 0:
            loss = float(np.mean(layer1_error ** 2))
            observe(epoch=it, loss=loss, params={"weights0": weights0}, grads={"weights0_deriv": weights0_deriv},
                    lr=1.0, inputs=X, targets=Y, predictions=layer1)
            trace["losses"].append(loss)
        weights0 = weights0 - weights0_deriv
    trace["out"] = sigmoid(X @ weights0)
    return trace


SYMPTOMS = [
    Symptom(None, "every output ends within 0.05 of its target and the loss below 1% of its first value",
            lambda t: bool(np.all(np.abs(t["out"] - Y) < 0.05)) and t["losses"][-1] < 0.01 * t["losses"][0]),
]
