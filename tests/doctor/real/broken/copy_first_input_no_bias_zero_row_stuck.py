"""A single sigmoid layer without a bias (weights 2 x 1, uniform [-1, 1)), trained full batch with the summed
gradient and no learning rate to output the first of two binary inputs. After [0, 0] -> 0 and [1, 1] -> 1 are added
to the training rows, the loss stops at 0.0417 for good: sigmoid(0 . w) = 0.5 whatever w is, so the [0, 0] row
keeps an error of 0.5 that no weight can remove (the other rows end at 0.0088 and 0.9999, as in the post)."""
import numpy as np

from doctor_corpus import Symptom, flat, gradient_error, sigmoid

HELD_OUT = True
ROUND = 8
SOURCE = "https://stackoverflow.com/questions/38248657/why-does-simple-2-layer-neural-network-cannot-learn-0-0-sequence"
DIAGNOSIS = ("(Our reading; the answers are not in our copy.) Without a bias the network computes sigmoid(x . w), "
             "which is exactly 0.5 at x = [0, 0] for every w: the [0, 0] -> 0 row cannot be learned, and the loss "
             "stays at the error of that row. Add a bias (a constant 1 input column), and the problem is "
             "linearly separable.")
CHOICES = ("The post's six rows and targets, weights 2 * uniform[0, 1) - 1 (our seed), the post's update weights -= "
           "X.T @ (error * a (1 - a)) (summed, lr 1), 10,000 iterations; the loop observes every 100th iteration the "
           "mean squared error, the weights, the step as 'weights0_deriv', lr 1, inputs, targets and predictions.")

X = np.array([[0, 1], [0, 1], [1, 0], [1, 0], [0, 0], [1, 1]], dtype=float)
Y = np.array([[0, 0, 1, 1, 0, 1]], dtype=float).T


def half_sse(p):
    return float(0.5 * np.sum((sigmoid(X @ p["weights0"]) - Y) ** 2))


def run(observe, iterations=10000, every=100):
    weights0 = 2 * np.random.default_rng(1).random((2, 1)) - 1
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
            trace["last"] = ({"weights0": weights0.copy()}, {"weights0": weights0_deriv.copy()})
        weights0 = weights0 - weights0_deriv
    trace["out"] = sigmoid(X @ weights0)
    return trace


SYMPTOMS = [
    Symptom("loss-plateau", "over the last quarter the loss moves < 0.1% and stays at 0.25 / 6 = 0.0417 (the [0, 0] "
            "row at exactly 0.5) while the four unambiguous rows are within 0.01 of their targets",
            lambda t: flat(t["losses"], since=0.75, rel=1e-3) and abs(t["losses"][-1] - 0.25 / 6) < 1e-3
            and t["out"][4, 0] == 0.5 and bool(np.all(np.abs(t["out"][:4] - Y[:4]) < 0.01))),
]
# The gradients are right, so no gradient code is expected (this extra claim is not a SYMPTOM; it holds on the run).
RIGHT_GRADIENT = Symptom(None, "the observed step is the true gradient of 0.5 * sum of squared errors",
                         lambda t: gradient_error(half_sse, t["last"][0], t["last"][1], "weights0") < 1e-6)
