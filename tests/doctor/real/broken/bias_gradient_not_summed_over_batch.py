"""A 64-30-10 network (sigmoid hidden layer, softmax output, x @ W + b) whose backward pass hands each bias the
whole (batch, units) array of deltas instead of its sum over the batch. The update b = b - lr * db then silently
broadcasts: after the first step every bias is a (50, units) matrix, one bias row per position in the mini-batch,
each trained by whichever shuffled sample lands there. Nothing raises while every batch has 50 rows; the network
can no longer be run on any other number of samples."""
import numpy as np

from doctor_corpus import Symptom, digits, one_hot, sigmoid, softmax_rows

HELD_OUT = True
ROUND = 9
SOURCE = "https://github.com/jimfleming/differentiation/issues/1"
DIAGNOSIS = ("The issue: when a (4, 4) array and a (4,) bias are added, the bias is broadcast over the rows, so "
             "its gradient arrives as (4, 4); updating with biases = biases - grad turns the biases into (4, 4) "
             "(with biases -= grad NumPy raises instead). The gradient of a broadcast operand must be summed back "
             "to its shape (np.sum(grad, 0)); the asker's own MNIST network built this way also overflowed in exp.")
CHOICES = ("scikit-learn's digits (1,000 images, pixels / 16), 64-30-10, weights N(0, 1) / sqrt(fan_in), zero "
           "biases (30,) and (10,) (our generator, seed 0), sigmoid hidden layer, softmax cross-entropy averaged "
           "over the batch, shuffled mini-batches of 50, lr 0.5, 15 epochs; db1, db2 left as the (50, units) "
           "deltas. Evaluating on all 1,000 images would raise, so the user only ever sees batch losses: they "
           "call observe() at the top of each epoch, on its first batch, after backward and before the update, "
           "with that batch's loss, W1, b1, W2, b2, the gradients as dW1, db1, dW2, db2, lr, the batch's inputs, "
           "one-hot targets and probabilities.")

X, LABELS = digits(1000, seed=0)
X = X / 16.0
Y = one_hot(LABELS, 10)


def run(observe, epochs=15, lr=0.5, batch=50):
    rng = np.random.default_rng(0)
    p = {"W1": rng.standard_normal((64, 30)) / 8.0, "b1": np.zeros(30),
         "W2": rng.standard_normal((30, 10)) / np.sqrt(30), "b2": np.zeros(10)}
    trace = {"losses": [], "shapes": []}
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            x, y = X[order[start:start + batch]], Y[order[start:start + batch]]
            h = sigmoid(x @ p["W1"] + p["b1"])
            probs = softmax_rows(h @ p["W2"] + p["b2"])
            loss = float(-np.mean(np.sum(y * np.log(probs), axis=1)))
            d2 = (probs - y) / batch
            d1 = (d2 @ p["W2"].T) * h * (1 - h)
            grads = {"dW1": x.T @ d1, "db1": d1, "dW2": h.T @ d2, "db2": d2}
            if start == 0:
                observe(epoch=epoch, loss=loss, params=p, grads=grads, lr=lr, inputs=x, targets=y,
                        predictions=probs)
                trace["losses"].append(loss)
                trace["shapes"].append((p["b1"].shape, grads["db1"].shape, p["b2"].shape, grads["db2"].shape))
            for k in ("W1", "b1", "W2", "b2"):
                p[k] = p[k] - lr * grads["d" + k]
    trace["final_b1_shape"] = p["b1"].shape
    return trace


SYMPTOMS = [
    Symptom("gradient-shape", "at the first observation db1 is (50, 30) for b1 (30,) and db2 (50, 10) for b2 (10,), "
            "and at the end b1 has become (50, 30)",
            lambda t: t["shapes"][0] == ((30,), (50, 30), (10,), (50, 10)) and t["final_b1_shape"] == (50, 30)),
]
