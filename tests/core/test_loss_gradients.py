"""Every loss's gradient equals float64 central differences of its value.

Checked on the network output ``a`` (probability paths) and, for the fused paths, on the logits
``z``: ``gradient_from_logits(sigmoid(z) or softmax(z), y)`` must be d value_from_logits(z, y)/dz.
Probabilities are drawn inside [0.05, 0.95] so the clipping at machine epsilon never engages.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scratchnn as sn
from scratchnn.activations import sigmoid

CHECK = settings(max_examples=25, deadline=None)
shapes = st.tuples(st.integers(1, 6), st.integers(1, 5), st.integers(0, 2**32 - 1))


def softmax(z):
    # Independent of the library: the textbook formula, shifted by the row max.
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def binary_targets(rng, shape, hard):
    """0/1 labels, or soft labels in [0, 1] (BCE accepts both)."""
    return rng.integers(0, 2, size=shape).astype(float) if hard else rng.uniform(0, 1, size=shape)


def class_targets(rng, n, k, one_hot):
    """Integer labels (n,) or the same labels one-hot (n, k), each prepared by the loss."""
    labels = rng.integers(0, k, size=n)
    targets = np.eye(k)[labels] if one_hot else labels
    y = sn.CrossEntropy().prepare_targets(targets, k, np.float64)
    np.testing.assert_array_equal(y, np.eye(k)[labels])  # both forms mean the same one-hot rows
    return y


def mse(rng, n, k, _):
    a, y = rng.normal(size=(n, k)), rng.normal(size=(n, k))
    loss = sn.MSE()
    return a, lambda: loss.value(a, y), loss.gradient(a, y), np.sum((a - y) ** 2) / (n * k)


def bce(rng, n, k, hard):
    a, y = rng.uniform(0.05, 0.95, size=(n, k)), binary_targets(rng, (n, k), hard)
    loss = sn.BinaryCrossEntropy()
    expected = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
    return a, lambda: loss.value(a, y), loss.gradient(a, y), expected


def bce_from_logits(rng, n, k, hard):
    z, y = rng.normal(0, 4, size=(n, k)), binary_targets(rng, (n, k), hard)
    loss = sn.BinaryCrossEntropy()
    # The logits form is the same number as BCE on sigmoid(z) (where that is representable).
    p = 1 / (1 + np.exp(-z))
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    return z, lambda: loss.value_from_logits(z, y), loss.gradient_from_logits(sigmoid(z), y), expected


def cross_entropy(rng, n, k, one_hot):
    k += 1  # at least two classes
    a = softmax(rng.normal(size=(n, k))) * 0.9 + 0.05 / k  # rows of probabilities away from 0
    y = class_targets(rng, n, k, one_hot)
    loss = sn.CrossEntropy()
    return a, lambda: loss.value(a, y), loss.gradient(a, y), -np.mean(np.log(a[y == 1]))


def cross_entropy_from_logits(rng, n, k, one_hot):
    k += 1
    z, y = rng.normal(0, 3, size=(n, k)), class_targets(rng, n, k, one_hot)
    loss = sn.CrossEntropy()
    expected = -np.mean(np.log(softmax(z)[y == 1]))
    return z, lambda: loss.value_from_logits(z, y), loss.gradient_from_logits(softmax(z), y), expected


PATHS = {f.__name__: f for f in (mse, bce, bce_from_logits, cross_entropy, cross_entropy_from_logits)}


@pytest.mark.parametrize("path", PATHS)
@CHECK
@given(shape=shapes, variant=st.booleans())
def test_loss_value_and_gradient_match_formula_and_central_differences(path, shape, variant, check_gradient):
    """``variant`` is hard 0/1 vs soft labels for BCE, integer vs one-hot targets for cross-entropy."""
    n, k, seed = shape
    x, value, gradient, expected = PATHS[path](np.random.default_rng(seed), n, k, variant)
    assert value() == pytest.approx(expected, rel=1e-9)
    check_gradient(gradient, value, x)


def test_losses_by_name():
    assert isinstance(sn.losses.get("mse"), sn.MSE)
    assert isinstance(sn.losses.get("bce"), sn.BinaryCrossEntropy)
    assert isinstance(sn.losses.get("cross_entropy"), sn.CrossEntropy)
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        sn.losses.get("hinge")


def test_single_output_targets_of_shape_n_become_a_column_never_a_row():
    y = sn.MSE().prepare_targets(np.arange(4.0), 1, np.float64)
    assert y.shape == (4, 1)
    np.testing.assert_array_equal(y[:, 0], np.arange(4.0))
