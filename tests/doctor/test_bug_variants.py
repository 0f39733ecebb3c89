"""Acceptance: a newcomer's own 2-16-1 network on two moons, one bug at a time, no ``loss_fn``.

The loop below is what a learner writes after a first tutorial: ReLU hidden layer, sigmoid output,
binary cross-entropy, the chain rule written out (dA2, then dZ2 = dA2 * a(1 - a)), plain gradient
descent on all 200 samples, and ``scratchnn.observe(...)`` once per epoch with the arrays it has
at hand (inputs, targets, predictions, parameters, gradients named ``dW1`` ..., lr). Each of the
8 variants is run with ``observe()`` before the update and after it (16 cases); the doctor must put
the right finding first, and never call the correct gradients of the setup bugs wrong.
"""
import re
import warnings

import numpy as np
import pytest

import scratchnn
from scratchnn.doctor.rebuild import CheckPoint, check_gradients

M, EPOCHS, LR = 200, 300, 1.0
BUGS = ["none", "no_relu_derivative", "summed_gradients", "a(1-a)_of_preactivation", "sigmoid'_of_activation",
        "lr_50", "unscaled_inputs", "zero_init"]


def two_moons(m=M, noise=0.15, seed=0):
    """Two interleaving half circles (the shape of scikit-learn's make_moons), labels (m, 1) in {0, 1}."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, m)
    upper = rng.random(m) < 0.5
    x = np.where(upper[:, None], np.c_[np.cos(t), np.sin(t)], np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
    return x + noise * rng.normal(size=(m, 2)), (~upper).astype(float).reshape(-1, 1)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def newcomer_run(bug, observe_after_update, points=None):
    """Train the newcomer's network with ``bug`` and return (doctor report, losses).

    With a list ``points``, also append what the doctor keeps of each observation with a finite loss
    (a :class:`CheckPoint`), to test the rebuilt gradient check on its own.
    """
    X, y = two_moons()
    lr = 50.0 if bug == "lr_50" else LR
    if bug == "unscaled_inputs":
        X = X * 1000 + 500
    rng = np.random.default_rng(1)
    W1, b1 = rng.normal(size=(2, 16)) * 0.5, np.zeros((1, 16))
    W2, b2 = rng.normal(size=(16, 1)) * 0.5, np.zeros((1, 1))
    if bug == "zero_init":
        W1, W2 = np.zeros((2, 16)), np.zeros((16, 1))
    scratchnn.doctor.reset()
    losses = []
    for epoch in range(EPOCHS):
        # forward
        Z1 = X @ W1 + b1
        A1 = np.maximum(0, Z1)
        Z2 = A1 @ W2 + b2
        A2 = sigmoid(Z2)
        loss = -np.mean(y * np.log(A2) + (1 - y) * np.log(1 - A2))
        losses.append(loss)
        # backward, the chain rule written out
        dA2 = -(y / A2 - (1 - y) / (1 - A2))
        if bug == "a(1-a)_of_preactivation":
            dZ2 = dA2 * Z2 * (1 - Z2)
        elif bug == "sigmoid'_of_activation":
            dZ2 = dA2 * sigmoid(A2) * (1 - sigmoid(A2))
        else:
            dZ2 = dA2 * A2 * (1 - A2)
        m = 1 if bug == "summed_gradients" else M
        dW2 = A1.T @ dZ2 / m
        db2 = np.sum(dZ2, axis=0, keepdims=True) / m
        dA1 = dZ2 @ W2.T
        dZ1 = dA1 if bug == "no_relu_derivative" else dA1 * (Z1 > 0)
        dW1 = X.T @ dZ1 / m
        db1 = np.sum(dZ1, axis=0, keepdims=True) / m
        params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        observed = dict(epoch=epoch, loss=loss, params=params, grads=grads, inputs=X, targets=y, predictions=A2, lr=lr)
        if not observe_after_update:
            scratchnn.observe(**observed)
            _keep(points, observed)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
        if observe_after_update:
            scratchnn.observe(**observed)
            _keep(points, observed)
    return scratchnn.doctor.report(), np.array(losses)


def _keep(points, seen):
    if points is None:
        return
    previous, previous_grads = points[-1][1:] if points else (None, None)
    params = {k: v.copy() for k, v in seen["params"].items()}
    grads = {k[1:]: v.copy() for k, v in seen["grads"].items()}
    if np.isfinite(seen["loss"]):
        point = CheckPoint(params=params, grads=grads, previous_params=previous, previous_grads=previous_grads,
                           inputs=seen["inputs"], targets=seen["targets"], predictions=seen["predictions"].copy(),
                           loss=float(seen["loss"]), lr=seen["lr"])
        points.append((point, params, grads))
    elif points:
        points.append((points[-1][0], params, grads))


def _text(finding):
    return " ".join([finding.title, finding.evidence, finding.message, finding.fix]).lower()


def _lead(report):
    assert report.codes, f"no finding at warning or error:\n{report}"
    return report[report.codes[0]]


def _gradients_not_accused(report):
    assert "gradient-mismatch" not in report.codes, f"correct gradients called wrong:\n{report}"


def expect_none(report, losses):
    assert losses[-1] < 0.2    # the healthy network learns the moons
    assert report.ok, f"a healthy run got warnings:\n{report}"


def expect_no_relu_derivative(report, losses):
    lead = _lead(report)
    text = _text(lead)
    assert lead.code == "gradient-mismatch", f"lead is {lead.code}:\n{report}"
    assert "relu" in text and ("derivative" in text or "mask" in text), f"the ReLU derivative is not named:\n{report}"


def expect_summed_gradients(report, losses):
    lead = _lead(report)
    text = _text(lead)
    assert lead.code.startswith("gradient-"), f"lead is {lead.code}, not the factor m:\n{report}"
    assert re.search(r"\b200(\.0)?\s*x|x\s*200\b", text) and ("= m" in text or "1/m" in text), \
        f"the factor 200 = m is not named:\n{report}"


def expect_wrong_derivative(report, losses):
    lead = _lead(report)
    assert lead.code == "gradient-mismatch", f"lead is {lead.code}:\n{report}"


def expect_lr_50(report, losses):
    assert _lead(report).code in ("lr-too-high", "loss-diverging"), f"lead is {report.codes[0]}:\n{report}"
    _gradients_not_accused(report)


def expect_unscaled_inputs(report, losses):
    assert _lead(report).code == "unscaled-inputs", f"lead is {report.codes[0]}:\n{report}"
    _gradients_not_accused(report)


def expect_zero_init(report, losses):
    assert _lead(report).code == "symmetric-units", f"lead is {report.codes[0]}:\n{report}"
    _gradients_not_accused(report)


EXPECT = {"none": expect_none, "no_relu_derivative": expect_no_relu_derivative,
          "summed_gradients": expect_summed_gradients, "a(1-a)_of_preactivation": expect_wrong_derivative,
          "sigmoid'_of_activation": expect_wrong_derivative, "lr_50": expect_lr_50,
          "unscaled_inputs": expect_unscaled_inputs, "zero_init": expect_zero_init}



def _cases():
    for bug in BUGS:
        for after in (False, True):
            yield pytest.param(bug, after, id=f"{bug}-{'after' if after else 'before'}-update")


@pytest.mark.parametrize("bug, after", list(_cases()))
def test_each_bug_variant_is_diagnosed_without_loss_fn(bug, after):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")    # the diverging variants overflow, as they do for the newcomer
        report, losses = newcomer_run(bug, after)
    EXPECT[bug](report, losses)


def test_the_bugs_do_what_their_names_say():
    """The variants are the bugs they claim: checked on the arrays, not on the doctor."""
    X, y = two_moons()
    assert X.shape == (M, 2) and set(np.unique(y)) == {0.0, 1.0}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        runs = {bug: newcomer_run(bug, False)[1] for bug in BUGS}
    assert runs["none"][-1] < 0.2
    assert 0.2 < runs["no_relu_derivative"][-1] < 0.6          # it half-learns
    for bug in ("summed_gradients", "lr_50", "a(1-a)_of_preactivation", "sigmoid'_of_activation"):
        assert not np.isfinite(runs[bug][-1]) or runs[bug][-1] > 0.6, bug
    assert abs(runs["zero_init"][-1] - np.log(2)) < 0.01       # stuck at the class balance


@pytest.mark.parametrize("after", [False, True], ids=["before-update", "after-update"])
@pytest.mark.parametrize("bug", BUGS)
def test_the_rebuilt_check_on_the_last_finite_observation(bug, after):
    """The rebuild's own verdict on each variant (what the doctor's report builds on)."""
    points = []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        newcomer_run(bug, after, points)
    if bug == "unscaled_inputs":      # log(0) from the first epoch: no finite loss to check at
        assert not points
        return
    check = check_gradients(points[-1][0])
    assert check.rebuilt.startswith("X @ W1 + b1 -> relu -> @ W2 + b2 -> sigmoid; loss: mean binary cross-entropy")
    report = check.report
    if bug in ("none", "lr_50", "zero_init"):
        assert report.ok, str(report)
    elif bug == "no_relu_derivative":
        assert report["W2"].ok and report["b2"].ok and not report["W1"].ok and not report["b1"].ok
        assert "derivative" in report.where_it_goes_wrong
    elif bug == "summed_gradients":
        assert all(r.pattern == "scale" and r.factor == pytest.approx(M) for r in report.results), str(report)
    else:
        assert not report.ok
