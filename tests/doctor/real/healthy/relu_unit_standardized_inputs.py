"""The 2-1-1 ReLU/sigmoid net of the 'unlucky init' question with the answer's fix: standardised inputs."""
import numpy as np

from doctor_corpus import Symptom, load_case_module

SOURCE = ("https://stats.stackexchange.com/questions/450100/understanding-relu-does-this-unlucky-intialized-"
          "network-assign-all-instances")
DIAGNOSIS = ("The answer: standardise the data so it has both positive and negative values; then the same "
             "negative start is not dead and the unit learns.")
CHOICES = ("broken/relu_unit_dead_from_unlucky_init.py's data and start, inputs standardised; lr 0.5, 300 "
           "epochs; observe gets the same arguments as the broken case.")


def run(observe, epochs=300, lr=0.5):
    return load_case_module("broken", "relu_unit_dead_from_unlucky_init").run(observe, epochs, lr, standardize=True)


SYMPTOMS = [Symptom(None, "accuracy above 90% and the loss below half of log 2",
                    lambda t: t["accuracy"] > 0.9 and t["losses"][-1] < 0.5 * np.log(2))]
