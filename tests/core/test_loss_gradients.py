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


def assert_gradient(value, gradient, x, numeric_grad):
    np.testing.assert_allclose(gradient, numeric_grad(value, x), rtol=1e-6, atol=1e-9)


@CHECK
@given(shape=shapes)
def test_mse_gradient(shape, numeric_grad):
    n, k, seed = shape
    rng = np.random.default_rng(seed)
    a, y = rng.normal(size=(n, k)), rng.normal(size=(n, k))
    loss = sn.MSE()
    assert loss.value(a, y) == pytest.approx(np.sum((a - y) ** 2) / (n * k))
    assert_gradient(lambda: loss.value(a, y), loss.gradient(a, y), a, numeric_grad)


@CHECK
@given(shape=shapes, hard_labels=st.booleans())
def test_bce_on_probabilities_gradient(shape, hard_labels, numeric_grad):
    n, k, seed = shape
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.05, 0.95, size=(n, k))
    y = rng.integers(0, 2, size=(n, k)).astype(float) if hard_labels else rng.uniform(0, 1, size=(n, k))
    loss = sn.BinaryCrossEntropy()
    expected = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
    assert loss.value(a, y) == pytest.approx(expected, rel=1e-12)
    assert_gradient(lambda: loss.value(a, y), loss.gradient(a, y), a, numeric_grad)


@CHECK
@given(shape=shapes, hard_labels=st.booleans())
def test_bce_fused_from_logits_gradient(shape, hard_labels, numeric_grad):
    n, k, seed = shape
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 4, size=(n, k))
    y = rng.integers(0, 2, size=(n, k)).astype(float) if hard_labels else rng.uniform(0, 1, size=(n, k))
    loss = sn.BinaryCrossEntropy()
    # The logits form is the same number as BCE on sigmoid(z) (where that is representable).
    p = 1 / (1 + np.exp(-z))
    assert loss.value_from_logits(z, y) == pytest.approx(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), rel=1e-9)
    assert_gradient(lambda: loss.value_from_logits(z, y), loss.gradient_from_logits(sigmoid(z), y), z, numeric_grad)


def class_targets(rng, n, k, one_hot):
    """Integer labels (n,) or the same labels one-hot (n, k), each prepared by the loss."""
    labels = rng.integers(0, k, size=n)
    targets = np.eye(k)[labels] if one_hot else labels
    y = sn.CrossEntropy().prepare_targets(targets, k, np.float64)
    np.testing.assert_array_equal(y, np.eye(k)[labels])  # both forms mean the same one-hot rows
    return y


@CHECK
@given(shape=shapes, one_hot=st.booleans())
def test_cross_entropy_on_probabilities_gradient(shape, one_hot, numeric_grad):
    n, k, seed = shape
    k += 1  # at least two classes
    rng = np.random.default_rng(seed)
    a = softmax(rng.normal(size=(n, k))) * 0.9 + 0.05 / k  # rows of probabilities away from 0
    y = class_targets(rng, n, k, one_hot)
    loss = sn.CrossEntropy()
    assert loss.value(a, y) == pytest.approx(-np.mean(np.log(a[y == 1])), rel=1e-12)
    assert_gradient(lambda: loss.value(a, y), loss.gradient(a, y), a, numeric_grad)


@CHECK
@given(shape=shapes, one_hot=st.booleans())
def test_cross_entropy_fused_from_logits_gradient(shape, one_hot, numeric_grad):
    n, k, seed = shape
    k += 1
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 3, size=(n, k))
    y = class_targets(rng, n, k, one_hot)
    loss = sn.CrossEntropy()
    assert loss.value_from_logits(z, y) == pytest.approx(-np.mean(np.log(softmax(z)[y == 1])), rel=1e-9)
    assert_gradient(lambda: loss.value_from_logits(z, y), loss.gradient_from_logits(softmax(z), y), z, numeric_grad)


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
