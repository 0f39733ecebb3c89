"""The California-housing regression of the exploding-gradients post, with standardised features."""
import numpy as np

from doctor_corpus import Symptom, load_case_module

SOURCE = "https://thepalindrome.org/p/linear-regression-and-the-exploding-gradients"
DIAGNOSIS = "The post's fix: standardise the features; gradient descent then converges with a normal learning rate."
CHOICES = ("broken/california_linear_regression_nan.py's loop on its data with the features standardised "
           "(training mean and standard deviation), lr 0.1, 150 steps; observe gets loss, params, grads and the "
           "standardised inputs.")


def run(observe, epochs=150, lr=0.1):
    return load_case_module("broken", "california_linear_regression_nan").run(observe, epochs, lr, standardize=True,
                                                                             pass_inputs=True)


SYMPTOMS = [Symptom(None, "the final MSE is below half the targets' variance (R^2 > 0.5)",
                    lambda t: t["losses"][-1] < 0.5 * np.var(t["y"]))]
