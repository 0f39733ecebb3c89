"""y = 5x + 3 by gradient descent with x in [0, 1): the version of the question that 'works perfectly'."""
from doctor_corpus import Symptom, load_case_module

SOURCE = "https://mejorcodigo.com/p/45698.html"
DIAGNOSIS = "The post: with x = rand(1, 500) (values in [0, 1)) and lr 0.01 the fit recovers w = 5, c = 3."
CHOICES = "broken/linear_regression_inputs_times_100.py's loop with scale 1 and 800 of its 2,000 iterations."


def run(observe, epochs=800, lr=0.01):
    return load_case_module("broken", "linear_regression_inputs_times_100").run(observe, epochs, lr, scale=1.0)


SYMPTOMS = [Symptom(None, "the MSE falls below 1% of its start", lambda t: t["losses"][-1] < 0.01 * t["losses"][0])]
