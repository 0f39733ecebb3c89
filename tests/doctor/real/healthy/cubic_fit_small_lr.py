"""The cubic fit of the lr-too-high question with the accepted answer's lr = 1e-4: the cost decreases."""
from doctor_corpus import Symptom, load_case_module

SOURCE = "https://stackoverflow.com/questions/53150309/cost-value-doesnt-decrease-when-using-gradient-descent"
DIAGNOSIS = "The accepted answer: with lr=1e-4 the cost decreases (the gradients were right all along)."
CHOICES = "broken/cubic_fit_lr_too_high.py's loop and data with lr 1e-4 and 300 steps."


def run(observe, epochs=300, lr=1e-4):
    return load_case_module("broken", "cubic_fit_lr_too_high").run(observe, epochs, lr)


SYMPTOMS = [Symptom(None, "the cost ends below 10% of its start",
                    lambda t: t["losses"][-1] < 0.1 * t["losses"][0])]
