"""A course's from-scratch 64-100-10 MLP (tanh hidden layer, softmax output, weights N(0, 1), zero biases, lr 0.5,
minibatches of 50) before two fixes: the loss it reports is the cross-entropy of softmax(probs), a second softmax
applied to probabilities that already came out of one, and the hidden bias gradient sums the error reaching the
hidden activations, without the tanh slope that the weight gradient has. The backward pass follows the single
softmax, so the reported loss is not the loss the gradients descend: it cannot go below -log(e / (e + 9)) = 1.46
(a second softmax of a one-hot row): it falls from 1.66 to 1.47 and flattens there while the training accuracy
climbs above 99%. The run learns; what is wrong is that its gradients are not those of the loss it reports."""
import numpy as np

from doctor_corpus import Symptom, digits, gradient_error, one_hot, softmax_rows

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/arthurdouillard/deepcourse/pull/9"
DIAGNOSIS = ("The pull request (merged, 'minor fixes in MLP backprop'): the softmax in fit is redundant since it "
             "was already applied in forward to produce the probabilities (commit b4bca7f removes it), and the "
             "hidden bias gradient depends on the gradient with respect to the pre-activation h_tilde, not on the "
             "gradient with respect to h, since tanh is applied to X W + b (commit ea14da6).")
CHOICES = ("The course's code uses torch tensors as arrays (no autograd); we use NumPy. scikit-learn's digits (1,000 "
           "samples, pixels / 16, integer labels) instead of MNIST; 100 hidden units (the size is the caller's); "
           "N(0, 1) weights and zero biases as in the code (our generator, seed 0), lr 0.5 as its default, "
           "minibatches of 50 in data order, 15 epochs. observe() once per epoch after the last minibatch's update, "
           "with that minibatch's reported loss (fit's return value), the four parameters, the four gradients the "
           "backward pass applied (returned from it), lr, the minibatch's inputs, integer labels and the "
           "probabilities (one softmax), and the tanh activations with their kind.")


def forward(p, x):
    h = np.tanh(x @ p["w_hidden"] + p["b_hidden"])
    return h, softmax_rows(h @ p["w_output"] + p["b_output"])


def reported_loss(x, labels):
    """fit's loss: the cross-entropy of softmax(probs), a second softmax."""
    def loss_of(p):
        twice = softmax_rows(forward(p, x)[1])
        return float(-np.mean(np.log(twice[np.arange(len(labels)), labels])))
    return loss_of


def single_softmax_loss(x, labels):
    def loss_of(p):
        return float(-np.mean(np.log(forward(p, x)[1][np.arange(len(labels)), labels])))
    return loss_of


def run(observe, epochs=15, lr=0.5, batch=50, hidden=100, fixed=False):
    """fixed=True: the course's code after both fixes (the healthy twin)."""
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
            loss = (single_softmax_loss if fixed else reported_loss)(x, y)(p)
            grad_logits = probs - one_hot(y, 10)
            grad_h = grad_logits @ p["w_output"].T
            grad_htilde = grad_h * (1 - h ** 2)
            g = {"w_output": h.T @ grad_logits / len(x), "b_output": grad_logits.sum(axis=0) / len(x),
                 "w_hidden": x.T @ grad_htilde / len(x),
                 "b_hidden": (grad_htilde if fixed else grad_h).sum(axis=0) / len(x)}
            if epoch == 0 and start == 0:
                trace["start"] = (x, y, {k: v.copy() for k, v in p.items()}, g)
            for k in p:
                p[k] = p[k] - lr * g[k]
        observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=x, targets=y, predictions=probs,
                activations={"hidden": h}, activation_kinds={"hidden": "tanh"})
        trace["losses"].append(loss)
        trace["accuracies"].append(float(np.mean(forward(p, X)[1].argmax(axis=1) == labels)))
    return trace


def gradients_not_of_reported_loss(t):
    x, y, params, g = t["start"]
    return (gradient_error(reported_loss(x, y), params, g, "w_output") > 0.5
            and gradient_error(single_softmax_loss(x, y), params, g, "b_hidden") > 0.3)


SYMPTOMS = [
    Symptom("gradient-mismatch", "at the first minibatch the output weights' gradient differs by more than 50% from "
            "central differences of the reported loss (softmax applied twice), and the hidden bias gradient by "
            "more than 30% even from those of the single-softmax cross-entropy",
            gradients_not_of_reported_loss),
]
