"""non-finite: an infinite loss that training survives is not described as a run that cannot recover."""
import numpy as np

from scratchnn.doctor import Doctor


def logistic_run(first_loss_inf, blow_up=False):
    """A logistic unit on separable points; the loss logged at epoch 0 is inf (log of an output of exactly 0)
    when ``first_loss_inf``; ``blow_up`` puts NaN into the weights at epoch 3 instead."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    y = (X[:, :1] + X[:, 1:] > 0).astype(float)
    w, b = np.zeros((2, 1)), np.zeros(1)
    doctor = Doctor()
    for epoch in range(30):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        if epoch == 0 and first_loss_inf:
            loss = float("inf")
        dz = (p - y) / len(X)
        grads = {"dw": X.T @ dz, "db": dz.sum(0)}
        doctor.observe(epoch=epoch, loss=loss, params={"w": w, "b": b}, grads=grads)
        w -= 1.0 * grads["dw"]
        b -= 1.0 * grads["db"]
        if blow_up and epoch == 3:
            w[0, 0] = np.nan
    return doctor.report()


def non_finite(report):
    return next(f for f in report.findings if f.code == "non-finite")


def test_an_inf_loss_at_the_first_epoch_only_is_said_to_leave_the_weights_finite():
    with np.errstate(all="ignore"):
        finding = non_finite(logistic_run(first_loss_inf=True))
    assert "cannot recover" not in finding.message
    assert "weights stayed finite" in finding.message
    assert finding.since_epoch == 0


def test_nan_in_the_weights_still_says_training_cannot_recover():
    with np.errstate(all="ignore"):
        finding = non_finite(logistic_run(first_loss_inf=False, blow_up=True))
    assert "cannot recover" in finding.message
    assert "params" in finding.evidence
