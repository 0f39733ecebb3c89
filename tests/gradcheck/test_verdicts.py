"""Verdicts that must be right on correct code, and the shapes of bugs that were misread before.

Each network here is written out by hand; its correct gradients are the textbook formulas, and the
tests say what a float64 central difference shows about them.
"""
import numpy as np
import pytest

from scratchnn import InputError
from scratchnn.gradchecker import gradcheck


def _softmax_net(eps=1e-8, w3_scale=0.3):
    """3-layer ReLU softmax classifier whose loss has ``+ eps`` inside the log; gradients (P - Y)/m."""
    rng = np.random.default_rng(1)
    m, d, h1, h2, k = 200, 20, 16, 12, 5
    X, Y = rng.standard_normal((m, d)), np.eye(k)[rng.integers(0, k, m)]
    p = {"W1": 0.4 * rng.standard_normal((d, h1)), "b1": np.zeros(h1), "W2": 0.5 * rng.standard_normal((h1, h2)),
         "b2": np.zeros(h2), "W3": w3_scale * rng.standard_normal((h2, k)), "b3": np.zeros(k)}

    def forward(p):
        z1 = X @ p["W1"] + p["b1"]
        a1 = np.maximum(z1, 0)
        z2 = a1 @ p["W2"] + p["b2"]
        a2 = np.maximum(z2, 0)
        z3 = a2 @ p["W3"] + p["b3"]
        e = np.exp(z3 - z3.max(axis=1, keepdims=True))
        return z1, a1, z2, a2, e / e.sum(axis=1, keepdims=True)

    def loss(p):
        return -np.mean(np.sum(Y * np.log(forward(p)[-1] + eps), axis=1))

    def grads(p):
        z1, a1, z2, a2, P = forward(p)
        dz3 = (P - Y) / m
        dz2 = dz3 @ p["W3"].T * (z2 > 0)
        dz1 = dz2 @ p["W2"].T * (z1 > 0)
        return {"dW1": X.T @ dz1, "db1": dz1.sum(0), "dW2": a1.T @ dz2, "db2": dz2.sum(0),
                "dW3": a2.T @ dz3, "db3": dz3.sum(0)}

    return loss, p, grads


def test_an_epsilon_inside_the_log_does_not_make_a_correct_gradient_wrong():
    loss, p, grads = _softmax_net()
    report = gradcheck(loss, p, grads(p))
    # Entry by entry the epsilon shows (1e-5 to 1e-4 on tiny entries), as a whole it is rounding level.
    assert max(r.max_rel_error for r in report.results) > 1e-5
    assert report.ok, str(report)
    assert all(r.rel_norm_error < 1e-5 for r in report.results)


def test_a_factor_within_a_thousandth_of_one_is_never_a_scale_verdict():
    loss, p, grads = _softmax_net()
    g = {k: v * 1.0004 for k, v in grads(p).items()}
    report = gradcheck(loss, p, g)
    assert not report.ok
    assert all(r.pattern != "scale" for r in report.results), report.patterns


def test_a_clipped_saturated_output_is_called_flat_not_unread():
    """Unscaled inputs saturate the hidden sigmoids, large output weights the output sigmoid; the
    np.clip meant to keep log() finite then holds the loss still."""
    rng = np.random.default_rng(0)
    X = rng.uniform(1000, 3000, (16, 3))            # e.g. square metres, never scaled
    y = (rng.random((16, 1)) > 0.5).astype(float)
    p = {"W1": rng.standard_normal((3, 4)), "b1": np.zeros(4), "W2": rng.uniform(5, 10, (4, 1)),
         "b2": np.array([20.0])}

    def forward(p):
        a1 = 1 / (1 + np.exp(-np.clip(X @ p["W1"] + p["b1"], -500, 500)))
        out = 1 / (1 + np.exp(-(a1 @ p["W2"] + p["b2"])))
        return a1, np.clip(out, 1e-7, 1 - 1e-7)

    def loss(p):
        yhat = forward(p)[1]
        return float(-np.mean(y * np.log(yhat) + (1 - y) * np.log(1 - yhat)))

    a1, yhat = forward(p)
    dz2 = (yhat - y) / len(X)                     # ignores the clip, as the newcomer's code does
    dz1 = dz2 @ p["W2"].T * a1 * (1 - a1)
    grads = {"dW1": X.T @ dz1, "db1": dz1.sum(0), "dW2": a1.T @ dz2, "db2": dz2.sum(0)}
    report = gradcheck(loss, p, grads)
    assert report["W2"].pattern == "flat" and report["b2"].pattern == "flat"
    assert "saturated or clipped" in report["W2"].message
    assert not any("was it copied" in r.message for r in report.results)


def test_a_loss_that_never_reads_a_parameter_is_still_called_unread():
    X = np.arange(6.0).reshape(3, 2)
    frozen = {"W": np.ones((2, 1))}
    p = {"W": np.ones((2, 1))}
    report = gradcheck(lambda q: float(np.sum(X @ frozen["W"])), p, {"dW": X.sum(0).reshape(2, 1)})
    assert report["W"].pattern == "zero" and "does not read" in report["W"].message


def test_a_broadcastable_bias_layout_is_judged_by_its_numbers():
    """A (3,) gradient for a (1, 3) bias, summed over m = 200 samples where the loss averages."""
    rng = np.random.default_rng(2)
    X, Y = rng.standard_normal((200, 4)), rng.standard_normal((200, 3))
    p = {"W": rng.standard_normal((4, 3)), "b": rng.standard_normal((1, 3))}

    def loss(q):
        return float(0.5 * np.mean(np.sum((X @ q["W"] + q["b"] - Y) ** 2, axis=1)))

    dz = X @ p["W"] + p["b"] - Y
    report = gradcheck(loss, p, {"dW": X.T @ dz / 200, "db": dz.sum(axis=0)})
    assert report["W"].ok
    assert report["b"].pattern == "scale" and report["b"].factor == pytest.approx(200, rel=1e-4)
    assert "= m" in report["b"].message and "broadcasts" in report["b"].note
    right = gradcheck(loss, p, {"dW": X.T @ dz / 200, "db": dz.mean(axis=0)})
    assert right.ok and "broadcasts" in right["b"].note and "notes:" in str(right)


def test_a_layout_that_broadcasts_to_another_shape_stays_a_shape_problem():
    rng = np.random.default_rng(2)
    p = {"b": rng.standard_normal((1, 3))}
    report = gradcheck(lambda q: float(np.sum(q["b"] ** 2)), p, {"db": 2 * p["b"].T})
    assert report["b"].pattern == "transpose" and not report["b"].ok


@pytest.mark.parametrize("where", ["params", "grads", "loss"])
def test_complex_arrays_are_refused_before_any_work(where):
    p = {"W": np.ones(3)}
    g = {"dW": 2 * np.ones(3)}
    loss = lambda q: float(np.sum(q["W"] ** 2))    # noqa: E731
    if where == "params":
        p = {"W": np.ones(3, dtype=complex)}
    elif where == "grads":
        g = {"dW": np.ones(3, dtype=complex)}
    else:
        loss = lambda q: np.sum(q["W"] ** 2) + 0j    # noqa: E731
    with pytest.raises(InputError, match="complex"):
        gradcheck(loss, p, g)
