"""Real cases in the function-pair form on 4-D tensors: convolution, pooling, spatial batch norm.

Same ``build()`` contract as ``gcreal_pairs.py``. Layouts follow the reports: CS231n is
(N, C, H, W) with conv weights (F, C, HH, WW); deeplearning.ai is channels-last (m, n_H, n_W, n_C)
with W (f, f, n_C_prev, n_C).
"""
from functools import partial

import numpy as np

from gcreal_cases import Case


# --- CS231n max pooling, loops over output positions ----------------------------------------------

def max_pool_forward_naive(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    n, c, h, w = x.shape
    oh, ow = (h - ph) // s + 1, (w - pw) // s + 1
    out = np.empty((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].max(axis=(2, 3))
    return out, (x, pool_param)


def max_pool_backward_assign(dout, cache):
    """Routes dout to each window's argmax with '=': a later window overwrites an earlier one."""
    x, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    dx = np.zeros_like(x)
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    window = x[n, c, i * s:i * s + ph, j * s:j * s + pw]
                    r, q = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * s + r, j * s + q] = dout[n, c, i, j]
    return dx


def build_max_pool(size, stride, out_hw):
    def build():
        rng = np.random.default_rng(21)
        return {"forward": max_pool_forward_naive, "backward": max_pool_backward_assign,
                "inputs": {"x": rng.standard_normal((3, 2, 8, 8))},
                "args": ({"pool_height": size, "pool_width": size, "stride": stride},),
                "dout": rng.standard_normal((3, 2, out_hw, out_hw))}
    return build


# --- deeplearning.ai conv_backward that forgets the stride ----------------------------------------

def conv_forward(A_prev, W, b, hparameters):
    stride, pad = hparameters["stride"], hparameters["pad"]
    f, n_c = W.shape[0], W.shape[3]
    m, h_prev, w_prev, _ = A_prev.shape
    n_h, n_w = (h_prev + 2 * pad - f) // stride + 1, (w_prev + 2 * pad - f) // stride + 1
    A_pad = np.pad(A_prev, [(0, 0), (pad, pad), (pad, pad), (0, 0)])
    Z = np.empty((m, n_h, n_w, n_c))
    for h in range(n_h):
        for w in range(n_w):
            a_slice = A_pad[:, h * stride:h * stride + f, w * stride:w * stride + f, :]
            Z[:, h, w, :] = np.tensordot(a_slice, W, axes=([1, 2, 3], [0, 1, 2])) + b.reshape(-1)
    return Z, (A_prev, W, b, hparameters)


def conv_backward_no_stride(dZ, cache):
    """The window starts at (h, w), not (h * stride, w * stride), in the backward loops."""
    A_prev, W, b, hparameters = cache
    pad, f = hparameters["pad"], W.shape[0]
    A_pad = np.pad(A_prev, [(0, 0), (pad, pad), (pad, pad), (0, 0)])
    dA_pad, dW, db = np.zeros_like(A_pad), np.zeros_like(W), np.zeros_like(b)
    for i in range(dZ.shape[0]):
        for h in range(dZ.shape[1]):
            for w in range(dZ.shape[2]):
                for c in range(dZ.shape[3]):
                    vs, hs = h, w                              # stride missing here
                    dA_pad[i, vs:vs + f, hs:hs + f, :] += W[:, :, :, c] * dZ[i, h, w, c]
                    dW[:, :, :, c] += A_pad[i, vs:vs + f, hs:hs + f, :] * dZ[i, h, w, c]
                    db[:, :, :, c] += dZ[i, h, w, c]
    return dA_pad[:, pad:dA_pad.shape[1] - pad, pad:dA_pad.shape[2] - pad, :], dW, db


def build_dlai_conv():
    rng = np.random.default_rng(22)
    return {"forward": conv_forward, "backward": conv_backward_no_stride,
            "inputs": {"A_prev": rng.standard_normal((10, 5, 7, 4)), "W": rng.standard_normal((3, 3, 4, 8)),
                       "b": rng.standard_normal((1, 1, 1, 8))},
            "args": ({"pad": 1, "stride": 2},)}


# --- deeplearning.ai average pooling whose distribute_value ignores dz -----------------------------

def pool_forward_average(A_prev, hparameters):
    f, s = hparameters["f"], hparameters["stride"]
    m, h_prev, w_prev, n_c = A_prev.shape
    n_h, n_w = (h_prev - f) // s + 1, (w_prev - f) // s + 1
    A = np.empty((m, n_h, n_w, n_c))
    for h in range(n_h):
        for w in range(n_w):
            A[:, h, w, :] = A_prev[:, h * s:h * s + f, w * s:w * s + f, :].mean(axis=(1, 2))
    return A, (A_prev, hparameters)


def distribute_value_without_dz(dz, shape):
    """Meant to spread dz evenly over the window; returns the averaging weights alone."""
    n_h, n_w = shape
    return np.ones(shape) / (n_h * n_w)


def pool_backward(dA, cache, mode="average"):
    A_prev, hparameters = cache
    f, s = hparameters["f"], hparameters["stride"]
    dA_prev = np.zeros_like(A_prev)
    for i in range(dA.shape[0]):
        for h in range(dA.shape[1]):
            for w in range(dA.shape[2]):
                for c in range(dA.shape[3]):
                    spread = distribute_value_without_dz(dA[i, h, w, c], (f, f))
                    dA_prev[i, h * s:h * s + f, w * s:w * s + f, c] += spread
    return dA_prev


def build_dlai_pool():
    rng = np.random.default_rng(23)
    return {"forward": pool_forward_average, "backward": partial(pool_backward, mode="average"),
            "inputs": {"A_prev": rng.standard_normal((5, 5, 3, 2))}, "args": ({"stride": 1, "f": 2},)}


# --- spatial batch norm checked with a uniform upstream gradient ----------------------------------

def batch_norm2d(x, gamma, beta, eps=1e-5):
    axes = (0, 2, 3)
    mean, var = x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True)
    invstd = 1 / np.sqrt(var + eps)
    x_norm = (x - mean) * invstd
    return gamma.reshape(1, -1, 1, 1) * x_norm + beta.reshape(1, -1, 1, 1), (x_norm, invstd, gamma)


