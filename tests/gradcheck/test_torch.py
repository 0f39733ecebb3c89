"""gradcheck_torch on torch.autograd.Function subclasses written here (right and with planted bugs)."""
import sys

import numpy as np
import pytest

from scratchnn import InputError, gradcheck_torch


def test_without_torch_the_error_names_the_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)       # import torch now raises ImportError
    with pytest.raises(InputError, match=r'pip install "scratchnn\[torch\]"'):
        gradcheck_torch(lambda x: x, (np.ones(3),))


torch = pytest.importorskip("torch")


class Affine(torch.autograd.Function):
    """y = x W^T + b with an optional planted bug in backward."""

    @staticmethod
    def forward(ctx, x, W, b, bug):
        ctx.save_for_backward(x, W)
        ctx.bug = bug
        return x @ W.t() + b

    @staticmethod
    def backward(ctx, dy):
        x, W = ctx.saved_tensors
        dx, dW, db = dy @ W, dy.t() @ x, dy.sum(0)
        if ctx.bug == "mean_W":
            dW = dW / len(x)
        if ctx.bug == "no_bias":
            db = None
        return dx, dW, db, None


class Clamp(torch.autograd.Function):
    """clamp(x, 0, 1) with straight-through backward when ``straight`` is set."""

    @staticmethod
    def forward(ctx, x, straight):
        ctx.save_for_backward(x)
        ctx.straight = straight
        return x.clamp(0, 1)

    @staticmethod
    def backward(ctx, dy):
        x, = ctx.saved_tensors
        return (dy if ctx.straight else dy * ((x > 0) & (x < 1))), None


def _inputs(seed=0):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(6, 4, dtype=torch.float64, generator=g, requires_grad=True),
            torch.randn(3, 4, dtype=torch.float64, generator=g, requires_grad=True),
            torch.randn(3, dtype=torch.float64, generator=g, requires_grad=True))


def test_a_correct_function_is_ok_and_named_by_names():
    report = gradcheck_torch(lambda x, W, b: Affine.apply(x, W, b, None), _inputs(), names=["x", "W", "b"])
    assert report.ok and [r.name for r in report.results] == ["x", "W", "b"]


def test_default_names_by_position_and_only_inputs_that_require_grad():
    x, W, b = _inputs()
    report = gradcheck_torch(Affine.apply, (x.detach(), W, b, None))
    assert [r.name for r in report.results] == ["input1", "input2"] and report.ok


def test_a_weight_gradient_divided_by_the_batch_is_named():
    report = gradcheck_torch(lambda x, W, b: Affine.apply(x, W, b, "mean_W"), _inputs(), names=["x", "W", "b"])
    assert report["W"].pattern == "scale" and report["W"].factor == pytest.approx(1 / 6, rel=1e-6)
    assert report["x"].ok and report["b"].ok


def test_a_none_gradient_counts_as_zeros():
    report = gradcheck_torch(lambda x, W, b: Affine.apply(x, W, b, "no_bias"), _inputs(), names=["x", "W", "b"])
    assert report["b"].pattern == "zero"


def test_straight_through_a_clamp_is_a_mask_where_the_clamp_is_flat():
    x = torch.tensor(np.linspace(-1, 2, 12).reshape(3, 4) + 0.01, requires_grad=True)
    assert gradcheck_torch(lambda t: Clamp.apply(t, False), (x,)).ok
    report = gradcheck_torch(lambda t: Clamp.apply(t, True), (x,))
    assert report["input0"].pattern == "mask"


def test_the_users_tensors_are_left_alone():
    x, W, b = _inputs()
    before = [t.detach().clone() for t in (x, W, b)]
    gradcheck_torch(lambda x, W, b: Affine.apply(x, W, b, None), (x, W, b))
    assert all(torch.equal(t, s) for t, s in zip((x, W, b), before)) and x.grad is None


def test_bad_calls_are_input_errors():
    x, W, b = _inputs()
    with pytest.raises(InputError, match="requires_grad"):
        gradcheck_torch(Affine.apply, (x.detach(), W.detach(), b.detach(), None))
    with pytest.raises(InputError, match="names has 1"):
        gradcheck_torch(lambda x, W, b: Affine.apply(x, W, b, None), (x, W, b), names=["x"])


def test_a_float32_module_is_checked_on_a_float64_copy_and_keeps_its_dtype():
    torch.manual_seed(0)
    layer = torch.nn.Linear(3, 2)
    x = torch.rand(4, 3, requires_grad=True)
    report = gradcheck_torch(layer, (x,), names=["x"])
    assert report.ok and not report.warnings and layer.weight.dtype == torch.float32


def test_a_callable_that_only_runs_in_float32_is_checked_in_float32_and_says_so():
    torch.manual_seed(0)
    layer = torch.nn.Linear(3, 2)
    x = torch.rand(4, 3, requires_grad=True)
    with pytest.warns(RuntimeWarning, match="float32"):
        report = gradcheck_torch(lambda t: layer(t), (x,), names=["x"])
    assert report.ok and report.rtol == pytest.approx(1e-2)
