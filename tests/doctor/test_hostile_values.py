"""The user's loop is sacred: whatever a training loop hands observe(), neither observe() nor report()
raises (only a call without any loss value does), and the report still renders."""
import json

import numpy as np
import pytest

from scratchnn.doctor import Doctor

rng = np.random.default_rng(0)
X = rng.standard_normal((8, 3))
W1, b1, W2 = rng.standard_normal((3, 4)), np.zeros((1, 4)), rng.standard_normal((4, 1))
Z1 = X @ W1 + b1
A1 = np.maximum(Z1, 0)
P = 1 / (1 + np.exp(-(A1 @ W2)))
Y = (X[:, :1] > 0).astype(float)


class TensorLike:
    """What a torch tensor offers the doctor: .detach().cpu().numpy()."""

    def __init__(self, a):
        self.a = np.asarray(a)

    def detach(self):
        return self

    def cpu(self):
        return self

    def numpy(self):
        return self.a


def valid():
    return dict(epoch=None, loss=0.7, lr=0.1, val_loss=0.8, params={"W1": W1, "b1": b1, "W2": W2},
                grads={"dW1": W1 * 0.1, "db1": b1 + 0.1, "dW2": W2 * 0.1}, activations={"hidden": A1, "out": P},
                preactivations={"hidden": Z1}, activation_kinds={"hidden": "relu", "out": "sigmoid"},
                inputs=X, targets=Y, predictions=P)


ARRAYS = [np.nan, np.inf, -np.inf, 0, 1e-300, 1e300, -1e300, np.array([]), np.zeros((0, 4)), np.zeros((8, 0)),
          np.array(3.0), np.full((8, 4), np.nan), np.full((8, 4), np.inf), np.full((8, 4), 1e300),
          np.full((8, 4), 1e-300), np.zeros((8, 4)), np.ones((8, 4), dtype=int), np.ones((8, 4), dtype=bool),
          np.ones((8, 4), dtype=np.float32), np.ones((8, 4), dtype=np.float16), np.ones((8, 4), dtype=np.longdouble),
          np.ones((8, 4)) * (1 + 2j), np.ones((8, 4)) + 0j, np.array(["a", "b"]), np.array([object(), None]),
          [[1.0, 2.0], [3.0]], [[1.0] * 4] * 8, "text", None, {"nested": 1}, TensorLike(np.ones((8, 4))),
          np.ones((4, 8)), np.ones((8, 4, 5, 5)), np.ones((2, 3)), np.ones(8), np.ones((1, 8)), np.ones((8, 1, 1)),
          np.ones((8, 4))[:, ::2], np.lib.stride_tricks.as_strided(np.ones(1), (8, 4), (0, 0))]
NUMBERS = [np.nan, np.inf, -np.inf, 0, -1, 1e-300, 1e300, 3, True, np.float32(0.5), np.array(0.5),
           np.array([0.5, 0.6]), np.array([]), 1 + 2j, 1 + 0j, "0.1", None, [0.1], TensorLike(0.5), object()]
EPOCHS = [None, -1, 0, 1.5, 2.0, np.int64(3), True, "3", np.nan, np.inf, 10**30, [1], TensorLike(4), object()]
LOSSES = [np.nan, np.inf, -np.inf, 0, -5.0, 1e-300, 1e300, 7, np.float32(0.5), np.float16(0.5), np.array(0.5),
          np.array([[0.5]]), np.array([0.4, 0.6]), [0.5], 1 + 0j, 1 + 2j, TensorLike(0.25), np.array([np.nan, 1.0])]
DICT_ARGS = ("params", "grads", "activations", "preactivations")
ARRAY_ARGS = ("inputs", "targets", "predictions")


def hostile_cases():
    for value in EPOCHS:
        yield "epoch", value
    for value in LOSSES:
        yield "loss", value
    for name in ("lr", "val_loss"):
        for value in NUMBERS:
            yield name, value
    for name in ARRAY_ARGS:
        for value in ARRAYS:
            yield name, value
    for name in DICT_ARGS:
        for value in [None, 5, "W1", [W1, b1], (W1,), {}, {1: W1}, {"W1": None}] + [{"W1": v} for v in ARRAYS] + \
                     [{"hidden": v} for v in ARRAYS]:
            yield name, value
    for value in [None, 5, "relu", {"hidden": "swish"}, {"hidden": None}, {"hidden": 3}, {"nope": "relu"},
                  {"hidden": "ReLU", "out": "Sigmoid"}, {"out": "softmax"}, {"hidden": "leaky-relu"}]:
        yield "activation_kinds", value


CASES = list(hostile_cases())


def run(overrides, times=4):
    """Observe valid, hostile, hostile, valid ... so that steps between odd observations are measured too."""
    d = Doctor()
    for k in range(times):
        kwargs = valid()
        if k in (1, 2):
            kwargs.update(overrides)
        d.observe(**kwargs)
    return d


def test_the_hostile_value_table_is_large():
    assert len(CASES) >= 500


