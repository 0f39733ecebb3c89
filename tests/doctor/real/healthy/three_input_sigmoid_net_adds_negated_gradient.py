"""A 3-4-1 sigmoid network without biases (the third input is a constant 1), weights rand(0, 1), the summed
squared error, and the update weights += d_weights where d_weights is built from 2 (y - output): the negative of
the gradient, so adding it is gradient descent with step 1. The network fits its four training rows within 1,500
iterations: the answer to the asker's question is that nothing is wrong."""
import numpy as np

from doctor_corpus import Symptom, sigmoid

HELD_OUT = True
ROUND = 7
SOURCE = ("https://wiki.gubat.org/content/stackoverflow.com_en_all_2023-11/questions/62836891/"
          "sigmoid-derivative-in-gradient-descent")
DIAGNOSIS = ("(Our reading; the answers are not in our copy.) The derivative of the loss (y - output)^2 with "
             "respect to the output is -2 (y - output); the code writes 2 (y - output), so d_weights is minus the "
             "gradient and 'weights += d_weights' is exactly 'weights -= gradient'. The sigmoid derivative "
             "x (1 - x) is correct because it is applied to the sigmoid's output. The network trains.")
CHOICES = ("The post's network, data (four rows of three inputs, targets 0 1 1 0), rand(0, 1) initialisation (our "
           "generator, seed 0) and 1,500 iterations; the loop prints only the final output, so the user observes "
           "every 15th iteration the summed squared error, weights1 and weights2, the gradients (minus "
           "d_weights) as d_weights1 and d_weights2, lr 1, inputs, targets and outputs.")

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)


def run(observe, iterations=1500, every=15):
    rng = np.random.default_rng(0)
    weights1, weights2 = rng.random((3, 4)), rng.random((4, 1))
    trace = {"losses": []}
    for i in range(iterations):
        layer1 = sigmoid(X @ weights1)
        output = sigmoid(layer1 @ weights2)
        delta = 2 * (Y - output) * output * (1 - output)
        d_weights2 = layer1.T @ delta
        d_weights1 = X.T @ ((delta @ weights2.T) * layer1 * (1 - layer1))
        if i % every == 0:
            loss = float(np.sum((Y - output) ** 2))
            observe(epoch=i, loss=loss, params={"weights1": weights1, "weights2": weights2},
                    grads={"d_weights1": -d_weights1, "d_weights2": -d_weights2}, lr=1.0, inputs=X, targets=Y,
                    predictions=output)
            trace["losses"].append(loss)
        weights1 += d_weights1
        weights2 += d_weights2
    trace["out"] = sigmoid(sigmoid(X @ weights1) @ weights2)
    return trace


SYMPTOMS = [
    Symptom(None, "the summed squared error falls below 1/100 of its first value and every output is within 0.1 "
            "of its target", lambda t: t["losses"][-1] < 0.01 * t["losses"][0]
            and bool(np.all(np.abs(t["out"] - Y) < 0.1))),
]
