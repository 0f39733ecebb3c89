"""gradient-mismatch from the steps alone (no inputs observed, so no finite-difference check): the trapezoid test.

Between two observations of one smooth loss, L(p_end) - L(p_start) = 1/2 (g_start + g_end) . dp up to the
loss's third derivative, for steps of any size. The doctor holds the observed gradients to that, and accuses
them only where the test applies: 5+ plain steps in a row whose promises change smoothly (another batch at each
observation makes them jump) and are not astronomically larger than the loss (saturated outputs, clipped logs).

The negative families are correct loops that the earlier first-order step tests accused of gradient-mismatch at
warning or error (86 of 960 variants of this file's loop, measured on main 15df897; 0 of 960 now).
"""
import numpy as np
import pytest

from scratchnn.doctor import Doctor


def moons(n=200, seed=0):
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n // 2)
    X = np.r_[np.c_[np.cos(t), np.sin(t)], np.c_[1 - np.cos(t), 0.5 - np.sin(t)]] + rng.normal(0, 0.2, (n, 2))
    return X, np.r_[np.zeros(n // 2), np.ones(n // 2)][:, None]


def activation(kind, z):
    """(a, da/dz) of the hidden layer."""
    if kind == "tanh":
        a = np.tanh(z)
        return a, 1 - a ** 2
    if kind == "sigmoid":
        a = 1 / (1 + np.exp(-z))
        return a, a * (1 - a)
    return np.maximum(z, 0), (z > 0).astype(float)


def train(kind="tanh", loss="bce", lr=0.5, batch=None, placement="before", every=1, whole_loss=False, scale=1.0,
          bug=None, steps=300, seed=0):
    """A 2-8-1 net on moons; observe() gets loss, params, grads and lr only (no inputs: no rebuild).

    ``batch``: None for full batch, else the samples per step; ``whole_loss``: log the whole data's loss next to
    the batch's gradient; ``bug``: "accumulate" (gradients never reset: each step adds the new gradient to the
    old) or "negated" (dW computed from y - yhat, the negative gradient, and subtracted: every step climbs)."""
    X, y = moons(seed=seed)
    X = X * scale
    rng = np.random.default_rng(seed + 1)
    p = {"W1": rng.normal(0, 1, (2, 8)), "b1": np.zeros(8), "W2": rng.normal(0, 8 ** -0.5, (8, 1)), "b2": np.zeros(1)}
    acc = {k: np.zeros_like(v) for k, v in p.items()}
    doctor = Doctor()

    def forward(Xb):
        z1 = Xb @ p["W1"] + p["b1"]
        a1, slope = activation(kind, z1)
        z2 = a1 @ p["W2"] + p["b2"]
        return a1, slope, (1 / (1 + np.exp(-z2)) if loss == "bce" else z2)

    def loss_of(out, yb):
        if loss == "bce":
            o = np.clip(out, 1e-12, 1 - 1e-12)
            return float(-np.mean(yb * np.log(o) + (1 - yb) * np.log(1 - o)))
        return float(np.mean((out - yb) ** 2))

    for step in range(steps):
        idx = np.arange(len(X)) if batch is None else rng.choice(len(X), batch, replace=False)
        Xb, yb = X[idx], y[idx]
        a1, slope, out = forward(Xb)
        dz2 = (out - yb) / len(idx) * (1 if loss == "bce" else 2)
        dz1 = dz2 @ p["W2"].T * slope
        grads = {"W2": a1.T @ dz2, "b2": dz2.sum(0), "W1": Xb.T @ dz1, "b1": dz1.sum(0)}
        if bug == "accumulate":
            for k in grads:
                acc[k] += grads[k]
            grads = {k: acc[k].copy() for k in grads}
        if bug == "negated":
            grads = {k: -v for k, v in grads.items()}
        value = loss_of(forward(X)[2], y) if whole_loss else loss_of(out, yb)
        if placement == "before" and step % every == 0:
            doctor.observe(epoch=step, loss=value, params=p, grads=grads, lr=lr)
        for k in p:
            p[k] -= lr * grads[k]
        if placement == "after" and step % every == 0:
            doctor.observe(epoch=step, loss=value, params=p, grads=grads, lr=lr)
    return doctor.report()


def accused(report):
    return [f for f in report.findings if f.code == "gradient-mismatch" and f.severity in ("warning", "error")]


# Correct loops accused on main 15df897 (each listed there with the evidence it gave).
CORRECT = [
    dict(kind="relu", loss="mse", lr=0.5, batch=1, whole_loss=True),                 # loss did not respond
    dict(kind="tanh", loss="mse", lr=0.5, batch=1, whole_loss=True),                 # -27.8x over 3 small steps
    dict(kind="relu", loss="bce", lr=3.0, scale=50.0),                               # full batch, outputs clipped
    dict(kind="relu", loss="bce", lr=0.5, batch=1, scale=50.0),                      # promises of 1e147
    dict(kind="tanh", loss="bce", lr=30.0, batch=16, scale=50.0),                    # minibatch, -5.8e7x
    dict(kind="sigmoid", loss="bce", lr=0.01, batch=16, every=5),                    # minibatch, 10.2x
]


@pytest.mark.parametrize("placement", ["before", "after"])
@pytest.mark.parametrize("loop", CORRECT, ids=lambda d: "-".join(f"{k}={v}" for k, v in d.items()))
def test_correct_gradients_are_not_accused_from_the_steps(loop, placement):
    with np.errstate(all="ignore"):
        report = train(placement=placement, **loop)
    assert not accused(report), accused(report)[0].evidence


@pytest.mark.parametrize("placement", ["before", "after"])
@pytest.mark.parametrize("kind", ["tanh", "sigmoid"])
def test_correct_full_batch_loops_with_large_steps_are_not_accused(kind, placement):
    # Steps far beyond first order (lr 3 on a full batch): the trapezoid rule still holds for right gradients.
    with np.errstate(all="ignore"):
        report = train(kind=kind, lr=3.0, placement=placement)
    assert not accused(report), accused(report)[0].evidence


@pytest.mark.parametrize("placement", ["before", "after"])
def test_gradients_that_are_never_reset_are_found_from_the_steps(placement):
    # The loop's gradient is the sum of every gradient so far (micrograd's zero_grad forgotten), full batch.
    with np.errstate(all="ignore"):
        report = train(bug="accumulate", lr=0.002, placement=placement)
    found = accused(report)
    assert found, report
    assert "trapezoid" in found[0].evidence or "does not respond" in found[0].message


@pytest.mark.parametrize("placement", ["before", "after"])
def test_a_negated_gradient_is_found_from_the_steps(placement):
    with np.errstate(all="ignore"):
        report = train(bug="negated", lr=0.05, placement=placement)
    found = accused(report)
    assert found, report
    assert found[0].evidence.split("changed by ")[1].startswith("-")  # the loss rose where it was promised a fall
