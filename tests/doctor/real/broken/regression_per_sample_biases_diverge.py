"""A 1-10-1 sigmoid/linear regression net with per-sample 'biases' and a delta scaled by the mean error."""
import numpy as np

from doctor_corpus import (LOSS_EXPLODES, Symptom, first_non_finite, grad_norm, gradient_error, gradients_explode,
                           sigmoid)

SOURCE = "https://datascience.stackexchange.com/questions/49802/why-the-loss-is-nan-by-using-linear-activation-function-in-the-last-layer"
DIAGNOSIS = ("The update is not gradient descent on the squared error: the output delta is multiplied by the mean "
             "error, the biases are (1000, n) arrays (one per sample), the updates sum over 1000 samples at lr = "
             "1, and standard() divides by the variance; the loss explodes (3.5, -3e4, -3e12, -6e28). The answers:"
             " fix the biases' shape, average the gradients and lower the learning rate.")
CHOICES = ("The post's data, seeds and shapes; 12 steps (the post shows 4); the loss passed to the doctor is the "
           "mean squared error (the post prints the mean signed error); observe gets the loss, params and the "
           "ascent directions the loop adds (its 'gradients'), predictions and targets.")


def make_data():
    np.random.seed(1)
    x_pre = 2 * np.random.normal(size=(1000, 1))
    y = x_pre ** 2 - 0.2 * np.cos(3 * np.pi * x_pre)
    x = (x_pre - x_pre.mean()) / x_pre.var()            # the post's standard() divides by the variance
    return x, y


def mse(x, y):
    return lambda p: float(np.mean((y - (sigmoid(x @ p["w0"] + p["b0"]) @ p["w1"] + p["b1"])) ** 2))


def run(observe, epochs=12, lr=1.0):
    x, y = make_data()
    p = {"w0": 2 * np.random.random((1, 10)) - 1, "w1": 2 * np.random.random((10, 1)) - 1}
    np.random.seed(10)
    p["b0"], p["b1"] = np.random.normal(size=(1000, 10)), np.random.normal(size=(1000, 1))
    trace = {"losses": [], "grad_norms": []}
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            l1 = sigmoid(x @ p["w0"] + p["b0"])
            l2 = l1 @ p["w1"] + p["b1"]
            loss = float(np.mean((y - l2) ** 2))
            l2_delta = np.mean(y - l2) * 2 * (y - l2)
            l1_delta = l2_delta @ p["w1"].T * (l1 * (1 - l1))
            step = {"w1": l1.T @ l2_delta, "w0": x.T @ l1_delta, "b0": l1_delta, "b1": l2_delta}
            if epoch == 0:
                trace["start"] = ({k: v.copy() for k, v in p.items()},
                                  {k: -v / len(x) for k, v in step.items()})   # read as a mean-gradient
            for k in p:
                p[k] = p[k] + lr * step[k]
            observe(epoch=epoch, loss=loss, params=p, grads=step, lr=lr, predictions=l2, targets=y)
            trace["losses"].append(loss)
            trace["grad_norms"].append(grad_norm(step))
    trace["loss_of"] = mse(x, y)
    return trace


SYMPTOMS = [
    LOSS_EXPLODES,
    Symptom("non-finite", "the loss becomes inf or NaN", lambda t: first_non_finite(t["losses"]) is not None),
    Symptom("gradient-mismatch", "at the start the loop's w1 direction (read as -mean gradient) differs from "
            "central differences of the mean squared error by > 10%",
            lambda t: gradient_error(t["loss_of"], *t["start"], "w1") > 0.1),
    Symptom("exploding-gradients", "the norm of the loop's gradient directions grows past 100x its first value",
            gradients_explode),
]
