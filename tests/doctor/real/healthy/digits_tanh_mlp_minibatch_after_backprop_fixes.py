"""A course's from-scratch 64-100-10 MLP after its two backprop fixes: a tanh hidden layer, softmax output,
weights N(0, 1) and zero biases, cross-entropy of the softmax probabilities as the reported loss, the hidden
bias gradient taken after the tanh slope like the weight gradient, lr 0.5, minibatches of 50. Its gradients are
those of the loss it reports; the last minibatch's loss falls from 0.76 after the first epoch to 0.014 after the
fifteenth and the training accuracy reaches 100%."""
from doctor_corpus import Symptom, load_case_module

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/arthurdouillard/deepcourse/commit/ea14da60b7215f0b4f0015fe9d8d2541f7e23ad2"
DIAGNOSIS = ("The course's MLP as fixed by pull request #9: fit no longer applies a second softmax before the loss "
             "(commit b4bca7f), and grad_bh sums grad_htilde, the gradient after the tanh slope (this commit); the "
             "numpy-style backward then matches the loss.")
CHOICES = ("The course's code uses torch tensors as arrays (no autograd); we use NumPy. scikit-learn's digits (1,000 "
           "samples, pixels / 16, integer labels) instead of MNIST; 100 hidden units; N(0, 1) weights and zero "
           "biases as in the code (our generator, seed 0), lr 0.5, minibatches of 50 in data order, 15 epochs. "
           "observe() once per epoch after the last minibatch's update: that minibatch's loss (fit's return "
           "value), the four parameters, the four gradients the backward pass applied (returned from it), lr, the "
           "minibatch's inputs, integer labels and probabilities, and the tanh activations with their kind.")


def run(observe, epochs=15):
    return load_case_module("broken", "digits_tanh_mlp_loss_of_softmax_twice_bias_without_slope").run(
        observe, epochs, fixed=True)


SYMPTOMS = [
    Symptom(None, "the last minibatch's loss falls below 0.1x its first value and over 99% of the training samples "
            "are classified right", lambda t: t["losses"][-1] < 0.1 * t["losses"][0] and t["accuracies"][-1] > 0.99),
]
