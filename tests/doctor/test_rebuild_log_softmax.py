"""Predictions that are log-probabilities: a log-softmax output and the negative log-likelihood -sum(y * logp).

Loops in the style of JAX and PyTorch keep log-probabilities (``logits - logsumexp(logits)``) and take the
loss as ``-sum(log_probs * targets)``. The doctor rebuilds that output and loss, so their gradients are checked
and dead units behind them are seen.
"""
import numpy as np

import scratchnn


def _log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _run(relu_derivative=True, mean=False, epochs=8, lr=0.05):
    """A 5-8-3 ReLU net on 30 samples of 3 classes, log-softmax output, summed (or mean) NLL, observed before the
    update."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 5))
    Y = np.eye(3)[rng.integers(3, size=30)]
    p = {"W1": rng.normal(0, 0.5, (5, 8)), "b1": np.full(8, 0.1), "W2": rng.normal(0, 0.5, (8, 3)), "b2": np.zeros(3)}
    doctor = scratchnn.Doctor()
    scale = 1 / len(X) if mean else 1.0
    for epoch in range(epochs):
        z1 = X @ p["W1"] + p["b1"]
        a1 = np.maximum(z1, 0)
        log_probs = _log_softmax(a1 @ p["W2"] + p["b2"])
        loss = -float(np.sum(log_probs * Y)) * scale
        dz2 = (np.exp(log_probs) - Y) * scale
        dz1 = dz2 @ p["W2"].T * ((z1 > 0) if relu_derivative else 1.0)
        g = {"dW1": X.T @ dz1, "db1": dz1.sum(0), "dW2": a1.T @ dz2, "db2": dz2.sum(0)}
        doctor.observe(epoch=epoch, loss=loss, params=p, grads=g, inputs=X, targets=Y, predictions=log_probs, lr=lr)
        p = {k: p[k] - lr * g["d" + k] for k in p}
    return doctor.report()


def test_right_gradients_through_a_log_softmax_are_checked_and_right():
    for mean in (False, True):
        report = _run(mean=mean)
        assert "log-softmax" in report.gradients and ": all right" in report.gradients, report.gradients
        assert "negative log-likelihood" in report.gradients


def test_a_missing_relu_derivative_behind_a_log_softmax_is_found():
    report = _run(relu_derivative=False)
    assert "gradient-mismatch" in report.codes, report
    assert "log-softmax" in report.gradients
