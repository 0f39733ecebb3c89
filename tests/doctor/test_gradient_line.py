"""The report's line on the gradients: right gradients point at the training setup only when the
report has something to say about it (a healthy run's report does not contradict its own verdict)."""
import numpy as np

import scratchnn


def run(lr, epochs=60):
    """Linear regression by hand, right gradients, observed with loss_fn (the check always runs)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3
    W, b = np.zeros(3), np.zeros(1)

    def loss_fn(p):
        return float(np.mean((X @ p["W"] + p["b"] - y) ** 2))

    doctor = scratchnn.Doctor(loss_fn=loss_fn)
    for epoch in range(epochs):
        err = X @ W + b - y
        grads = {"W": 2 * X.T @ err / len(X), "b": np.array([2 * err.mean()])}
        doctor.observe(epoch=epoch, loss=float(np.mean(err ** 2)), params={"W": W, "b": b}, grads=grads,
                       predictions=X @ W + b, targets=y, inputs=X, lr=lr)
        W, b = W - lr * grads["W"], b - lr * grads["b"]
    return doctor.report()


def test_a_healthy_run_with_right_gradients_blames_nothing():
    report = run(lr=0.1)
    assert report.ok and "all right" in report.gradients
    assert "trouble" not in report.gradients


def test_right_gradients_in_a_failing_run_point_at_the_training_setup():
    report = run(lr=1.5)  # beyond 1 / (largest eigenvalue of 2 X^T X / n): the loss diverges
    assert not report.ok and "all right" in report.gradients
    assert "the trouble is in the training setup" in report.gradients
