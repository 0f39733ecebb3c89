"""A minibatch loop with right gradients is never accused.

A learner's loop often takes several minibatch steps per epoch and calls ``observe()`` once per
epoch with full-data predictions and loss, but the gradients of the *last batch*. Those gradients
are right for their batch and wrong for the full data: the rebuilt forward pass would reproduce the
observation and the check would call right gradients wrong. The doctor must see that the parameters
moved by more than one step along the observed gradients and decline the check.
"""
import numpy as np
import pytest

import scratchnn

M, BATCH, LR, EPOCHS = 120, 30, 0.5, 12


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _forward(x, p):
    a1 = np.tanh(x @ p["W1"] + p["b1"])
    return a1, _sigmoid(a1 @ p["W2"] + p["b2"])


def _bce(y, a2):
    return float(-np.mean(y * np.log(a2) + (1 - y) * np.log(1 - a2)))


def _grads(x, y, p):
    """The right gradients of the mean binary cross-entropy on (x, y)."""
    a1, a2 = _forward(x, p)
    dz2 = (a2 - y) / len(x)
    dz1 = (dz2 @ p["W2"].T) * (1 - a1 ** 2)
    return {"dW1": x.T @ dz1, "db1": dz1.sum(0), "dW2": a1.T @ dz2, "db2": dz2.sum(0)}


def _minibatch_run(dw1_factor=1.0, batch=BATCH):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(M, 2))
    y = (x[:, :1] * x[:, 1:] > 0).astype(float)
    p = {"W1": rng.normal(size=(2, 8)), "b1": np.zeros(8), "W2": rng.normal(size=(8, 1)) * 0.5, "b2": np.zeros(1)}
    doctor = scratchnn.Doctor()
    for epoch in range(EPOCHS):
        for start in range(0, M, batch):
            xb, yb = x[start:start + batch], y[start:start + batch]
            g = _grads(xb, yb, p)
            g["dW1"] = g["dW1"] * dw1_factor
            for k in p:
                p[k] -= LR * g["d" + k]
        _, a2 = _forward(x, p)
        # The full data's predictions and loss, the last batch's gradients.
        doctor.observe(epoch=epoch, loss=_bce(y, a2), params=p, grads=g, inputs=x, targets=y,
                       predictions=a2, lr=LR)
    return doctor.report()


def test_the_last_batch_gradients_with_full_data_predictions_are_not_accused():
    report = _minibatch_run()
    assert "gradient-mismatch" not in report.codes, report
    assert "several minibatches" in str(report), report


def test_one_step_per_observation_is_still_checked_and_a_wrong_gradient_found():
    """The same loop with one batch per epoch and dW1 halved: the guard lets the check run and finds it."""
    report = _minibatch_run(dw1_factor=0.5, batch=M)
    assert "gradient-mismatch" in report.codes, report
