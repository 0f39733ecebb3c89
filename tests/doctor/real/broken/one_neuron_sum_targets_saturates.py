"""A three-input, one-neuron network (no bias, no learning rate, weights 2 * random - 1) that learns 0/1 patterns
fine, given targets that are sums of the inputs (3 to 6): the sigmoid output can only approach 1, so every
prediction ends pinned at 1 and the error stops moving."""
import numpy as np

from doctor_corpus import Symptom, central_difference, flat, saturated_fraction, sigmoid

HELD_OUT = True
ROUND = 6
SOURCE = ("https://datascience.stackexchange.com/questions/21765/shallow-neural-net-for-predicting-numbers-other-"
          "then-1-or-0")
DIAGNOSIS = ("The answer: the existing code solves a classification problem (predict one of given classes, the "
             "sigmoid keeping the output in (0, 1), hence the answer 1), while predicting an arbitrary number is a "
             "regression problem, which needs an output that is not squashed; it gives a short regression script "
             "instead.")
CHOICES = ("The well-known one-neuron demo the post starts from: synaptic weights 2 * random((3, 1)) - 1, output "
           "sigmoid(X @ W), update W += X.T @ ((y - out) * out * (1 - out)) with no learning rate, 10,000 "
           "iterations; the poster's three patterns [2,2,2] -> 6, [1,2,0] -> 3, [1,1,2] -> 4 plus one of ours, "
           "[2,1,1] -> 4 ('more training if necessary'); observe every 100 iterations with the mean squared error,"
           " the weights, the gradient (the negated adjustment), inputs, targets and predictions (no lr: there is"
           " none).")

X = np.array([[2.0, 2, 2], [1, 2, 0], [1, 1, 2], [2, 1, 1]])
Y = np.array([[6.0, 3, 4, 4]]).T


def run(observe, iterations=10000):
    synaptic_weights = 2 * np.random.default_rng(1).random((3, 1)) - 1
    trace = {"losses": []}
    for i in range(iterations):
        output = sigmoid(X @ synaptic_weights)
        error = Y - output
        adjustment = X.T @ (error * output * (1 - output))
        synaptic_weights += adjustment
        if i % 100 == 0:
            loss = float(np.mean(error ** 2))
            observe(epoch=i, loss=loss, params={"synaptic_weights": synaptic_weights},
                    grads={"synaptic_weights_grad": -adjustment}, inputs=X, targets=Y, predictions=output)
            trace["losses"].append(loss)
            trace["out"] = output
            trace["point"] = (synaptic_weights.copy(), -adjustment)
    return trace


def _scale(t):
    """The observed gradient over central differences of the observed loss (the mean squared error), per entry:
    X.T @ (error * out * (1 - out)) is the gradient of 0.5 * sum(error^2), i.e. n / 2 = 2 times that of the mean."""
    w, g = t["point"]
    true = central_difference(lambda p: float(np.mean((Y - sigmoid(X @ p["w"])) ** 2)), {"w": w}, "w")
    return (g / true).ravel()


SYMPTOMS = [
    Symptom("output-activation-mismatch", "every target (3 to 6) lies above the sigmoid's range (0, 1)",
            lambda t: bool(np.all(Y > 1)) and bool(np.all(t["out"] < 1))),
    Symptom("saturated-activation", "every final output is within 1e-3 of 1",
            lambda t: saturated_fraction(t["out"]) == 1.0),
    Symptom("loss-plateau", "the mean squared error moves < 5% over the second half", lambda t: flat(t["losses"])),
    # Added after the first measurement (the doctor found it; the label was missing): the gradient the user
    # passes is that of 0.5 * sum(error^2), not of the mean squared error they pass as the loss.
    Symptom("gradient-scale", "at the last observation every entry of the observed gradient is 2 (= n / 2) times "
            "the central difference of the observed loss, within 5%",
            lambda t: bool(np.all(np.abs(_scale(t) / 2 - 1) < 0.05))),
]
