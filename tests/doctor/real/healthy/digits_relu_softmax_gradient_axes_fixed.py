"""The one-hidden-layer ReLU / softmax digit classifier of the broken case (samples on axis 0, x @ W + b, N(0, 1)
weights and biases, full batch) with the write-up's fixes: dW = A_prev.T @ dZ, the hidden error dZ2 @ W2.T, bias
gradients summed over the samples (axis 0), and a softmax stabilised per row. It reaches > 95% training accuracy."""
import numpy as np

from doctor_corpus import Symptom, load_case_module, softmax_rows

HELD_OUT = True
ROUND = 8
SOURCE = ("https://pytroubles.com/en/posts/id1785-fixing-numpy-mnist-training-correct-gradient-axes-bias-reductions-"
          "and-stable-softmax")
DIAGNOSIS = ("The write-up's fix: compute every weight gradient as the previous activation transposed times the "
             "layer's error, propagate the error through the transposed weights, reduce bias gradients over axis 0 "
             "and use a numerically stable softmax per row; the same network then trains instead of sitting at "
             "chance.")
CHOICES = ("scikit-learn's 8x8 digits (500 images, pixels / 16), layers 64-10-10, W and b N(0, 1) (our seed), mean "
           "cross-entropy, lr 0.5 (the write-up gives none; the broken case uses the same), full batch, 600 epochs; "
           "the loop observes every 10th epoch the loss, W1, b1, W2, b2, their gradients dW1 ..., lr, inputs, one-hot "
           "targets and the probabilities.")

TWIN = load_case_module("broken", "digits_relu_softmax_gradient_axes_mixed_up")
X, T, LABELS = TWIN.X, TWIN.T, TWIN.LABELS                          # the broken case's 500 images


def run(observe, epochs=600, lr=0.5, every=10):
    rng = np.random.default_rng(5)
    p = {"W1": rng.standard_normal((64, 10)), "b1": rng.standard_normal(10), "W2": rng.standard_normal((10, 10)),
         "b2": rng.standard_normal(10)}
    m = len(X)
    trace = {"losses": [], "accuracy": []}
    for epoch in range(epochs):
        z1 = X @ p["W1"] + p["b1"]
        a1 = np.maximum(z1, 0)
        a2 = softmax_rows(a1 @ p["W2"] + p["b2"])
        loss = float(-np.mean(np.sum(T * np.log(a2), axis=1)))
        dz2 = (a2 - T) / m
        dz1 = (dz2 @ p["W2"].T) * (z1 > 0)
        grads = {"dW2": a1.T @ dz2, "db2": dz2.sum(axis=0), "dW1": X.T @ dz1, "db1": dz1.sum(axis=0)}
        if epoch % every == 0:
            observe(epoch=epoch, loss=loss, params=p, grads=grads, lr=lr, inputs=X, targets=T, predictions=a2)
            trace["losses"].append(loss)
            trace["accuracy"].append(float(np.mean(a2.argmax(axis=1) == LABELS)))
        for k in ("W1", "b1", "W2", "b2"):
            p[k] = p[k] - lr * grads["d" + k]
    return trace


SYMPTOMS = [
    Symptom(None, "the cross-entropy falls below 0.1 of its first value and the training accuracy ends above 0.95",
            lambda t: t["losses"][-1] < 0.1 * t["losses"][0] and t["accuracy"][-1] > 0.95),
]
