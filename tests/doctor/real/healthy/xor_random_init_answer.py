"""The accepted fix of the 'XOR loss stays near 0.6' question: unscaled randn weights, random biases."""
from doctor_corpus import Symptom, load_case_module

SOURCE = "https://datascience.stackexchange.com/questions/31384/neural-network-xor-gate-classification"
DIAGNOSIS = ("The answer: remove the * 0.01, initialise the biases randomly, use (and raise) the learning rate; "
             "then the cost falls towards 0.")
CHOICES = "broken/xor_tiny_init_slow_plateau.py's loop with scale 1, random biases, lr 1.0 and 400 iterations."


def run(observe, epochs=400, lr=1.0):
    return load_case_module("broken", "xor_tiny_init_slow_plateau").run(observe, epochs, lr, scale=1.0,
                                                                        random_biases=True)


SYMPTOMS = [Symptom(None, "the cost falls below 0.1 and every output is on the right side of 0.5",
                    lambda t: t["losses"][-1] < 0.1 and ((t["out"] > 0.5) == [[False, True, True, False]]).all())]
