"""No inputs observed, but a hidden layer's activations: the layers after it are checked.

The output layer's input is the hidden activation the loop passes, so its gradient can be checked
from that activation, the predictions and the targets. A wrong one is found; a right one says nothing
about the first layer, so the report never calls the gradients right on that evidence alone.
"""
import numpy as np

import scratchnn


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _run(output_derivative=True, hidden_derivative=True, epochs=20, lr=0.5):
    """A 3-5-2 tanh/sigmoid net, mean squared error, observed before the update with the hidden activation and
    without the inputs."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(25, 3))
    Y = rng.uniform(0.1, 0.9, (25, 2))
    p = {"W1": rng.normal(0, 0.7, (3, 5)), "b1": np.zeros(5), "W2": rng.normal(0, 0.7, (5, 2)), "b2": np.zeros(2)}
    doctor = scratchnn.Doctor()
    for epoch in range(epochs):
        a1 = np.tanh(X @ p["W1"] + p["b1"])
        out = _sigmoid(a1 @ p["W2"] + p["b2"])
        loss = float(np.mean((out - Y) ** 2))
        dz2 = 2 * (out - Y) / Y.size * (out * (1 - out) if output_derivative else 1.0)
        dz1 = dz2 @ p["W2"].T * ((1 - a1 ** 2) if hidden_derivative else 1.0)
        g = {"dW1": X.T @ dz1, "db1": dz1.sum(0), "dW2": a1.T @ dz2, "db2": dz2.sum(0)}
        doctor.observe(epoch=epoch, loss=loss, params=p, grads=g, activations={"hidden": a1}, targets=Y,
                       predictions=out, lr=lr)
        p = {k: p[k] - lr * g["d" + k] for k in p}
    return doctor.report()


def test_a_missing_output_derivative_is_found_from_the_hidden_activation():
    report = _run(output_derivative=False)
    assert "gradient-mismatch" in report.codes, report
    assert "activations['hidden'], the input of W2" in report.gradients, report.gradients


def test_right_later_layers_are_not_a_verdict_on_the_first():
    """Right gradients, and a missing hidden derivative (only W1, b1 wrong): neither is accused nor called right."""
    for hidden_derivative in (True, False):
        report = _run(hidden_derivative=hidden_derivative)
        assert "gradient-mismatch" not in report.codes, report
        assert "not checked" in report.gradients and "W1, b1 could not be checked" in report.gradients, \
            report.gradients


def test_the_new_activation_next_to_the_gradient_from_before_the_update_is_not_judged():
    """Right gradients; the loop updates first, then logs the hidden activation and predictions of the new
    parameters with the gradient of the old ones. The rebuild reproduces the new predictions, but the gradient of
    W2 was computed with the old activation: it is neither accused nor called right."""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(25, 3)), rng.uniform(0.1, 0.9, (25, 2))
    p = {"W1": rng.normal(0, 0.7, (3, 5)), "b1": np.zeros(5), "W2": rng.normal(0, 0.7, (5, 2)), "b2": np.zeros(2)}
    doctor = scratchnn.Doctor()
    for epoch in range(20):
        a1 = np.tanh(X @ p["W1"] + p["b1"])
        out = _sigmoid(a1 @ p["W2"] + p["b2"])
        dz2 = 2 * (out - Y) / Y.size * out * (1 - out)
        dz1 = dz2 @ p["W2"].T * (1 - a1 ** 2)
        g = {"dW1": X.T @ dz1, "db1": dz1.sum(0), "dW2": a1.T @ dz2, "db2": dz2.sum(0)}
        p = {k: p[k] - 0.5 * g["d" + k] for k in p}
        a1 = np.tanh(X @ p["W1"] + p["b1"])
        out = _sigmoid(a1 @ p["W2"] + p["b2"])
        doctor.observe(epoch=epoch, loss=float(np.mean((out - Y) ** 2)), params=p, grads=g,
                       activations={"hidden": a1}, targets=Y, predictions=out, lr=0.5)
    report = doctor.report()
    assert "gradient-mismatch" not in report.codes, report
    assert report.gradients.startswith("gradients: not checked") and "wrong" not in report.gradients, report.gradients
