"""Each layer against PyTorch autograd in float64: the output and every gradient (dx, dW, db,
dgamma, dbeta) to 1e-6, over random shapes, kernel sizes, strides and paddings; batch norm in
training mode (batch statistics, running statistics updated as torch updates them, over several
steps) and in inference mode (running statistics)."""
import numpy as np
import pytest
from cnn_shapes import geometry
from hypothesis import given, settings
from hypothesis import strategies as st

import scratchnn as sn

torch = pytest.importorskip("torch")
F = torch.nn.functional
CHECK = settings(max_examples=20, deadline=None)
TOL = dict(rtol=1e-6, atol=1e-9)


def t(a):
    return torch.tensor(np.asarray(a, np.float64), requires_grad=True)


def float64(layer, rng):
    layer.params = {k: rng.normal(size=v.shape) for k, v in layer.params.items()}
    layer.grads = {k: np.zeros_like(v) for k, v in layer.params.items()}
    return layer


def run_both(layer, x, torch_fn, torch_params, training=False, seed=0):
    """Forward and backward with the same random upstream gradient through ``layer`` and
    ``torch_fn(x_t, *params_t)``; asserts outputs, dx and each parameter's gradient agree."""
    y = layer.forward(x, training)
    dy = np.random.default_rng(seed).normal(size=y.shape)
    dx = layer.backward(dy)
    xt, pt = t(x), {k: t(v) for k, v in torch_params.items()}
    yt = torch_fn(xt, **pt)
    yt.backward(torch.tensor(dy))
    np.testing.assert_allclose(y, yt.detach().numpy(), **TOL, err_msg=f"{layer!r} output")
    np.testing.assert_allclose(dx, xt.grad.numpy(), **TOL, err_msg=f"{layer!r} dx")
    return {k: v.grad.numpy() for k, v in pt.items()}


@CHECK
@given(g=geometry(max_kernel=4, max_side=10, max_n=4, max_channels=4), out_channels=st.integers(1, 5))
def test_conv2d_matches_torch(g, out_channels):
    shape, k, s, p, seed = g
    rng = np.random.default_rng(seed)
    layer = float64(sn.Conv2D(shape[1], out_channels, k, stride=s, padding=p), rng)
    grads = run_both(layer, rng.normal(size=shape), lambda x, W, b: F.conv2d(x, W, b, stride=s, padding=p),
                     layer.params, seed=seed)
    for key in ("W", "b"):
        np.testing.assert_allclose(layer.grads[key], grads[key], **TOL, err_msg=f"d{key}")


@CHECK
@given(g=geometry(max_kernel=4, max_side=10, max_n=4, max_channels=4), average=st.booleans(), default_stride=st.booleans())
def test_pooling_matches_torch(g, average, default_stride):
    (n, C, H, W), k, s, _, seed = g
    k = (min(k[0], H), min(k[1], W))
    s = None if default_stride else s
    layer = (sn.AvgPool2D if average else sn.MaxPool2D)(k, stride=s)
    pool = F.avg_pool2d if average else F.max_pool2d
    run_both(layer, np.random.default_rng(seed).normal(size=(n, C, H, W)), lambda x: pool(x, k, s), {}, seed=seed)


@CHECK
@given(g=geometry(max_kernel=4, max_side=10, max_n=4, max_channels=4), default_stride=st.booleans())
def test_max_pool_matches_torch_on_ties(g, default_stride):
    """Inputs of the numbers 0, 1 and 2 only, so most windows hold their maximum more than once:
    both send the gradient to the first one in row-major order, in overlapping windows (stride <
    kernel), windows that tile the image and windows with gaps between them."""
    (n, C, H, W), k, s, _, seed = g
    k = (min(k[0], H), min(k[1], W))
    s = k if default_stride else s
    x = np.random.default_rng(seed).integers(0, 3, size=(n, C, H, W)).astype(np.float64)
    run_both(sn.MaxPool2D(k, stride=s), x, lambda x: F.max_pool2d(x, k, s), {}, seed=seed)


@pytest.mark.parametrize("shape, k, s", [((2, 3, 6, 8), 2, 2), ((2, 3, 7, 5), 2, 2), ((2, 2, 7, 7), 3, 2),
                                         ((2, 2, 7, 7), 3, 1), ((2, 2, 8, 8), 2, 3), ((1, 2, 6, 6), 3, 3)],
                         ids=["tiling", "tiling-leftover", "overlap-s2", "overlap-s1", "gaps", "tiling-3x3"])
def test_max_pool_ties_in_each_window_layout(shape, k, s):
    """The same on all-tied windows, each layout by name: windows that tile the image exactly, tile
    it with a row or column left over, overlap, or leave gaps."""
    x = np.random.default_rng(0).integers(0, 2, size=shape).astype(np.float64)
    run_both(sn.MaxPool2D(k, stride=s), x, lambda x: F.max_pool2d(x, k, s), {})


@CHECK
@given(g=geometry(max_kernel=4, max_side=10, max_n=4, max_channels=4), flat=st.booleans(), momentum=st.floats(0.01, 1))
def test_batchnorm_matches_torch_in_training_and_inference(g, flat, momentum):
    """Three training steps (running statistics updated each time), then inference."""
    (n, C, H, W), _, _, _, seed = g
    rng = np.random.default_rng(seed)
    shape = (n + 1, C) if flat else (n + 1, C, H, W)
    layer = float64((sn.BatchNorm1D if flat else sn.BatchNorm2D)(C, momentum=momentum, eps=1e-3), rng)
    layer.state = {k: v.astype(np.float64) for k, v in layer.state.items()}
    # torch's running statistics, which F.batch_norm updates in place in training mode.
    reference = (torch.nn.BatchNorm1d if flat else torch.nn.BatchNorm2d)(C, eps=1e-3, momentum=momentum).double()
    for step, training in enumerate((True, True, True, False)):
        x = rng.normal(3, 2, size=shape)
        grads = run_both(layer, x, lambda x, gamma, beta: F.batch_norm(
            x, reference.running_mean, reference.running_var, gamma, beta, training, momentum, 1e-3),
            layer.params, training=training, seed=seed + step)
        for key in ("gamma", "beta"):
            np.testing.assert_allclose(layer.grads[key], grads[key], **TOL, err_msg=f"d{key}, step {step}")
        for key in ("running_mean", "running_var"):
            np.testing.assert_allclose(layer.state[key], getattr(reference, key).numpy(), **TOL,
                                       err_msg=f"{key} after step {step}")


@CHECK
@given(g=geometry(max_kernel=4, max_side=10, max_n=4, max_channels=4), p=st.floats(0, 0.9))
def test_flatten_and_dropout_match_torch(g, p):
    shape, _, _, _, seed = g
    x = np.random.default_rng(seed).normal(size=shape)
    run_both(sn.Flatten(), x, lambda x: torch.flatten(x, 1), {}, seed=seed)
    # Dropout at inference is the identity in both; in training torch's mask is its own, so the
    # mask scratchnn drew is applied to torch's input to compare the scaling and the gradient.
    run_both(sn.Dropout(p), x, lambda x: F.dropout(x, p, training=False), {}, seed=seed)
    layer = sn.Dropout(p, seed=seed)
    y = layer.forward(x, training=True)
    kept = y != 0
    run_both(sn.Dropout(p, seed=seed), x, lambda x: x * torch.tensor(kept) / (1 - p), {}, training=True, seed=seed)
