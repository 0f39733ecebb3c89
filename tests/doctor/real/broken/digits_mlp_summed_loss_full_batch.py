"""A 64-64-64-10 ReLU network kept as a list of (w, b) pairs (w of shape (n_out, n_in)), log-softmax outputs and
the loss -sum(log p * targets) summed over the batch, as a well-known JAX tutorial wrote it: at the tutorial's
step size 0.01 that works for batches of 128, but on one batch of 1,000 images the summed gradient is 1,000 times
the mean one: the first steps overshoot, the loss jumps 5,000-fold, every hidden ReLU dies and the network ends
predicting the same probabilities for every image."""
import numpy as np

from doctor_corpus import (EXPLODING_GRADIENTS, LOSS_EXPLODES, Symptom, constant_rows, dead_units, digits, flat,
                           grad_norm, gradients_vanish, one_hot)

HELD_OUT = True
ROUND = 6
SOURCE = "https://github.com/jax-ml/jax/pull/3113"
DIAGNOSIS = ("The pull request: the notebook's loss used np.sum without accounting for the number of samples; that "
             "worked for a batch of 128 with its low learning rate but led to exploding gradients for larger "
             "batches. Averaging (np.mean) with a larger learning rate gives the same results at any batch size.")
CHOICES = ("The notebook's recipe in NumPy on scikit-learn's 8x8 digits (1,000 images, pixels / 16) instead of "
           "MNIST: layer sizes 64-64-64-10 (the notebook's 784-512-512-10, scaled down), weights and biases "
           "param_scale 0.1 * N(0, 1), ReLU, log-softmax, step size 0.01, the summed loss; the 1,000 images as one "
           "batch (the 'larger batch'), 60 steps; observe every step with the summed loss, the parameters as W1, "
           "b1 ... (the list flattened the way a user would name it), their gradients dW1 ..., lr, inputs, one-hot "
           "targets and the log-probabilities as predictions.")


def relu(x):
    return np.maximum(0, x)


def init_network_params(sizes, rng, scale=0.1):
    return [(scale * rng.standard_normal((n, m)), scale * rng.standard_normal(n)) for m, n in zip(sizes[:-1],
                                                                                              sizes[1:])]


def forward(params, images):
    activations, pre = [images], []
    for w, b in params[:-1]:
        pre.append(activations[-1] @ w.T + b)
        activations.append(relu(pre[-1]))
    w, b = params[-1]
    logits = activations[-1] @ w.T + b
    shifted = logits - logits.max(axis=1, keepdims=True)
    return activations, pre, shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def loss_and_grads(params, images, targets):
    activations, pre, log_probs = forward(params, images)
    loss = float(-np.sum(log_probs * targets))
    delta = np.exp(log_probs) - targets          # d(summed loss) / d logits
    grads = [None] * len(params)
    for i in range(len(params) - 1, -1, -1):
        grads[i] = (delta.T @ activations[i], delta.sum(axis=0))
        if i > 0:
            delta = (delta @ params[i][0]) * (pre[i - 1] > 0)
    return loss, grads, log_probs


def named(pairs, prefix=""):
    out = {}
    for i, (w, b) in enumerate(pairs, start=1):
        out[f"{prefix}W{i}"], out[f"{prefix}b{i}"] = w, b
    return out


def run(observe, steps=60, step_size=0.01, mean_loss=False):
    images, labels = digits(1000, seed=3)
    images, targets = images / 16, one_hot(labels, 10)
    params = init_network_params([64, 64, 64, 10], np.random.default_rng(0))
    trace = {"losses": [], "grad_norms": []}
    for step in range(steps):
        loss, grads, log_probs = loss_and_grads(params, images, targets)
        if mean_loss:
            loss, grads = loss / len(images), [(dw / len(images), db / len(images)) for dw, db in grads]
        observe(epoch=step, loss=loss, params=named(params), grads=named(grads, "d"), lr=step_size, inputs=images,
                targets=targets, predictions=log_probs)
        trace["losses"].append(loss)
        trace["grad_norms"].append(grad_norm(named(grads)))
        trace["last"] = (named(params), named(grads))
        params = [(w - step_size * dw, b - step_size * db) for (w, b), (dw, db) in zip(params, grads)]
    activations, pre, log_probs = forward(params, images)
    trace["pre"], trace["log_probs"] = pre, log_probs
    return trace


def _mean_loss_learns(t):
    """The same loop with the loss (and so the gradient) averaged over the batch, lr 0.01 x 10 as the PR does,
    ends finite and below its first loss."""
    losses = run(lambda **r: None, step_size=0.1, mean_loss=True)["losses"]
    return bool(np.all(np.isfinite(losses)) and losses[-1] < losses[0])


SYMPTOMS = [
    LOSS_EXPLODES,
    EXPLODING_GRADIENTS,
    Symptom("dead-relu", "after the overshoot every unit of both hidden layers is <= 0 on all 1,000 images",
            lambda t: all(len(dead_units(z)) == z.shape[1] for z in t["pre"])),
    Symptom("constant-output", "every image gets the same 10 probabilities (within 1e-3)",
            lambda t: constant_rows(np.exp(t["log_probs"]), tol=1e-3)),
    Symptom("loss-plateau", "the summed loss moves < 5% over the second half", lambda t: flat(t["losses"])),
    Symptom("vanishing-gradients", "at the last step every ||dW|| / ||W|| is below 1e-8 (or one is 1000x below "
            "another)", gradients_vanish),
    Symptom("lr-too-high", "with the loss averaged over the batch (steps 100x smaller: lr 0.1 / 1,000 samples) the "
            "same loop stays finite and lowers the loss", _mean_loss_learns),
]
