"""A two-layer sigmoid network with no biases (3 inputs -> 4 hidden -> 1 output, x @ W, weights uniform in
[-1, 1)), trained full-batch on seven rows of three bits whose label is 1 when exactly one of the first two bits
is set, by adding training_inputs.T @ delta to the weights, delta = (target - output) * output * (1 - output) with
the derivative helper given the sigmoid's outputs. An issue asks whether the helper's x * (1 - x) should be
sigmoid(x) * (1 - sigmoid(x)); it is given outputs, so it is right, and the network learns all seven rows."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/kyle8998/Sudo-Productivity/issues/3"
DIAGNOSIS = ("(Our reading; we saw no answer in the thread.) The issue asks whether __sigmoid_derivative(x) = x * (1 - x) "
             "should use __sigmoid(x); the training loop calls it with output_from_layer_1 and output_from_layer_2, "
             "which are sigmoid outputs already, so x * (1 - x) is the sigmoid's slope there and the backward pass "
             "is the gradient of the squared error.")
CHOICES = ("NeuralNetwork/trainNN.py's setting: layer 1 of 4 neurons with 3 inputs, layer 2 of 1 neuron with 4, "
           "weights 2 * random - 1 (our generator, seed 1), its seven training rows and labels, the unit step; "
           "6,000 of its 1,000,000 iterations. observe() every 100 iterations before the update: the squared error "
           "0.5 * sum((target - output)^2) (the loss whose gradient the step follows), the two weight matrices, "
           "the gradients (minus the adjustments the loop adds), lr 1, the inputs, targets and outputs.")

INPUTS = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0]], dtype=float)
OUTPUTS = np.array([[0, 1, 1, 1, 1, 0, 0]], dtype=float).T


def run(observe, iterations=6000, every=100):
    rng = np.random.default_rng(1)
    p = {"layer1": 2 * rng.random((3, 4)) - 1, "layer2": 2 * rng.random((4, 1)) - 1}
    trace = {"losses": []}
    for it in range(iterations):
        out1 = sigmoid(INPUTS @ p["layer1"])
        out2 = sigmoid(out1 @ p["layer2"])
        delta2 = (OUTPUTS - out2) * out2 * (1 - out2)
        delta1 = (delta2 @ p["layer2"].T) * out1 * (1 - out1)
        adjustment = {"layer1": INPUTS.T @ delta1, "layer2": out1.T @ delta2}
        if it % every == 0:
            loss = float(0.5 * np.sum((OUTPUTS - out2) ** 2))
            observe(epoch=it, loss=loss, params=p, grads={k: -a for k, a in adjustment.items()}, lr=1.0,
                    inputs=INPUTS, targets=OUTPUTS, predictions=out2)
            trace["losses"].append(loss)
        for k in p:
            p[k] += adjustment[k]
    trace["out"] = sigmoid(sigmoid(INPUTS @ p["layer1"]) @ p["layer2"])
    return trace


SYMPTOMS = [
    Symptom(None, "the squared error falls below 0.05 of its first value and every output is on the right side of "
            "0.5", lambda t: t["losses"][-1] < 0.05 * t["losses"][0]
            and bool(np.all((t["out"] > 0.5) == (OUTPUTS > 0.5)))),
]
