"""The same regression at lr 1e-7: no NaN, but the loss barely moves from where it started."""
from doctor_corpus import Symptom, load_case_module

SOURCE = "https://thepalindrome.org/p/linear-regression-and-the-exploding-gradients"
DIAGNOSIS = ("One notch lower, lr 1e-7, and gradient descent no longer explodes but gets stuck at the start: the "
             "learning rate small enough for the population feature is far too small for all the others. "
             "Standardise the features; then a normal learning rate works.")
CHOICES = ("broken/california_linear_regression_nan.py's loop with lr 1e-7 and 150 steps; observe gets loss, "
           "params, grads and the raw inputs.")


def run(observe, epochs=150, lr=1e-7):
    return load_case_module("broken", "california_linear_regression_nan").run(observe, epochs, lr, pass_inputs=True)


def _standardized_loss():
    """What the same loop reaches in 150 steps (lr 0.1) on standardized features."""
    regression = load_case_module("broken", "california_linear_regression_nan")
    return regression.run(lambda **record: None, 150, 0.1, standardize=True)["losses"][-1]


SYMPTOMS = [
    Symptom("unscaled-inputs", "population reaches thousands, and over the second half the loss stays > 3x what "
            "standardized features reach", lambda t: t["X"].max() > 1000
            and min(t["losses"][75:]) > 3 * _standardized_loss()),
]
# Not labelled loss-plateau (it was until round 2): the loss still falls steadily, by 18% over the second half
# (2.37 -> 1.95); "stuck" is slow progress, which is what unscaled-inputs says (feature scales 1000x apart), not a
# loss that has stopped moving.
