"""A single-layer regression network o = ReLU(W x + b) trained online (one sample at a time) on the squared
error (t - o)^2, with positive inputs, positive targets and weights that start negative: every
pre-activation W x + b is below 0, so o = 0 for every sample, the ReLU's derivative is 0, every gradient is
exactly 0 and nothing ever changes. The loss stays at mean(t^2), the loss of predicting 0."""
import numpy as np

from doctor_corpus import Symptom, constant_rows, dead_units

HELD_OUT = True
ROUND = 10
SOURCE = "https://math.techqa.club/are-relu-a-very-bad-choice-as-last-layer-for-regression-4483706"
DIAGNOSIS = ("(A copy of a Mathematics Stack Exchange question; the answer is not in our copy.) The asker's own "
             "analysis: dL/dW contains the ReLU's derivative, which is 0 wherever the pre-activation is negative; "
             "if a single ReLU output unit starts (from a bad initialisation) with a negative pre-activation for "
             "every sample, its gradient is always 0 and the network never learns anything, even though the "
             "targets are all positive and match the ReLU's range. Use a linear output for regression.")
CHOICES = ("The question's model (a = W x + b, o = ReLU(a), J = (t - o)^2, online learning); 200 samples of 5 "
           "features uniform in [0, 1), targets t = x . (1, 2, 3, 4, 5) / 5 + 1 (all positive); W (1, 5) uniform "
           "in [-1, 0) and b = 0 as the bad initialisation (our generator, seed 0); the W @ x layout with one "
           "column per sample; lr 0.01, 20 epochs; observe() once per epoch after the epoch's samples with the "
           "mean squared error over all samples, W, b, the last sample's dW, db, lr, the inputs (samples on axis 0),"
           " targets, the pre-activations and outputs, and the output's activation kind.")


def run(observe, epochs=20, lr=0.01):
    rng = np.random.default_rng(0)
    X = rng.random((5, 200))                              # one column per sample
    t = (np.array([[1, 2, 3, 4, 5]]) @ X) / 5 + 1         # (1, 200), all in (1, 4)
    W, b = rng.uniform(-1, 0, (1, 5)), np.zeros((1, 1))
    trace = {"losses": [], "pre": []}
    for epoch in range(epochs):
        for i in range(X.shape[1]):
            x = X[:, i:i + 1]
            a = W @ x + b
            o = np.maximum(a, 0)
            dJ_da = -2 * (t[:, i:i + 1] - o) * (a > 0)    # ReLU derivative: 0 here
            dW, db = dJ_da @ x.T, dJ_da
            W -= lr * dW
            b -= lr * db
        A = W @ X + b
        O = np.maximum(A, 0)
        loss = float(np.mean((t - O) ** 2))
        observe(epoch=epoch, loss=loss, params={"W": W, "b": b}, grads={"dW": dW, "db": db}, lr=lr, inputs=X.T,
                targets=t.T, preactivations={"out": A.T}, activation_kinds={"out": "relu"}, predictions=O.T)
        trace["losses"].append(loss)
        trace["pre"].append(A.T.copy())
        trace["out"] = O.T.copy()
    trace["zero_loss"] = float(np.mean(t ** 2))
    return trace


SYMPTOMS = [
    Symptom("dead-relu", "the output ReLU's pre-activation is <= 0 for all 200 samples at every observation",
            lambda t: all(len(dead_units(pre)) == 1 for pre in t["pre"])),
    Symptom("constant-output", "every prediction is 0 and the loss equals mean(t^2), the loss of predicting 0",
            lambda t: constant_rows(t["out"], tol=0) and np.all(t["out"] == 0)
            and abs(t["losses"][-1] - t["zero_loss"]) < 1e-12),
    Symptom("loss-plateau", "the loss is exactly the same at every observation",
            lambda t: len(set(t["losses"])) == 1),
]
