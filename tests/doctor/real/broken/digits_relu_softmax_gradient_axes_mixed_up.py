"""A one-hidden-layer ReLU / softmax digit classifier (samples on axis 0, x @ W + b, N(0, 1) weights and biases,
full batch) whose backward pass gets the orientation of the matrices wrong where the shapes do not stop it: the hidden
layer has as many units as there are classes, so W2 is square and both dW2 = dZ2.T @ A1 (transposed) and the hidden
error dZ2 @ W2 (instead of dZ2 @ W2.T) run without complaint; and the output bias gradient is summed over every axis,
one number that the update subtracts from all ten biases. The updates are not gradient steps: the loss climbs
(8 -> ~300 in 5 epochs), the accuracy drifts from 16% to 10%, and the softmax, stabilised with the maximum of the
whole batch instead of each row's, turns rows whose exponentials all underflow into 0 / 0 = NaN."""
import numpy as np

from doctor_corpus import Symptom, digits, first_non_finite, gradient_error, one_hot

HELD_OUT = True
ROUND = 8
SOURCE = ("https://pytroubles.com/en/posts/id1785-fixing-numpy-mnist-training-correct-gradient-axes-bias-reductions-"
          "and-stable-softmax")
DIAGNOSIS = ("The write-up: the backward pass mixes up matrix orientations and reduces the bias gradients along the "
             "wrong axis; NumPy broadcasting lets the mis-shaped updates through, the weights are overwritten in ways "
             "that keep the accuracy near chance (10-14%, then drifting back). Fix: dW = A_prev.T @ dZ, the hidden "
             "error dZ2 @ W2.T, bias gradients summed over axis 0 (samples), and a softmax stable per row.")
CHOICES = ("scikit-learn's 8x8 digits instead of MNIST (500 images, pixels / 16), layers 64-10-10 as the write-up's "
           "784-10-10, W and b N(0, 1) (our seed), softmax with the global max subtracted, mean cross-entropy, lr 0.5, "
           "full batch, 60 epochs (NaN from epoch ~10); our choice of which orientations go wrong (the write-up gives "
           "no numbers): dW2 transposed, the hidden error through W2 instead of W2.T, db2 summed over both axes; the "
           "loop observes every epoch the loss, W1, b1, W2, b2, their gradients dW1 ..., lr, inputs, one-hot targets "
           "and the probabilities.")

IMAGES, LABELS = digits(500, seed=8)
X, T = IMAGES / 16.0, one_hot(LABELS, 10)


def forward(p):
    z1 = X @ p["W1"] + p["b1"]
    a1 = np.maximum(z1, 0)
    ex = np.exp(a1 @ p["W2"] + p["b2"] - np.max(a1 @ p["W2"] + p["b2"]))
    return z1, a1, ex / ex.sum(axis=1, keepdims=True)


def cross_entropy(p):
    return float(-np.mean(np.sum(T * np.log(forward(p)[2] + 1e-300), axis=1)))


def run(observe, epochs=60, lr=0.5, every=1):
    rng = np.random.default_rng(5)
    p = {"W1": rng.standard_normal((64, 10)), "b1": rng.standard_normal(10), "W2": rng.standard_normal((10, 10)),
         "b2": rng.standard_normal(10)}
    m = len(X)
    trace = {"losses": [], "accuracy": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            train_step(observe, p, epoch, lr, every, m, trace)
    return trace


def train_step(observe, p, epoch, lr, every, m, trace):
    """One full-batch step with the post's backward pass; observe every ``every`` epochs."""
    z1, a1, a2 = forward(p)
    dz2 = a2 - T
    grads = {"dW2": dz2.T @ a1 / m, "db2": np.sum(dz2) / m}          # transposed; summed over both axes
    dz1 = (dz2 @ p["W2"]) * (z1 > 0)                                  # W2 where W2.T belongs
    grads["dW1"], grads["db1"] = X.T @ dz1 / m, np.sum(dz1, axis=0) / m
    loss = cross_entropy(p)
    if epoch % every == 0:
        observe(epoch=epoch, loss=loss, params=p, grads=grads, lr=lr, inputs=X, targets=T, predictions=a2)
        trace["losses"].append(loss)
        trace["accuracy"].append(float(np.mean(a2.argmax(axis=1) == LABELS)))
        if epoch == 0:
            trace["first"] = ({k: v.copy() for k, v in p.items()}, {k[1:]: np.asarray(g) for k, g in grads.items()})
    for k in ("W1", "b1", "W2", "b2"):
        p[k] = p[k] - lr * grads["d" + k]


SYMPTOMS = [
    Symptom("gradient-mismatch", "at epoch 0 dW2 and dW1 each differ from central differences of the cross-entropy "
            "by more than 0.5 of their norm",
            lambda t: all(gradient_error(cross_entropy, t["first"][0], t["first"][1], k) > 0.5 for k in ("W2", "W1"))),
    Symptom("gradient-shape", "db2 is one number (shape ()) for a bias of shape (10,)",
            lambda t: np.shape(t["first"][1]["b2"]) == () and t["first"][0]["b2"].shape == (10,)),
    Symptom("loss-diverging", "the loss rises above 10x its first value, then turns NaN",
            lambda t: np.nanmax(t["losses"]) > 10 * t["losses"][0] and not np.isfinite(t["losses"][-1])),
    Symptom("non-finite", "the loss is NaN from some epoch before 30 on",
            lambda t: first_non_finite(t["losses"]) is not None and first_non_finite(t["losses"]) < 30),
]
