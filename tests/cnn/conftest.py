"""Shared helpers for the convolutional-layer tests.

The oracle is float64 central differences, (f(x + h) - f(x - h)) / 2h per entry, of the scalar
L = sum(R * layer.forward(x)) with a random R (so a backward that forgets to multiply by the
upstream gradient fails). With h = 1e-6 the truncation error is ~1e-12 relative and rounding adds
~eps * |terms| / h; the tolerance below is 1e-6 relative plus that rounding floor.
"""
import os
import sys

import numpy as np
import pytest

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(__file__))  # the tests import the shared strategies of cnn_shapes.py

H = 1e-6
EPS = np.finfo(np.float64).eps


def in_float64(layer):
    """Give ``layer`` float64 parameters, state and gradients (random biases and shifts, so a wrong
    db is visible); returns it."""
    rng = np.random.default_rng(7)
    layer.params = {k: v.astype(np.float64) + (rng.normal(size=v.shape) if k in ("b", "beta") else 0)
                    for k, v in layer.params.items()}
    layer.grads = {k: np.zeros_like(v) for k, v in layer.params.items()}
    layer.state = {k: v.astype(np.float64) for k, v in layer.state.items()}
    return layer


def numeric_gradient(f, x):
    """Central differences of the scalar-sum of ``f()`` with respect to the float64 array ``x``
    (perturbed in place and restored), and each entry's rounding floor."""
    grad, floor = np.zeros_like(x), np.zeros_like(x)
    assert x.flags.c_contiguous, "perturbing entries needs a contiguous array"
    flat = x.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + H
        up = np.asarray(f())
        flat[i] = old - H
        down = np.asarray(f())
        flat[i] = old
        grad.reshape(-1)[i] = (up.sum() - down.sum()) / (2 * H)
        floor.reshape(-1)[i] = 16 * EPS * max(np.abs(up).sum(), np.abs(down).sum()) / H
    return grad, floor


def assert_close_to_numeric(analytic, f, x, what):
    numeric, floor = numeric_gradient(f, x)
    assert analytic.shape == numeric.shape, what
    off = np.abs(analytic - numeric) > 1e-6 * np.abs(numeric) + floor
    assert not off.any(), (f"{what}: {off.sum()} of {off.size} entries differ from central differences, the "
                           f"first {tuple(np.argwhere(off)[0])}: analytic {analytic[off][0]!r}, "
                           f"numeric {numeric[off][0]!r}")


def check_layer_gradients(layer, x, training=False, seed=0):
    """Every gradient ``layer.backward`` gives (dx and each dparam) against central differences."""
    rng = np.random.default_rng(seed)
    y = layer.forward(x, training)
    R = rng.normal(size=y.shape)
    dx = layer.backward(R)
    analytic = {k: g.copy() for k, g in layer.grads.items()}
    saved_state = {k: v.copy() for k, v in layer.state.items()}

    def loss():
        # A training-mode forward updates running statistics: keep them as they were.
        out = R * layer.forward(x, training)
        for k, v in saved_state.items():
            layer.state[k][...] = v
        return out
    assert_close_to_numeric(dx, loss, x, f"{layer!r} dx")
    for key, value in layer.params.items():
        assert_close_to_numeric(analytic[key], loss, value, f"{layer!r} d{key}")


@pytest.fixture(scope="session")  # pure functions: safe to share across hypothesis examples
def layer_check():
    """``(check_layer_gradients, in_float64)`` for the tests."""
    return check_layer_gradients, in_float64
