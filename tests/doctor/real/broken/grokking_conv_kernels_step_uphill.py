"""Grokking Deep Learning's chapter-10 convolutional network: 3x3 kernels slid over each image (16 of them), tanh,
a dense softmax layer, mini-batches. The deltas hold the *negative* derivative (target minus output), so every
update must add them; the dense layer does (weights_1_2 += alpha * ...), but the kernels are stepped with
kernels -= alpha * k_update, so they climb the loss while the dense layer descends it. On 8x8 digits the
cross-entropy rises from 2.31 to 2.38 and is back to only 2.27 after 40 epochs (the fixed sign: 1.5), and the
training accuracy stays below 20% (fixed: 82%)."""
import numpy as np

from doctor_corpus import Symptom, digits, gradient_error, one_hot, softmax_rows

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/iamtrask/Grokking-Deep-Learning/issues/65"
DIAGNOSIS = ("The issue: the book's layer deltas are the negative derivatives of the loss, and every other update "
             "adds alpha times them, so the kernel update must be kernels += alpha * k_update, not -=; with the sign "
             "fixed the reader's training accuracy climbs steadily.")
CHOICES = ("scikit-learn's digits (500 images, pixels / 16) for MNIST's 28x28: 3x3 patches of each 8x8 image (36 per "
           "image) times 16 kernels -> 576 tanh units -> 10 softmax outputs; the book's init (kernels 0.02 * rand - "
           "0.01, weights_1_2 0.2 * rand - 0.1; our generator, seed 0), batches of 100, the output delta (labels - "
           "softmax) / batch_size and alpha 0.02 (the book divides by batch_size twice with alpha 2: the same steps, "
           "but ours keep the gradients those of the mean cross-entropy), no dropout, 40 epochs. The user observes "
           "once per epoch the mean cross-entropy of the last batch, kernels and weights_1_2, what each update "
           "subtracts per unit of alpha as their gradients (k_update, and -layer_1.T @ layer_2_delta), alpha, that "
           "batch's flattened images, one-hot labels and softmax outputs.")

X, LABELS = digits(500, seed=0)
X = X / 16.0
Y = one_hot(LABELS, 10)
ROWS = [(r, c) for r in range(6) for c in range(6)]


def patches(images):
    """(n, 64) -> (n * 36, 9): every 3x3 patch of every image, row by row."""
    sq = images.reshape(-1, 8, 8)
    return np.stack([sq[:, r:r + 3, c:c + 3].reshape(len(sq), 9) for r, c in ROWS], axis=1).reshape(-1, 9)


def forward(p, images):
    flat = patches(images)
    layer_1 = np.tanh((flat @ p["kernels"]).reshape(len(images), -1))       # (n, 36 * 16)
    return flat, layer_1, softmax_rows(layer_1 @ p["weights_1_2"])


def cross_entropy(p, images, labels):
    return float(-np.mean(np.sum(labels * np.log(forward(p, images)[2] + 1e-300), axis=1)))


def run(observe, epochs=40, alpha=0.02, batch_size=100):
    rng = np.random.default_rng(0)
    p = {"kernels": 0.02 * rng.random((9, 16)) - 0.01, "weights_1_2": 0.2 * rng.random((576, 10)) - 0.1}
    trace = {"losses": [], "accuracy": []}
    for epoch in range(epochs):
        hits = 0
        for start in range(0, len(X), batch_size):
            images, labels = X[start:start + batch_size], Y[start:start + batch_size]
            flat, layer_1, layer_2 = forward(p, images)
            hits += int(np.sum(np.argmax(layer_2, axis=1) == np.argmax(labels, axis=1)))
            layer_2_delta = (labels - layer_2) / batch_size
            layer_1_delta = (layer_2_delta @ p["weights_1_2"].T) * (1 - layer_1 ** 2)
            k_update = flat.T @ layer_1_delta.reshape(-1, 16)
            w_step = layer_1.T @ layer_2_delta
            if start == 0 and epoch == 5:
                trace["epoch5"] = ({k: v.copy() for k, v in p.items()}, {"kernels": k_update, "weights_1_2": -w_step},
                                   images, labels)
            p["weights_1_2"] += alpha * w_step
            p["kernels"] -= alpha * k_update
        loss = float(-np.mean(np.sum(labels * np.log(layer_2), axis=1)))
        observe(epoch=epoch, loss=loss, params=p, grads={"kernels": k_update, "weights_1_2": -w_step}, lr=alpha,
                inputs=images, targets=labels, predictions=layer_2)
        trace["losses"].append(loss)
        trace["accuracy"].append(hits / len(X))
    trace["layer_1"] = forward(p, X)[1]
    return trace


def _errors(t):
    params, grads, images, labels = t["epoch5"]
    loss_of = lambda q: cross_entropy(q, images, labels)   # noqa: E731
    return {k: gradient_error(loss_of, params, grads, k) for k in ("kernels", "weights_1_2")}


SYMPTOMS = [
    Symptom("gradient-mismatch", "at epoch 5 the kernels' applied gradient k_update is the negative of central "
            "differences of the batch's mean cross-entropy (relative error > 1.9), while weights_1_2's is right "
            "(< 1e-4)", lambda t: _errors(t)["kernels"] > 1.9 and _errors(t)["weights_1_2"] < 1e-4),
]
