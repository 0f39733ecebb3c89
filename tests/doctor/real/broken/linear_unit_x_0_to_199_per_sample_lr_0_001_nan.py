"""A one-weight linear regression, y = 2x with x = 0, 1, ..., 199, trained by per-sample SGD (batch size 1) on
the squared error with lr 0.001: the poster's weights became NaN within the first epoch, and the poster found the
cause in the thread: the learning rate was too high. With inputs up to 199 a step on one sample changes the
weight by lr * 2 x^2 times its error, up to 79x: every large x overshoots, the weight explodes, and the squared
error overflows to inf before the epoch ends (the NaN the poster saw follows from inf - inf)."""
import numpy as np

from doctor_corpus import EXPLODING_GRADIENTS, Symptom, first_non_finite

HELD_OUT = True
ROUND = 12
SOURCE = "https://github.com/keras-team/keras/issues/3040"
DIAGNOSIS = ("The poster's own conclusion, closing the issue: 'realized my learning rate was too high'. For a linear "
             "unit on one sample the error is multiplied by 1 - 2 lr x^2 per step, which is below -1 as soon as "
             "x > 1 / sqrt(lr) ~ 32; inputs this large need a far smaller rate, or scaling.")
CHOICES = ("The issue used Keras; we reproduce its mechanism in NumPy: the same data (x = 0..199, y = 2x), one Dense "
           "unit with Keras's default init (Glorot uniform, limit sqrt(6 / 2) for a 1x1 kernel, zero bias; our "
           "generator, seed 0), mean squared error, batch size 1 in Keras's default shuffled order, lr 0.001, one "
           "epoch; observe() every 5 samples before the update with that sample's loss, w and b, dw and db, lr, and "
           "the sample's input, target and prediction as (1, 1) arrays.")


def run(observe, lr=0.001, every=5):
    x_all = np.arange(200, dtype=float)
    y_all = 2.0 * x_all
    rng = np.random.default_rng(0)
    limit = np.sqrt(6 / 2)
    w, b = rng.uniform(-limit, limit, (1, 1)), np.zeros(1)
    trace = {"losses": [], "grad_norms": [], "inputs": [], "step_ratios": []}
    with np.errstate(all="ignore"):
        for step, i in enumerate(rng.permutation(200)):
            x, y = x_all[i].reshape(1, 1), y_all[i].reshape(1, 1)
            pred = x @ w + b
            loss = float(np.mean((pred - y) ** 2))
            d_pred = 2 * (pred - y)
            grads = {"dw": x.T @ d_pred, "db": d_pred.sum(axis=0)}
            if step % every == 0:
                observe(epoch=step, loss=loss, params={"w": w, "b": b}, grads=grads, lr=lr, inputs=x, targets=y,
                        predictions=pred)
                trace["losses"].append(loss)
                trace["grad_norms"].append(float(np.sqrt(np.sum(grads["dw"] ** 2) + np.sum(grads["db"] ** 2))))
                trace["inputs"].append(float(x[0, 0]))
                trace["step_ratios"].append(float(lr * abs(grads["dw"][0, 0]) / abs(w[0, 0])))
            w = w - lr * grads["dw"]
            b = b - lr * grads["db"]
    return trace


def inf_within_the_epoch(t):
    first = first_non_finite(t["losses"])
    return first is not None and not any(np.isfinite(t["losses"][first:]))


SYMPTOMS = [
    Symptom("non-finite", "within the one epoch the loss overflows to inf (or NaN) and stays non-finite at every "
            "later observation", inf_within_the_epoch),
    Symptom("loss-diverging", "some observed loss is inf, NaN or above 1000x the first",
            lambda t: any(not np.isfinite(v) or v > 1000 * t["losses"][0] for v in t["losses"])),
    EXPLODING_GRADIENTS,
    Symptom("lr-too-high", "at the first observation lr * |dw| is already more than |w| (the step is larger than "
            "the weight)", lambda t: t["step_ratios"][0] > 1.0),
    Symptom("unscaled-inputs", "the observed inputs reach at least 100 (|x| >= 20 is the rule's threshold)",
            lambda t: max(t["inputs"]) >= 100),
]