@pytest.mark.parametrize("argument", sorted({name for name, _ in CASES}))
def test_no_hostile_value_at_any_argument_raises(argument):
    checked = 0
    for name, value in CASES:
        if name != argument:
            continue
        d = run({name: value})
        report = d.report()
        text = str(report)
        json.dumps(report.to_dict())
        report._repr_html_()
        assert "rule-failed" not in report, f"{name}={value!r}: {text}"
        # Read or set aside on purpose, never swallowed by the last-resort guard around observe().
        assert not any("could not read this observation" in p.text for p in d.problems), f"{name}={value!r}"
        assert len(d.records) == 4
        checked += 1
    assert checked > 0


def test_hostile_values_everywhere_at_once():
    d = Doctor()
    for k, (name, value) in enumerate(CASES):
        d.observe(**{**valid(), name: value} if name != "loss" or value is not None else valid())
    report = d.report()
    assert "rule-failed" not in report
    assert len(d.records) == len(CASES)
    str(report)


def test_a_complex_gradient_is_a_finding_not_an_exception():
    d = run({"grads": {"dW1": W1 * (1 + 1j), "dW2": W2}})
    f = d.report()["complex-values"]
    assert f.where == "grads['dW1']" and "imaginary part" in f.evidence


def test_a_complex_loss_uses_its_real_part_and_says_so():
    d = Doctor()
    d.observe(loss=0.5 + 0.25j)
    assert d.records[0].loss == 0.5
    assert "real part was used" in d.report()["complex-values"].evidence


def test_torch_tensors_are_read():
    torch = pytest.importorskip("torch")
    d = Doctor()
    for epoch in range(3):
        d.observe(loss=torch.tensor(0.5 - 0.1 * epoch), params={"W": torch.ones(3, 2, requires_grad=True)},
                  grads={"dW": torch.full((3, 2), 0.5)}, inputs=torch.ones(4, 3), targets=torch.zeros(4, 1))
    assert d.records[-1].params["W"].grad == pytest.approx(np.sqrt(6 * 0.25))
    assert d.records[-1].loss == pytest.approx(0.3) and d.inputs["n_features"] == 3


def test_a_rule_that_raises_becomes_one_info_line(monkeypatch):
    from scratchnn.doctor.rules import dead_relu

    def broken(facts):
        raise RuntimeError("boom")

    monkeypatch.setattr(dead_relu, "check", broken)
    d = run({})
    report = d.report()
    f = report["rule-failed"]
    assert f.severity == "info" and "dead-relu" in f.title and "RuntimeError: boom" in f.evidence


def test_the_gradient_check_moves_back_to_the_last_finite_observation():
    seen = []

    def loss_fn(params):
        seen.append(float(params["w"][0]))
        return float(0.5 * params["w"] @ params["w"])

    d = Doctor(loss_fn=loss_fn)
    w = np.array([1.0, 2.0])
    d.observe(loss=loss_fn({"w": w}), params={"w": w}, grads={"dw": w})
    d.observe(loss=np.nan, params={"w": w * np.nan}, grads={"dw": w * np.nan})
    report = d.report()
    assert "at epoch 1" in report.gradients and "all right" in report.gradients
    assert all(np.isfinite(seen))


def test_a_loss_fn_that_fails_is_said_not_raised():
    def loss_fn(params):
        raise ZeroDivisionError("user bug")

    d = Doctor(loss_fn=loss_fn)
    d.observe(loss=1.0, params={"w": np.ones(2)}, grads={"dw": np.ones(2)})
    report = d.report()
    assert "not checked" in report.gradients and "ZeroDivisionError" in report.gradients


def test_without_loss_fn_the_report_says_it_checked_through_the_rebuilt_forward_pass():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((30, 2)), (rng.random((30, 1)) > 0.5).astype(float)
    W1, b1, W2, b2 = rng.standard_normal((2, 8)) * 0.5, np.zeros((1, 8)), rng.standard_normal((8, 1)) * 0.5, np.zeros((1, 1))
    d = Doctor()
    for epoch in range(5):
        Z1 = X @ W1 + b1
        A1 = np.maximum(Z1, 0)
        P = 1 / (1 + np.exp(-(A1 @ W2 + b2)))
        loss = float(-np.mean(y * np.log(P) + (1 - y) * np.log(1 - P)))
        dZ2 = (P - y) / len(X)
        dZ1 = dZ2 @ W2.T * (Z1 > 0)
        grads = {"dW1": X.T @ dZ1, "db1": dZ1.sum(0, keepdims=True), "dW2": A1.T @ dZ2, "db2": dZ2.sum(0, keepdims=True)}
        d.observe(loss=loss, params={"W1": W1, "b1": b1, "W2": W2, "b2": b2}, grads=grads, inputs=X, targets=y,
                  predictions=P, lr=0.5)
        W1, b1, W2, b2 = W1 - 0.5 * grads["dW1"], b1 - 0.5 * grads["db1"], W2 - 0.5 * grads["dW2"], b2 - 0.5 * grads["db2"]
    report = d.report()
    assert report.gradients.startswith("gradients: checked by finite differences through the rebuilt forward pass")
    assert "relu" in report.gradients and "all right" in report.gradients
    assert "gradient-mismatch" not in report and "gradient-scale" not in report
