"""A tutorial repository's one-layer 'perceptron': three inputs (the last always 1), one sigmoid output, no bias,
weights uniform in [-1, 1), trained on four rows whose label is the first input by adding
inputs.T @ ((keys - prediction) * derivative) for 20,000 full-batch steps. Its derivative helper took the
sigmoid's output x and returned x * (1 - x); a merged pull request changed it to sigmoid(x) * (1 - sigmoid(x))
while the training loop still passes it the prediction, so the slope used is that of a sigmoid applied a second
time, always between 0.197 and 0.25, where the squared error's slope prediction * (1 - prediction) goes to 0 as
the unit becomes confident. The unit still learns the four labels (the step acts like a cross-entropy step), but
the steps are not the gradient of the error it makes."""
import numpy as np

from doctor_corpus import Symptom, gradient_error, sigmoid

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/farzaa/SimpleMultilayerPerceptron/pull/3"
DIAGNOSIS = ("(Our reading: the pull request, merged as 'Fix to applySigmoid's derivative', changed the derivative "
             "from x * (1 - x) to applySigmoid(x) * (1 - applySigmoid(x)); but the training loop passes it the "
             "prediction, a sigmoid output already, for which x * (1 - x) is the right slope. After the change the "
             "sigmoid is applied twice.)")
CHOICES = ("simple_mlp.py as it stood after the merge: its four rows and labels, weights 2 * random((3, 1)) - 1 "
           "(our generator, seed 1), the unit step (no learning rate), 4,000 of its 20,000 iterations. observe() "
           "every 50 iterations after the update, as a user would put it next to the repository's print_data: "
           "the squared error 0.5 * sum((keys - prediction)^2) of the prediction the step used, the weights, the "
           "gradient the loop believes it follows (minus what it adds), lr 1, the inputs, keys and the prediction.")

INPUTS = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
KEYS = np.array([[0, 1, 1, 0]], dtype=float).T


def apply_sigmoid(x, derivative=False):
    if derivative:
        return apply_sigmoid(x) * (1 - apply_sigmoid(x))        # the merged change
    return sigmoid(x)


def error_of(p):
    return float(0.5 * np.sum((KEYS - sigmoid(INPUTS @ p["weights"])) ** 2))


def run(observe, iterations=4000, every=50):
    rng = np.random.default_rng(1)
    weights = 2 * rng.random((3, 1)) - 1
    trace = {"losses": [], "checks": []}
    for it in range(iterations):
        prediction = apply_sigmoid(INPUTS @ weights)
        error = KEYS - prediction
        change_in_error = error * apply_sigmoid(prediction, True)
        adjustment = INPUTS.T @ change_in_error
        if it % every == 0:
            trace["checks"].append(({"weights": weights.copy()}, {"weights": -adjustment}))
        weights += adjustment
        if it % every == 0:
            loss = float(0.5 * np.sum(error ** 2))
            observe(epoch=it, loss=loss, params={"weights": weights}, grads={"weights": -adjustment}, lr=1.0,
                    inputs=INPUTS, targets=KEYS, predictions=prediction)
            trace["losses"].append(loss)
    trace["final"] = sigmoid(INPUTS @ weights)
    return trace


SYMPTOMS = [
    Symptom("gradient-mismatch", "at each of the last 20 observed steps the applied gradient differs from central "
            "differences of the squared error by more than 90% of its size (a slope 0.197-0.25 where the error's "
            "is near 0)", lambda t: min(gradient_error(error_of, *c, "weights") for c in t["checks"][-20:]) > 0.9),
]
