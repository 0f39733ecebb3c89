"""What held-out round 9 of the real corpus taught the doctor (each case made small, our own loops):

* a full-batch loop that observes every k steps, after its update, with the loss, predictions and gradients
  from before it, is checked where they were all computed: one plain step back (the observed parameters +
  lr * gradients), which alone reproduces the predictions and the loss; so a gradient 2x too large in one
  layer is found there (gradient-scale), and right gradients are called right.
"""
import numpy as np
from scratchnn.doctor import Doctor


def _codes(report, severity=("warning", "error")):
    return {f.code: f for f in report.findings if f.severity in severity}


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _net(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(40, 3))
    y = (X @ rng.normal(size=(3, 1)) > 0).astype(float)
    p = {"W1": rng.normal(0, 0.5, (3, 6)), "b1": np.zeros(6), "W2": rng.normal(0, 0.5, (6, 1)), "b2": np.zeros(1)}
    return rng, X, y, p


def _gradients(p, X, y, idx, w2_factor=1.0, w2_sign=1.0):
    """Forward on all samples; the binary cross-entropy gradient of the samples ``idx`` (mean over them)."""
    h = _sigmoid(X @ p["W1"] + p["b1"])
    out = _sigmoid(h @ p["W2"] + p["b2"])
    loss = float(-np.mean(y * np.log(out) + (1 - y) * np.log(1 - out)))
    dz = (out[idx] - y[idx]) / len(idx)
    dh = dz @ p["W2"].T * h[idx] * (1 - h[idx])
    g = {"dW1": X[idx].T @ dh, "db1": dh.sum(0), "dW2": w2_sign * w2_factor * h[idx].T @ dz, "db2": dz.sum(0)}
    return loss, out, g


def _every_k_after(w2_factor, every=10, lr=0.5):
    _, X, y, p = _net(0)
    d = Doctor()
    for it in range(100):
        loss, out, g = _gradients(p, X, y, np.arange(40), w2_factor)
        p = {k: p[k] - lr * g["d" + k] for k in p}
        if it % every == 0:
            d.observe(epoch=it, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=y, predictions=out)
    return d.report()


def test_a_wrong_layer_observed_every_tenth_step_after_the_update_is_found_one_step_back():
    report = _every_k_after(2.0)
    line = str(report).splitlines()[1]
    assert "+ lr * gradients" in line and "wrong" in line, line
    found = _codes(report)
    assert "gradient-scale" in found and "2.0x" in found["gradient-scale"].title, report   # in one layer: a bug


def test_right_gradients_observed_every_tenth_step_after_the_update_are_right():
    report = _every_k_after(1.0)
    assert "all right" in str(report).splitlines()[1], report
    assert not {"gradient-mismatch", "gradient-scale"} & set(_codes(report, ("info", "warning", "error"))), report