def batch_norm2d_backward(grad_output, cache):
    """dx = (g - mean(g) - x_norm * mean(g * x_norm)) * gamma * invstd, per channel."""
    x_norm, invstd, gamma = cache
    axes = (0, 2, 3)
    k = grad_output.mean(axis=axes, keepdims=True)
    dotp = (grad_output * x_norm).mean(axis=axes, keepdims=True)
    grad_input = (grad_output - k - x_norm * dotp) * gamma.reshape(1, -1, 1, 1) * invstd
    return grad_input, np.sum(grad_output * x_norm, axis=axes), np.sum(grad_output, axis=axes)


def build_batch_norm2d_ones():
    rng = np.random.default_rng(24)
    return {"forward": batch_norm2d, "backward": batch_norm2d_backward,
            "inputs": {"x": rng.standard_normal((2, 2, 2, 2)), "gamma": np.array([1.0, 1.5]),
                       "beta": np.array([0.0, 0.0])},
            "dout": np.ones((2, 2, 2, 2))}


# --- CS231n conv whose weight gradient lands in (C, F) order --------------------------------------

def conv_forward_naive(x, w, b, conv_param):
    s, pad = conv_param["stride"], conv_param["pad"]
    _, _, hh, ww = w.shape
    xp = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    oh, ow = (xp.shape[2] - hh) // s + 1, (xp.shape[3] - ww) // s + 1
    out = np.empty((x.shape[0], w.shape[0], oh, ow))
    for i in range(oh):
        for j in range(ow):
            window = xp[:, :, i * s:i * s + hh, j * s:j * s + ww]
            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out, (x, w, b, conv_param)


