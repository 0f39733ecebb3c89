"""Shared helpers for the core tests.

``central_difference`` is the oracle every backward is checked against: for a scalar function
f of an array x, each partial derivative is (f(x + h e_i) - f(x - h e_i)) / 2h, in float64, so
its error is O(h^2) ~ 1e-12 relative and a wrong backward cannot hide inside the tolerance.
"""
import os

import numpy as np
import pytest

# Tests run on a shared 2-core machine: one BLAS thread keeps them fast and repeatable.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

STEP = 1e-6


def central_difference(f, x, h=STEP):
    """d f / d x for scalar ``f()`` that reads the float64 array ``x`` (perturbed in place, restored)."""
    assert x.dtype == np.float64
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = f()
        flat[i] = old - h
        down = f()
        flat[i] = old
        gflat[i] = (up - down) / (2 * h)
    return grad


@pytest.fixture(scope="session")  # a pure function: safe to share across hypothesis examples
def numeric_grad():
    return central_difference
