"""The one mismatch a right gradient can have: an update that adds it (W += lr * dW) climbs the loss.

A 2-4-2 sigmoid / softmax network on XOR (one-hot targets, mean cross-entropy), full batch, observed every
``every`` steps before the update with the gradients of that batch. Adding the true gradient is found and said
about the update (the gradients line stays "all right"); a loop whose "gradient" is the descent direction
(Trask-style ``delta = y - yhat``, added) and a plain descent loop are left alone.
"""
import numpy as np

from scratchnn.doctor import Doctor


def _codes(report, severity=("warning", "error")):
    return {f.code: f for f in report.findings if f.severity in severity}


def _xor_softmax(update, every=10, epochs=400, lr=0.5):
    """``update``: "descend" (W -= lr * dW), "climb" (W += lr * dW) or "delta" (dW passed as y - yhat based, the
    descent direction, and added: W += lr * dW)."""
    rng = np.random.default_rng(3)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    T = np.eye(2)[[0, 1, 1, 0]]
    p = {"W1": rng.normal(0, 1, (2, 4)), "b1": np.zeros(4), "W2": rng.normal(0, 1, (4, 2)), "b2": np.zeros(2)}
    d = Doctor()
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            h = 1 / (1 + np.exp(-(X @ p["W1"] + p["b1"])))
            z = h @ p["W2"] + p["b2"]
            e = np.exp(z - z.max(axis=1, keepdims=True))
            probs = e / e.sum(axis=1, keepdims=True)
            loss = float(-np.mean(np.sum(T * np.log(probs), axis=1)))
            delta2 = (probs - T) / len(X)
            delta1 = delta2 @ p["W2"].T * h * (1 - h)
            g = {"W1": X.T @ delta1, "b1": delta1.sum(0), "W2": h.T @ delta2, "b2": delta2.sum(0)}
            sign = -1.0
            if update == "delta":
                g, sign = {k: -v for k, v in g.items()}, 1.0
            elif update == "climb":
                sign = 1.0
            if epoch % every == 0:
                d.observe(epoch=epoch, loss=loss, params=p, grads={"d" + k: v for k, v in g.items()}, lr=lr,
                          inputs=X, targets=T, predictions=probs)
            p = {k: p[k] + sign * lr * g[k] for k in p}
    return d.report()


def test_an_update_that_adds_the_true_gradient_is_found_and_blamed_on_the_update():
    report = _xor_softmax("climb")
    found = _codes(report)
    assert "gradient-mismatch" in found, report
    assert found["gradient-mismatch"].where == "the update" and "adds the gradient" in found["gradient-mismatch"].title
    assert "all right" in str(report).splitlines()[1], report          # the gradients themselves are right


def test_a_descent_direction_added_and_plain_descent_are_left_alone():
    for update in ("delta", "descend"):
        report = _xor_softmax(update)
        assert "gradient-mismatch" not in _codes(report, ("info", "warning", "error")), (update, report)


def test_a_descent_that_overshoots_and_diverges_is_not_called_an_uphill_update():
    # Each step overshoots, so each new gradient points back against the step just taken: in the wrong pairing
    # (this observation's gradient against the step before it) that looks like a step along +g.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3)) * 5
    y = X @ rng.normal(size=(3, 1))
    for after in (False, True):
        theta, d = rng.normal(size=(3, 1)), Doctor()
        with np.errstate(all="ignore"):
            for it in range(40):
                e = X @ theta - y
                g = 2 * X.T @ e / len(X)
                if not after:
                    d.observe(epoch=it, loss=float(np.mean(e ** 2)), params={"theta": theta}, grads={"dtheta": g},
                              lr=0.1, inputs=X, targets=y, predictions=X @ theta)
                theta = theta - 0.1 * g
                if after:
                    d.observe(epoch=it, loss=float(np.mean(e ** 2)), params={"theta": theta}, grads={"dtheta": g},
                              lr=0.1, inputs=X, targets=y, predictions=X @ theta)
        report = d.report()
        assert report.failing and "loss-diverging" in _codes(report), report
        assert "gradient-mismatch" not in _codes(report, ("info", "warning", "error")), (after, report)
