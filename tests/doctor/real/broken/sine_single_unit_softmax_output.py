"""Fitting sin(x) on 0..10 with a 1-3-1 ReLU net whose single output goes through a softmax: a softmax over one
unit is exactly 1 for every sample (a horizontal line), and the inline update, fed by raw x up to 9.9 summed over
100 samples, blows the weights up twenty-fold per step until exp overflows to NaN at the third epoch."""
import numpy as np

from doctor_corpus import LOSS_EXPLODES, Symptom, first_non_finite, load_case_module

HELD_OUT = True
ROUND = 5
SOURCE = "https://stackoverflow.com/questions/58925868/neural-network-for-fitting-a-sine-wave"
DIAGNOSIS = ("(Our reading of the posted code; no answer in the copy we could read.) The output layer applies a "
             "softmax to a single column, which normalises every row to exactly 1, so the network predicts 1 for "
             "every x and cannot follow sin(x) (which is negative half of the time); the inline update also leaves "
             "out the ReLU derivative and adds an L2 term that the printed loss does not contain. Run longer than "
             "the post's single epoch and the steps, summed over 100 samples of x up to 9.9, grow the weights "
             "twenty-fold each until exp overflows to NaN. Use a linear output for a regression, the ReLU mask in "
             "the hidden error and a mean instead of a sum.")
CHOICES = ("The post's data (x = 0, 0.1, ..., 9.9 as a (100, 1) column, y = sin(x)), 3 hidden ReLU units, weights "
           "randn / sqrt(fan_in + fan_out) and zero biases cast to float32 as posted, alpha 0.01 and reg 0.3 as "
           "posted, full-batch updates written inline as posted (no gradient variables); 30 epochs instead of the "
           "post's 1 (it calls its training once per run); observe once per epoch with the mean squared error, the "
           "four parameters, predictions and targets (the author prints the predictions).")


naive_softmax = load_case_module("broken", "softmax_naive_exp_overflow").naive_softmax


def run(observe, epochs=30, alpha=0.01, reg=0.3):
    x = np.arange(0, 10, 0.1).reshape(-1, 1)
    y = np.sin(x)
    rng = np.random.default_rng(0)
    w1 = (rng.standard_normal((1, 3)) / np.sqrt(4)).astype(np.float32)
    b1 = np.zeros(3, dtype=np.float32)
    w2 = (rng.standard_normal((3, 1)) / np.sqrt(4)).astype(np.float32)
    b2 = np.zeros(1, dtype=np.float32)
    trace = {"losses": [], "y": y, "steps": [], "finite_out": []}
    for epoch in range(epochs):
        hidden = np.maximum(x @ w1 + b1, 0)
        output = naive_softmax(hidden @ w2 + b2)             # exp without subtracting the max, as posted
        w1_before = w1
        w2 = w2 - alpha * (hidden.T @ (output - y) + reg * w2)
        b2 = b2 - alpha * np.sum(output - y)
        hidden_error = (output - y) @ w2.T
        w1 = w1 - alpha * (x.T @ hidden_error + reg * w1)
        b1 = b1 - alpha * np.sum(hidden_error)
        loss = float(np.mean((output - y) ** 2))
        observe(epoch=epoch, loss=loss, params={"w1": w1, "b1": b1, "w2": w2, "b2": b2},
                predictions=output, targets=y)
        trace["losses"].append(loss)
        trace["steps"].append(float(np.linalg.norm(w1 - w1_before) / np.linalg.norm(w1_before)))
        if np.all(np.isfinite(output)):
            trace["finite_out"].append(output)
    return trace


SYMPTOMS = [
    Symptom("constant-output", "every finite prediction is exactly 1.0 (a softmax over one unit)",
            lambda t: len(t["finite_out"]) >= 2 and all(bool(np.all(o == 1.0)) for o in t["finite_out"])),
    Symptom("output-activation-mismatch", "targets go below -0.9 while the softmax output lies in [0, 1]",
            lambda t: t["y"].min() < -0.9 and all(float(o.min()) >= 0 for o in t["finite_out"])),
    Symptom("lr-too-high", "one update moves w1 by more than 10x its own size",
            lambda t: max(v for v in t["steps"] if np.isfinite(v)) > 10),
    LOSS_EXPLODES,
    Symptom("non-finite", "the MSE is NaN from the third epoch on", lambda t: first_non_finite(t["losses"]) == 2),
]
