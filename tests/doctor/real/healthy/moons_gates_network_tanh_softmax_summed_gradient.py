"""A from-scratch network built from gates (MultiplyGate x @ W, AddGate + b, a Tanh layer after both of them, a
softmax output on the last tanh values), layers [2, 3, 2], trained full-batch on 200 noisy moons with epsilon
0.01 and L2 reg_lambda 0.01 added to each dW, the softmax gradient summed over the samples (the printed loss is
their mean). Tanh on the output layer caps a probability at e / (e + 1/e) = 0.88, so the loss cannot reach 0,
but it falls from 0.70 to 0.16 in 3,000 passes and the network classifies 98.5% of the points right."""
from doctor_corpus import Symptom, load_case_module

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/gy910210/neural-network-from-scratch"
DIAGNOSIS = ("A working repository: the modular version of a well-known 'neural network from scratch' tutorial; its "
             "main.py trains [2, 3, 2] on make_moons for 20,000 passes with epsilon 0.01 and reg_lambda 0.01, "
             "prints the loss every 1,000 passes and plots a curved decision boundary.")
CHOICES = ("make_moons(200, noise 0.20) (our seed 0), W randn / sqrt(fan_in) and b randn (our generator, seed 0), the "
           "summed softmax gradient and tanh backward (1 - tanh^2) as in the repository; 3,000 of its 20,000 passes. "
           "observe() every 100 passes after the updates, where main.py prints: calculate_loss (mean cross-entropy, "
           "no regulariser), W1, b1, W2, b2, the gradients each layer applied (collected in the loop), lr, the "
           "inputs, integer labels, the softmax probabilities of the pass and the two tanh layers' outputs with "
           "their kind.")


def run(observe, passes=3000):
    return load_case_module("broken", "moons_tanh_backward_one_plus_tanh_squared").run(observe, passes, issue=False)


SYMPTOMS = [
    Symptom(None, "the loss falls below 0.45x its first value, still falling over the last tenth, with over 80% of "
            "the points right", lambda t: t["losses"][-1] < 0.45 * t["losses"][0]
            and t["losses"][-1] < t["losses"][-4] and t["accuracies"][-1] > 0.8),
]
