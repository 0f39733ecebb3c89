"""Shared helpers for the core tests.

``assert_gradient`` is the oracle every backward is checked against: for a scalar function f of
an array x, each partial derivative is (f(x + h e_i) - f(x - h e_i)) / 2h, in float64. Its error
has two parts: truncation, O(h^2) ~ 1e-12 relative, and rounding: each evaluation of f is off by
a few units of eps times the size of what it adds up -- the terms summed into it, or the inputs
themselves when they cancel inside it (a cross-entropy of logits near 9 can be 1e-4) -- and
dividing by 2h magnifies that by 1/h ~ 1e6. So an entry passes when it is within ``rtol`` of the
central difference *plus* that rounding floor, 16 eps * max(sum of |terms|, max |x|) / h.
Without the floor a right gradient fails about one run in 40 (cross-entropy over a few hundred
random draws); with it, a wrong backward (a missing factor, a missing term, a transposed
product) is still off by orders of magnitude more.
"""
import os

import numpy as np
import pytest

# Tests run on a shared 2-core machine: one BLAS thread keeps them fast and repeatable.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

STEP = 1e-6
EPS = np.finfo(np.float64).eps


def _evaluate(f):
    """f's value and the sum of the absolute values of its terms (f may return the terms)."""
    terms = np.asarray(f(), dtype=np.float64)
    return float(terms.sum()), float(np.abs(terms).sum())


def central_difference(f, x, h=STEP):
    """``(grad, floor)``: d f / d x for ``f()`` reading the float64 array ``x`` (perturbed in place,
    restored), and each entry's rounding-error floor. ``f`` returns a scalar or an array of terms
    to be summed (then the floor knows how large they are)."""
    assert x.dtype == np.float64
    grad, floor = np.zeros_like(x), np.zeros_like(x)
    size_of_x = float(np.abs(x).max())
    flat, gflat, fflat = x.reshape(-1), grad.reshape(-1), floor.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up, up_size = _evaluate(f)
        flat[i] = old - h
        down, down_size = _evaluate(f)
        flat[i] = old
        gflat[i] = (up - down) / (2 * h)
        fflat[i] = 16 * EPS * max(up_size, down_size, size_of_x) / h
    return grad, floor


def assert_gradient(analytic, f, x, rtol=1e-6, err_msg=""):
    """Assert ``analytic`` equals the central difference of ``f`` at ``x`` within ``rtol`` plus the
    rounding floor (see the module docstring)."""
    numeric, floor = central_difference(f, x)
    assert analytic.shape == numeric.shape, err_msg
    off = np.abs(analytic - numeric) > rtol * np.abs(numeric) + floor
    if np.any(off):
        i = tuple(int(j) for j in np.argwhere(off)[0])
        raise AssertionError(f"{err_msg} gradient differs from central differences at {off.sum()} of {off.size} "
                             f"entries, the first {i}: analytic {analytic[i]!r}, numeric {numeric[i]!r} "
                             f"(allowed {rtol * abs(numeric[i]) + floor[i]:.3g})")


@pytest.fixture(scope="session")  # a pure function: safe to share across hypothesis examples
def check_gradient():
    return assert_gradient
