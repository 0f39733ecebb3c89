"""Every rule has a fixture that must trigger it and one that must not (ruff's layout): a small run each,
observed the way a training loop would, with the severity the rule's docs promise."""
import numpy as np
import pytest

from scratchnn.doctor import Doctor
from scratchnn.doctor.rules import RULES

rng = np.random.default_rng(0)


def run(losses, **arguments):
    """Observe one epoch per loss; an argument that is a function is called with the epoch index."""
    d = Doctor(check_gradients=False)
    for i, loss in enumerate(losses):
        d.observe(epoch=i + 1, loss=loss, **{k: v(i) if callable(v) else v for k, v in arguments.items()})
    return d.report()


FLAT, FALLING = [1.0] * 8, list(np.geomspace(1.0, 0.01, 8))


def descent(grad_factor, lr=1e-3, epochs=12, observe_after=True):
    """Plain gradient descent on f(w) = 0.5 ||w||^2, given gradient grad_factor * w."""
    w, d = np.array([1.0, -2.0, 0.5, 3.0]), Doctor(check_gradients=False)
    for epoch in range(1, epochs):
        loss, g = 0.5 * float(w @ w), grad_factor * w
        if not observe_after:
            d.observe(epoch=epoch, loss=loss, params={"w": w}, grads={"dw": g}, lr=lr)
        w = w - lr * g
        if observe_after:
            d.observe(epoch=epoch, loss=loss, params={"w": w}, grads={"dw": g}, lr=lr)
    return d.report()


def moving_flat(true_gradient):
    """Weights that move along -g while the loss does (not) change: a missing ReLU derivative."""
    W, d = np.ones((3, 2)), Doctor(check_gradients=False)
    g = np.full((3, 2), 0.5)
    for epoch in range(1, 9):
        loss = 1.0 if not true_gradient else 0.5 * float(np.sum(W ** 2))
        if true_gradient:
            g = W.copy()
        W = W - 0.01 * g
        d.observe(epoch=epoch, loss=loss, params={"W": W}, grads={"dW": g}, lr=0.01)
    return d.report()


def labels_run(kind, targets, units):
    z = rng.standard_normal((12, units))
    a = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True) if kind == "softmax" else 1 / (1 + np.exp(-z))
    return run(FALLING, activations={"out": a}, activation_kinds={"out": kind}, predictions=a, targets=targets)


def symmetric(init):
    X = rng.standard_normal((16, 2))
    W1 = np.zeros((2, 4)) if init == "zero" else rng.standard_normal((2, 4))
    W2 = np.zeros((4, 1)) if init == "zero" else rng.standard_normal((4, 1))
    W2 = W2 - 0.1  # observed after the first update: the zero init is gone from W2's value, not its symmetry
    return run(FLAT, params={"W1": W1, "W2": W2}, inputs=X)


def layer(kind, z):
    return dict(preactivations={"h": z}, activation_kinds={"h": kind})


def sacrificed(i):
    return {"W1": np.full((3, 3), 1.0 + i), "W2": np.full((3, 3), 1.0)}


def unchecked(losses):
    """Params and gradients without inputs, the gradient check on (as by default)."""
    d = Doctor()
    for i, loss in enumerate(losses):
        d.observe(epoch=i + 1, loss=loss, params={"W": np.ones((3, 2)) * (1 + 0.01 * i)},
                  grads={"dW": np.full((3, 2), 0.5)}, predictions=np.ones((4, 2)), targets=np.ones((4, 2)))
    return d.report()


