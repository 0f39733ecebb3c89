"""Loops that log the whole data's loss and predictions next to the gradient of a batch of it.

One 2-layer network on a fixed set of samples, trained with plain gradient descent on minibatches of
``batch`` samples drawn without replacement (1: one sample per step; all: full batch); ``observe()`` gets
the whole data's loss and predictions of the forward pass before the update, and the gradient of the
step's batch, before the update or after it (the parameters then are the updated ones), every step or
every ``every``-th. The gradient is written out by hand, right or with one bug:

- ``"summed"``: summed over the batch instead of averaged (``|B|`` x the batch's gradient of a mean loss);
  ``loss="sse"`` (1/2 the summed squared error) is a sum, whose gradient is rightly summed;
- ``"derivative"``: the hidden activation's derivative left out of the backward pass.

    PYTHONPATH=src python tests/doctor/batch_form_loops.py    # the counts of every family

prints how many loops of each family the doctor accuses (``gradient-mismatch`` or ``gradient-scale`` at
warning or error): the measurement behind ``test_batch_form.py`` and ``docs/doctor/README.md``.
"""
import itertools

import numpy as np

from scratchnn.doctor import Doctor

ACCUSING = ("gradient-mismatch", "gradient-scale")
HIDDEN = {
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda a: a * (1 - a)),
    "tanh": (np.tanh, lambda a: 1 - a ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda a: (a > 0).astype(float)),
}


def _data(seed, n, loss):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    if loss == "softmax":
        labels = np.argmax(x @ rng.normal(size=(3, 3)), axis=1)
        return rng, x, np.eye(3)[labels]
    return rng, x, (x @ rng.normal(size=(3, 1)) > 0).astype(float)


def _output(z, loss):
    if loss == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return 1 / (1 + np.exp(-z))


def _loss(out, y, loss):
    if loss == "mse":
        return float(np.mean((out - y) ** 2))
    if loss == "sse":
        return float(0.5 * np.sum((out - y) ** 2))
    if loss == "bce":
        return float(-np.mean(y * np.log(out) + (1 - y) * np.log(1 - out)))
    return float(-np.sum(y * np.log(out)) / len(y))


def run(every=1, after=False, batch=8, seed=0, loss="mse", hidden="sigmoid", bug=None, n=40, steps=60, lr=0.5,
        drawn_twice=False):
    """The doctor's report on one loop (see the module docstring); with ``drawn_twice``, a batch's samples are
    drawn with replacement (a sample may count twice)."""
    rng, x, y = _data(seed, n, loss)
    k = y.shape[1]
    p = {"W1": rng.normal(0, 0.5, (3, 6)), "b1": np.zeros(6), "W2": rng.normal(0, 0.5, (6, k)), "b2": np.zeros(k)}
    act, derivative = HIDDEN[hidden]
    doctor = Doctor()
    for step in range(steps):
        h = act(x @ p["W1"] + p["b1"])
        out = _output(h @ p["W2"] + p["b2"], loss)
        rows = np.arange(n) if batch >= n else rng.choice(n, batch, replace=drawn_twice)
        hb, ob, xb, yb = h[rows], out[rows], x[rows], y[rows]
        # dL/dz of the output: squared error through the sigmoid, or p - y (BCE + sigmoid, CE + softmax).
        dz = {"mse": 2 * (ob - yb) * ob * (1 - ob), "sse": (ob - yb) * ob * (1 - ob)}.get(loss, ob - yb)
        dz = dz if bug == "summed" or loss == "sse" else dz / len(rows)     # a sum's gradient is summed
        dh = dz @ p["W2"].T * (1.0 if bug == "derivative" else derivative(hb))
        grads = {"dW1": xb.T @ dh, "db1": dh.sum(0), "dW2": hb.T @ dz, "db2": dz.sum(0)}
        seen = dict(epoch=step, loss=_loss(out, y, loss), grads=grads, lr=lr, inputs=x, targets=y, predictions=out)
        if not after and step % every == 0:
            doctor.observe(params=p, **seen)
        p = {name: p[name] - lr * grads["d" + name] for name in p}
        if after and step % every == 0:
            doctor.observe(params=p, **seen)
    return doctor.report()


def accused(report):
    return [f.code for f in report.findings if f.code in ACCUSING and f.severity != "info"]


# The family the README's "known way to be wrong" was measured on: 2 x 2 x 3 x 2 x 2 = 48 right loops.
FAMILY = [dict(every=e, after=a, batch=b, seed=s, loss=loss)
          for e, a, b, s, loss in itertools.product([1, 5], [False, True], [1, 8, 40], [0, 1], ["mse", "bce"])]


def family(**fixed):
    """The loops of FAMILY with ``fixed`` settings changed (hidden activation, loss, bug), each once."""
    loops = [{**loop, **fixed} for loop in FAMILY]
    return [dict(t) for t in dict.fromkeys(tuple(sorted(loop.items())) for loop in loops)]


if __name__ == "__main__":
    for name, loops in [
            ("right, sigmoid (the README's 48)", family()),
            ("right, tanh", family(hidden="tanh")), ("right, relu", family(hidden="relu")),
            ("right, softmax + cross-entropy", family(loss="softmax", hidden="relu")),
            ("right, samples drawn with replacement", family(drawn_twice=True)),
            ("right, summed squared error / 2 (a sum)", family(loss="sse")),
            ("summed over the batch, batch > 1", [v for v in family(bug="summed") if v["batch"] > 1]),
            ("summed, softmax", [v for v in family(bug="summed", loss="softmax") if v["batch"] > 1]),
            ("hidden derivative missing, sigmoid", family(bug="derivative")),
            ("hidden derivative missing, tanh", family(bug="derivative", hidden="tanh")),
            ("hidden derivative missing, relu", family(bug="derivative", hidden="relu"))]:
        codes = [accused(run(**loop)) for loop in loops]
        scale = sum("gradient-scale" in c for c in codes)
        print(f"{name}: {sum(bool(c) for c in codes)}/{len(loops)} accused ({scale} as gradient-scale)", flush=True)
