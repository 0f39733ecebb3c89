"""A book's first regression example: y = 5x + 2 + noise on 100 points, W (1, 1) and b (1,) drawn N(0, 1),
predictions x @ W + b of shape (100, 1), targets of shape (100,), the loss sum((y - y_pred)^2) minimised by Adam
at lr 0.001. The subtraction broadcasts to a 100 x 100 matrix, every prediction against every target, so the
loss minimised is that of predicting the mean of all targets for every point: its gradient pushes W towards 0
and b towards mean(y) = 4.5, never towards 5 and 2. W first rises (b starts far below the mean), then falls; by
step 12,000 W is 0.003 and b 4.495: a flat line, the same output for every input."""
import numpy as np

from doctor_corpus import Symptom

HELD_OUT = True
ROUND = 11
SOURCE = "https://github.com/matroid/dlwithtf/issues/14"
DIAGNOSIS = ("The issue: in ch3's linear_regression_tf.py y has shape (100,) but should be (100, 1), because y - "
             "y_pred becomes (100, 100) with y_pred of shape (100, 1), so the loss is very largely overestimated; "
             "with the shape fixed the training converges to the global minimum (W = 5, b = 2). The authors "
             "confirmed the bug (also reported in #9).")
CHOICES = ("The book builds the loss as a TensorFlow graph and lets TensorFlow differentiate it; we write the same "
           "loss and its exact gradient in NumPy (dL/dy_pred_i = 2 sum_j (y_pred_i - y_j)) and Adam with "
           "TensorFlow's defaults (beta1 0.9, beta2 0.999, epsilon 1e-8). The script's data (N = 100, x uniform in "
           "[0, 1), w_true 5, b_true 2, noise 0.1; our generator, seed 456), W and b N(0, 1), lr 0.001; 13,000 "
           "steps instead of 1,000 so the run reaches where this loss leads. observe() every 100 steps before the "
           "update, where the script prints its loss (each step): the loss, W and b, their gradients, lr, x, y "
           "(100,) and y_pred (100, 1).")


def run(observe, steps=13000, lr=0.001, every=100):
    rng = np.random.default_rng(456)
    x = rng.random((100, 1))
    y = np.reshape(5 * x + 2 + rng.normal(scale=0.1, size=(100, 1)), -1)
    p = {"W": rng.standard_normal((1, 1)), "b": rng.standard_normal(1)}
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v2 = {k: np.zeros_like(v) for k, v in p.items()}
    trace = {"losses": [], "W": [], "b": []}
    for t in range(1, steps + 1):
        y_pred = x @ p["W"] + p["b"]
        # dL/dy_pred_i of sum((y - y_pred)^2) over the (100, 100) broadcast: -2 sum_j (y_j - y_pred_i)
        d_pred = -2 * (y.sum() - len(y) * y_pred)
        g = {"W": x.T @ d_pred, "b": d_pred.sum(axis=0)}
        if (t - 1) % every == 0:
            loss = float(np.sum((y - y_pred) ** 2))            # (100, 100): the bug
            observe(epoch=t - 1, loss=loss, params=p, grads=g, lr=lr, inputs=x, targets=y, predictions=y_pred)
            trace["losses"].append(loss)
            trace["W"].append(float(p["W"][0, 0]))
            trace["b"].append(float(p["b"][0]))
        for k in p:
            m[k] = 0.9 * m[k] + 0.1 * g[k]
            v2[k] = 0.999 * v2[k] + 0.001 * g[k] ** 2
            step = lr * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
            p[k] = p[k] - step * m[k] / (np.sqrt(v2[k]) + 1e-8)
    trace["y"], trace["final_pred"], trace["final_W"] = y, x @ p["W"] + p["b"], float(p["W"][0, 0])
    trace["first"] = (x, y)
    return trace


def first_loss_broadcast(t):
    """The first observed loss is the (100, 100) sum and not the per-sample one (W and b re-drawn from seed 456)."""
    rng = np.random.default_rng(456)
    rng.random((100, 1)), rng.normal(size=(100, 1))
    x, y = t["first"]
    y_pred = x @ rng.standard_normal((1, 1)) + rng.standard_normal(1)
    return (np.isclose(t["losses"][0], np.sum((y - y_pred) ** 2))
            and not np.isclose(t["losses"][0], np.sum((y - y_pred[:, 0]) ** 2)))


SYMPTOMS = [
    Symptom("shape-mismatch", "predictions (100, 1) against targets (100,), and the loss observed equals the sum of "
            "squares of their (100, 100) broadcast difference",
            lambda t: t["final_pred"].shape == (100, 1) and t["y"].shape == (100,) and first_loss_broadcast(t)),
    Symptom("constant-output", "at the end the predictions spread by less than 5% of the targets' spread (the fitted "
            "slope |W| is under 0.25 where the data's is 5)",
            lambda t: np.ptp(t["final_pred"]) < 0.05 * np.ptp(t["y"]) and abs(t["final_W"]) < 0.25),
]