POSITIVE_NEGATIVE = {
    "shape-mismatch": (
        lambda: run([float(np.mean((np.arange(4.0).reshape(4, 1) - np.array([0.0, 1, 2, 4])) ** 2))] * 3,
                    predictions=np.arange(4.0).reshape(4, 1), targets=np.array([0.0, 1, 2, 4])), "error",
        lambda: run([0.25] * 3, predictions=np.arange(4.0).reshape(4, 1), targets=np.array([[0.0], [1], [2], [4]]))),
    "gradient-shape": (
        lambda: run(FLAT, params={"W2": np.ones((1, 5))}, grads={"dW2": np.ones((1, 1))}), "error",
        lambda: run(FLAT, params={"b": np.ones((1, 5))}, grads={"db": np.ones(5)})),
    "complex-values": (
        lambda: run(FLAT, params={"W": np.ones(3)}, grads={"dW": np.ones(3) * 1j}), "error",
        lambda: run(FLAT, params={"W": np.ones(3)}, grads={"dW": np.ones(3) + 0j})),
    "weights-not-updating": (
        lambda: run(FLAT, params={"W": np.ones((3, 2))}, grads={"dW": np.full((3, 2), 0.5)}, lr=0.1), "error",
        lambda: run(FLAT, params=lambda i: {"W": np.ones((3, 2)) - 0.05 * i}, grads={"dW": np.full((3, 2), 0.5)},
                    lr=0.1)),
    "gradient-scale": (lambda: descent(10.0, lr=1e-5), "warning", lambda: descent(1.0, lr=1e-5)),
    "gradient-mismatch": (lambda: moving_flat(False), "warning", lambda: moving_flat(True)),
    "unscaled-inputs": (lambda: run(FLAT, inputs=rng.uniform(0, 255, (10, 3))), "warning",
                        lambda: run(FLAT, inputs=rng.uniform(0, 1, (10, 3)))),
    "output-activation-mismatch": (
        lambda: labels_run("sigmoid", rng.uniform(0, 5, (12, 1)), 1), "warning",
        lambda: labels_run("softmax", rng.integers(0, 3, 12), 3)),  # integer class labels are labels
    "symmetric-units": (lambda: symmetric("zero"), "warning", lambda: symmetric("random")),
    "lr-too-high": (
        lambda: run(FLAT, params=lambda i: {"W": np.ones((3, 3)) * (-3.0) ** i}), "warning",
        lambda: run(FLAT, params=lambda i: {"W": np.ones((3, 3)) * (1 + 1e-3 * i)})),
    "exploding-gradients": (
        lambda: run(FLAT, params={"W": np.ones((3, 3))}, grads={"dW": np.full((3, 3), 1e3)}), "warning",
        lambda: run(FLAT, params={"W": np.ones((3, 3))}, grads={"dW": np.full((3, 3), 0.1)})),
    "loss-diverging": (lambda: run([1.0, 2.0, 5.0, 20.0, 100.0, 400.0]), "error", lambda: run(FALLING)),
    "non-finite": (lambda: run([1.0, 2.0, np.nan]), "error", lambda: run([1.0, 2.0, 3.0])),
    "dead-relu": (lambda: run(FLAT, **layer("relu", -np.ones((8, 4)))), "error",
                  lambda: run(FLAT, **layer("relu", rng.standard_normal((8, 4))))),
    "saturated-activation": (lambda: run(FLAT, **layer("sigmoid", 20 * np.sign(rng.standard_normal((8, 4))))),
                             "warning", lambda: run(FLAT, **layer("sigmoid", rng.standard_normal((8, 4))))),
    "vanishing-gradients": (
        lambda: run(FLAT, params={"W1": np.ones((3, 3)), "W2": np.ones((3, 3))},
                    grads={"dW1": np.full((3, 3), 1e-9), "dW2": np.full((3, 3), 0.1)}), "warning",
        lambda: run(FLAT, params={"W1": np.ones((3, 3)), "W2": np.ones((3, 3))},
                    grads={"dW1": np.full((3, 3), 0.01), "dW2": np.full((3, 3), 0.1)})),
    "constant-output": (
        lambda: run(FLAT, predictions=np.zeros((6, 1)), targets=rng.standard_normal((6, 1))), "warning",
        lambda: run(FLAT, predictions=rng.standard_normal((6, 1)), targets=rng.standard_normal((6, 1)))),
    "loss-plateau": (lambda: run([1.5] + FLAT), "warning", lambda: run(FALLING)),
    "overfitting": (lambda: run(FALLING, val_loss=lambda i: [1.0, 0.6, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9][i]), "warning",
                    lambda: run(FALLING, val_loss=lambda i: FALLING[i] * 1.1)),
    "unread-input": (lambda: run(FLAT, lr=-1.0), "info", lambda: run(FLAT, lr=0.1)),
    "gradients-unchecked": (lambda: unchecked(FLAT), "info", lambda: unchecked(FALLING)),
}


def test_every_rule_has_a_positive_and_a_negative_fixture():
    assert set(POSITIVE_NEGATIVE) | {"rule-failed"} == {m.RULE.code for m in RULES}


@pytest.mark.parametrize("code", sorted(POSITIVE_NEGATIVE))
def test_rule_fires_on_its_fixture_and_not_on_its_twin(code):
    positive, severity, negative = POSITIVE_NEGATIVE[code]
    report = positive()
    assert code in report, f"{code} did not fire:\n{report}"
    assert report[code].severity == severity
    assert code not in negative(), f"{code} fired on its negative fixture:\n{negative()}"


def test_rule_failed_fires_only_when_a_rule_raises(monkeypatch):
    from scratchnn.doctor.rules import loss_plateau
    assert "rule-failed" not in run(FLAT)
    monkeypatch.setattr(loss_plateau, "check", lambda facts: 1 / 0)
    assert run(FLAT)["rule-failed"].where == "loss-plateau"


def test_observe_before_or_after_the_update_gives_the_same_scale():
    before, after = descent(10.0, lr=1e-5, observe_after=False), descent(10.0, lr=1e-5)
    assert before["gradient-scale"].title == after["gradient-scale"].title == \
        "your gradients are about 10x the true gradient"


def test_docs_pages_are_generated_from_the_rules():
    from pathlib import Path
    docs = Path(__file__).resolve().parents[2] / "docs" / "doctor" / "rules"
    for module in RULES:
        page = docs / f"{module.RULE.code}.md"
        assert page.read_text(encoding="utf-8") == module.RULE.page(), \
            f"{page} is out of date: run python -m scratchnn.doctor.rules docs/doctor/rules"
    assert {p.stem for p in docs.glob("*.md")} == {m.RULE.code for m in RULES}
