"""Grokking Deep Learning's chapter-10 convolutional network with the kernel update's sign fixed as the issue
proposes: 3x3 kernels over each image (16 of them), tanh, a dense softmax layer, mini-batches, every update adding
alpha times the (negative-derivative) deltas. The cross-entropy falls from 2.30 to ~1.5 in 40 epochs and the
training accuracy climbs past 75%, as the reader reports after the fix."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, softmax_rows

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/iamtrask/Grokking-Deep-Learning/issues/65"
DIAGNOSIS = ("The issue's fix: the deltas are negative derivatives, so the kernels too are updated with "
             "kernels += alpha * k_update; the reader's training accuracy then rises epoch after epoch "
             "(0.13, 0.17, 0.19, ... 0.55 in the first 16 iterations).")
CHOICES = ("As in the broken twin (grokking_conv_kernels_step_uphill): digits (500 images, pixels / 16), 3x3 "
           "patches (36 per image) times 16 kernels -> 576 tanh units -> 10 softmax outputs, the book's init "
           "(seed 0), batches of 100, delta (labels - softmax) / batch_size with alpha 0.02 (the book's alpha 2 "
           "over batch_size twice), no dropout, 40 epochs, the sign fixed. The user observes once per epoch the "
           "mean cross-entropy of the last batch, kernels and weights_1_2, their gradients as the negated added "
           "steps per unit of alpha, alpha, that batch's flattened images, one-hot labels and outputs.")

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
            p["weights_1_2"] += alpha * w_step
            p["kernels"] += alpha * k_update
        loss = float(-np.mean(np.sum(labels * np.log(layer_2), axis=1)))
        observe(epoch=epoch, loss=loss, params=p, grads={"kernels": -k_update, "weights_1_2": -w_step}, lr=alpha,
                inputs=images, targets=labels, predictions=layer_2)
        trace["losses"].append(loss)
        trace["accuracy"].append(hits / len(X))
    return trace


SYMPTOMS = [
    Symptom(None, "the last batch's cross-entropy falls below 0.75 of its first value and the training accuracy "
            "of the last epoch passes 75%", lambda t: t["losses"][-1] < 0.75 * t["losses"][0]
            and t["accuracy"][-1] > 0.75),
]