def conv_backward_weight_cf(dout, cache):
    """Right dx and db; dw accumulated per (channel, filter), i.e. with its first two axes swapped."""
    x, w, b, conv_param = cache
    s, pad = conv_param["stride"], conv_param["pad"]
    _, _, hh, ww = w.shape
    xp = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    dxp, dw_cf = np.zeros_like(xp), np.zeros((w.shape[1], w.shape[0], hh, ww))
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            window = xp[:, :, i * s:i * s + hh, j * s:j * s + ww]
            dxp[:, :, i * s:i * s + hh, j * s:j * s + ww] += np.tensordot(dout[:, :, i, j], w, axes=(1, 0))
            dw_cf += np.tensordot(window, dout[:, :, i, j], axes=(0, 0)).transpose(0, 3, 1, 2)
    return dxp[:, :, pad:xp.shape[2] - pad, pad:xp.shape[3] - pad], dw_cf, dout.sum(axis=(0, 2, 3))


def build_conv_cf():
    rng = np.random.default_rng(25)
    return {"forward": conv_forward_naive, "backward": conv_backward_weight_cf,
            "inputs": {"x": rng.standard_normal((2, 3, 5, 5)), "w": rng.standard_normal((3, 3, 3, 3)),
                       "b": rng.standard_normal(3)},
            "args": ({"stride": 1, "pad": 1},)}


CASES = [
    Case("max_pool_backward_assign_overlap", "pair", "https://github.com/0809zheng/CS231n-assignment2019/issues/19",
         "max_pool_backward_naive writes dx[...] = dout instead of +=; the assignment's test (2x2, stride 2) "
         "passes, 3x3 windows with stride 1 on x (3, 2, 8, 8) fail", {"x": ("mismatch",)},
         build_max_pool(3, 1, 6), four_d=True),
    Case("max_pool_backward_assign_no_overlap", "pair", "https://github.com/0809zheng/CS231n-assignment2019/issues/19",
         "the same code on the assignment's own setting (2x2 windows, stride 2): windows do not overlap, "
         "so '=' is right there", {"x": "ok"}, build_max_pool(2, 2, 4), four_d=True),
    Case("dlai_conv_backward_missing_stride", "pair", "https://github.com/Kulbear/deep-learning-coursera/pull/34",
         "fix commit: 'stride missing in conv_backward' (vert_start = h instead of h * stride)",
         {"A_prev": ("mismatch",), "W": ("mismatch",), "b": "ok"}, build_dlai_conv, four_d=True,
         note="the notebook's shapes: A_prev (10, 5, 7, 4) (1,400 entries: the checker samples it), "
              "W (3, 3, 4, 8), pad 1, stride 2"),
    Case("dlai_pool_backward_distribute_value", "pair",
         "https://community.deeplearning.ai/t/week-1-assignment-1-optional-backprop-exercise-5-7/209979",
         "distribute_value returns 0.25 everywhere for a 2x2 window whatever dz is (the test expects dz / 4)",
         {"A_prev": ("mismatch",)}, build_dlai_pool, four_d=True,
         note="the notebook's A_prev (5, 5, 3, 2), f 2, stride 1"),
    Case("batch_norm2d_uniform_grad_output", "pair", "https://github.com/HomericIntelligence/Odyssey/pull/2882",
         "analytic grad_input ~0 vs numeric 0.009 with grad_output = ones was taken for a formula bug; "
         "sum(batch_norm(x)) does not depend on x, so ~0 is right (Mnemosyne PR 336 records the resolution)",
         {"x": "ok", "gamma": "ok", "beta": "ok"}, build_batch_norm2d_ones, four_d=True,
         note="shape (2, 2, 2, 2) as in the report; checked in float64, where the numeric gradient is ~0 too"),
    Case("conv_weight_grad_axes_swapped", "pair", "https://github.com/nntrainer/nntrainer/issues/705",
         "conv2d backward: with several channels or filters 'weight grad is transposed in wrong order'",
         {"x": "ok", "w": ("transpose",), "b": "ok"}, build_conv_cf, four_d=True,
         note="CS231n conv_forward_naive / conv_backward_naive form; F = C = 3 so the swapped layout fits"),
]
