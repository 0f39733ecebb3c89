"""A 30-10-1 network (ReLU hidden layer, sigmoid output, He-scaled weights) trained with binary cross-entropy
by full-batch gradient descent at lr 2 on the standardised breast-cancer data, which it separates perfectly:
the cost falls nicely for ~230 epochs while the weights keep growing; then an output rounds to exactly 1.0 (or
0.0), the unclipped cost -(y log a + (1 - y) log(1 - a)) meets 0 * log(0) = NaN and stays NaN, although
every weight is finite and every training sample is classified right. At lr 1 it happens at epoch ~625, at
lr 0.5 at ~1030 (runs of 2,000 epochs): a smaller learning rate only postpones it."""
import numpy as np

from doctor_corpus import Symptom, first_non_finite, sigmoid

HELD_OUT = True
ROUND = 10
SOURCE = "https://grindskills.com/cost-function-turning-into-nan-after-a-certain-number-of-iterations/"
DIAGNOSIS = ("(A copy of a Cross Validated question.) The answer: a NaN cost means an input left the cost "
             "function's domain, typically the logarithm of 0, or of a value that rounds to 0; it is not the "
             "descent failing to settle near the minimum. Find why the cost gets such inputs (clip the "
             "probabilities, rescale inputs and initial weights, or adapt the learning rate).")
CHOICES = ("The question gives no code: scikit-learn's breast-cancer data (569 x 30, standardised, labels 0/1) as a "
           "classification set that can be separated; one hidden layer of 10 ReLU units, a sigmoid output, "
           "N(0, 1) * sqrt(2 / fan_in) weights (our generator, seed 0), zero biases, the x @ W layout, lr 2 (the "
           "question: a smaller learning rate makes the NaN come later), 600 epochs, an unclipped cost; observe() "
           "every 5 epochs after the update with the cost and the predictions of the forward pass before it, "
           "w_hidden, b_hidden, w_out, b_out, their gradients as grad_w_hidden ..., lr, inputs and targets.")


def data():
    from sklearn.datasets import load_breast_cancer
    X, y = load_breast_cancer(return_X_y=True)
    return (X - X.mean(axis=0)) / X.std(axis=0), y.reshape(-1, 1).astype(float)


def run(observe, epochs=600, lr=2.0, every=5):
    X, y = data()
    m = len(y)
    rng = np.random.default_rng(0)
    w_hidden, b_hidden = rng.standard_normal((30, 10)) * np.sqrt(2 / 30), np.zeros((1, 10))
    w_out, b_out = rng.standard_normal((10, 1)) * np.sqrt(2 / 10), np.zeros((1, 1))
    trace = {"losses": [], "params_finite": [], "accuracies": [], "exact": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            z_hidden = X @ w_hidden + b_hidden
            h = np.maximum(z_hidden, 0)
            a = sigmoid(h @ w_out + b_out)
            delta_out = (a - y) / m
            delta_hidden = (delta_out @ w_out.T) * (z_hidden > 0)
            grads = {"grad_w_hidden": X.T @ delta_hidden, "grad_b_hidden": delta_hidden.sum(axis=0, keepdims=True),
                     "grad_w_out": h.T @ delta_out, "grad_b_out": delta_out.sum(axis=0, keepdims=True)}
            w_hidden -= lr * grads["grad_w_hidden"]
            b_hidden -= lr * grads["grad_b_hidden"]
            w_out -= lr * grads["grad_w_out"]
            b_out -= lr * grads["grad_b_out"]
            if epoch % every == 0:
                cost = float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))
                params = {"w_hidden": w_hidden, "b_hidden": b_hidden, "w_out": w_out, "b_out": b_out}
                observe(epoch=epoch, loss=cost, params=params, grads=grads, lr=lr, inputs=X, targets=y,
                        predictions=a)
                trace["losses"].append(cost)
                trace["params_finite"].append(all(np.all(np.isfinite(p)) for p in params.values()))
                trace["accuracies"].append(float(np.mean((a > 0.5) == (y > 0.5))))
                trace["exact"].append(bool(np.any((a == 0.0) | (a == 1.0))))
    return trace


def nan_with_finite_weights(t):
    first = first_non_finite(t["losses"])
    falls = first is not None and first > 10 and t["losses"][first - 1] < 0.2 * t["losses"][0]
    return (falls and all(np.isnan(t["losses"][first:])) and all(t["exact"][first:])
            and all(t["params_finite"]) and min(t["accuracies"][first:]) > 0.99)


SYMPTOMS = [
    Symptom("non-finite", "after falling below 0.2x its first value the cost is NaN at every later observation, "
            "each of which has an output of exactly 0.0 or 1.0, while every weight stays finite and the training "
            "accuracy stays above 99%", nan_with_finite_weights),
]
