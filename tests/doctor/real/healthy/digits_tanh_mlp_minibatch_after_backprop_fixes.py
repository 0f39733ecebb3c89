"""A course's from-scratch 64-100-10 MLP after its two backprop fixes: a tanh hidden layer, softmax output,
weights N(0, 1) and zero biases, cross-entropy of the softmax probabilities as the reported loss, the hidden
bias gradient taken after the tanh slope like the weight gradient, lr 0.5, minibatches of 50. Its gradients are
those of the loss it reports; the last minibatch's loss falls from 0.76 after the first epoch to 0.014 after the
fifteenth and the training accuracy reaches 100%."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, softmax_rows

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


def forward(p, x):
    h = np.tanh(x @ p["w_hidden"] + p["b_hidden"])
    return h, softmax_rows(h @ p["w_output"] + p["b_output"])


def run(observe, epochs=15, lr=0.5, batch=50, hidden=100):
    X, labels = digits(1000)
    X = X / 16.0
    rng = np.random.default_rng(0)
    p = {"w_hidden": rng.standard_normal((64, hidden)), "b_hidden": np.zeros(hidden),
         "w_output": rng.standard_normal((hidden, 10)), "b_output": np.zeros(10)}
    trace = {"losses": [], "accuracies": []}
    for epoch in range(epochs):
        for start in range(0, len(X), batch):
            x, y = X[start:start + batch], labels[start:start + batch]
            h, probs = forward(p, x)
            loss = float(-np.mean(np.log(probs[np.arange(len(y)), y])))
            grad_logits = probs - one_hot(y, 10)
            grad_htilde = (grad_logits @ p["w_output"].T) * (1 - h ** 2)
            g = {"w_output": h.T @ grad_logits / len(x), "b_output": grad_logits.sum(axis=0) / len(x),
                 "w_hidden": x.T @ grad_htilde / len(x), "b_hidden": grad_htilde.sum(axis=0) / len(x)}
            for k in p:
                p[k] = p[k] - lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=x, targets=y, predictions=probs,
                activations={"hidden": h}, activation_kinds={"hidden": "tanh"})
        trace["losses"].append(loss)
        trace["accuracies"].append(float(np.mean(forward(p, X)[1].argmax(axis=1) == labels)))
    return trace


SYMPTOMS = [
    Symptom(None, "the last minibatch's loss falls below 0.1x its first value and over 99% of the training samples "
            "are classified right", lambda t: t["losses"][-1] < 0.1 * t["losses"][0] and t["accuracies"][-1] > 0.99),
]
