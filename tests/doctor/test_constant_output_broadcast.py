"""constant-output when the loss is computed on predictions (n, 1) broadcast against targets (n,): the table's
best fit is one value for every sample (the targets' mean), and the loss, a loss of that table, cannot say the
run fails (round 11: a regression whose predictions are (n, 1) and targets (n,) ends predicting the mean)."""
import numpy as np

from scratchnn.doctor import Doctor


def linear_regression(targets_shape_matches):
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (100, 1))
    y = 5 * x[:, 0] + 2 + rng.normal(0, 0.1, 100)
    if targets_shape_matches:
        y = y[:, None]
    w, b = np.zeros((1, 1)), np.zeros(1)
    doctor = Doctor()
    for it in range(300):
        pred = x @ w + b                      # (100, 1)
        err = pred - y                        # (100, 100) when y is (100,)
        loss = float(np.mean(err ** 2))
        dw = np.array([[2 * np.mean(err * x)]])  # the broadcast gradient, reduced to w's shape
        db = np.array([2 * np.mean(err)])
        doctor.observe(epoch=it, loss=loss, params={"w": w, "b": b}, grads={"dw": dw, "db": db},
                       inputs=x, targets=y, predictions=pred)
        w -= 0.1 * dw
        b -= 0.1 * db
    return doctor.report()


def test_a_broadcast_loss_that_fits_the_mean_is_a_constant_output():
    report = linear_regression(targets_shape_matches=False)
    codes = {f.code: f.severity for f in report.findings}
    assert codes.get("shape-mismatch") in ("warning", "error")
    assert codes.get("constant-output") == "warning"


def test_the_same_regression_with_matching_shapes_learns_and_gets_no_constant_output():
    report = linear_regression(targets_shape_matches=True)
    assert "constant-output" not in report.codes
    assert not [f for f in report.findings if f.severity in ("warning", "error")]
