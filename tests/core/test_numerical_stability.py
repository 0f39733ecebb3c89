"""Activations and losses at |z| up to 1e4: no overflow / divide / invalid warning, no NaN, and the
right limits. Checked in float32 and float64.

Underflow is left out of the raised set on purpose: e^(-1e4) underflowing to 0 is the correct
result of a stable sigmoid or softmax (NumPy ignores underflow by default), whereas overflow
(e^(1e4) = inf) and invalid operations (inf/inf = NaN) are the failures that break training.
"""
import warnings

import numpy as np
import pytest

import scratchnn as sn
from scratchnn.activations import logsumexp, sigmoid

Z = np.array([[-1e4, -1e3, -88.0, -30.0, 0.0, 30.0, 88.0, 1e3, 1e4]])
DTYPES = [np.float32, np.float64]


@pytest.fixture(autouse=True)
def strict_floats():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            yield


ACTIVATIONS = [sn.ReLU, sn.LeakyReLU, sn.Sigmoid, sn.Tanh, sn.Softmax, sn.Identity]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("make", ACTIVATIONS)
def test_activation_forward_and_backward_are_finite_at_extremes(make, dtype):
    layer = make()
    z = np.vstack([Z, -Z, Z[:, ::-1] * 0.5]).astype(dtype)
    a = layer.forward(z)
    dz = layer.backward(np.random.default_rng(0).normal(size=z.shape).astype(dtype))
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(dz))


@pytest.mark.parametrize("dtype", DTYPES)
def test_saturated_limits_are_exact(dtype):
    z = Z.astype(dtype)
    s = sigmoid(z)
    assert s[0, 0] == 0 and s[0, -1] == 1 and s[0, 4] == 0.5
    assert np.all((s >= 0) & (s <= 1)) and np.all(np.diff(s) >= 0)
    t = np.tanh(z)
    assert t[0, 0] == -1 and t[0, -1] == 1
    p = sn.Softmax().forward(np.array([[1e4, -1e4, 0.0], [1e4, 1e4, -1e4]], dtype=dtype))
    np.testing.assert_array_equal(p, [[1, 0, 0], [0.5, 0.5, 0]])


@pytest.mark.parametrize("dtype", DTYPES)
def test_bce_from_logits_at_extremes_is_finite_and_right(dtype):
    loss = sn.BinaryCrossEntropy()
    z = np.array([[1e4], [-1e4], [1e4], [-1e4]], dtype=dtype)
    y = np.array([[1], [0], [0], [1]], dtype=dtype)
    # Correct and confident: 0; confidently wrong by a logit of 1e4: log(1 + e^1e4) = 1e4.
    per_sample = [loss.value_from_logits(z[i:i + 1], y[i:i + 1]) for i in range(4)]
    assert per_sample == [0.0, 0.0, pytest.approx(1e4), pytest.approx(1e4)]
    g = loss.gradient_from_logits(sigmoid(z), y)
    np.testing.assert_allclose(g.ravel(), [0, 0, 0.25, -0.25])


@pytest.mark.parametrize("dtype", DTYPES)
def test_bce_on_saturated_probabilities_is_finite(dtype):
    loss = sn.BinaryCrossEntropy()
    a = np.array([[0.0], [1.0], [0.0], [1.0]], dtype=dtype)
    y = np.array([[0], [1], [1], [0]], dtype=dtype)
    assert np.isfinite(loss.value(a, y)) and loss.value(a, y) > 0
    assert np.all(np.isfinite(loss.gradient(a, y)))


@pytest.mark.parametrize("dtype", DTYPES)
def test_cross_entropy_at_extremes_is_finite_and_right(dtype):
    loss = sn.CrossEntropy()
    z = np.array([[1e4, -1e4, 0.0], [1e4, -1e4, 0.0]], dtype=dtype)
    y = np.array([[1, 0, 0], [0, 1, 0]], dtype=dtype)
    # Sample 1 is right (loss 0); sample 2 puts its class 2e4 below the winner (loss 2e4): mean 1e4.
    assert loss.value_from_logits(z, y) == pytest.approx(1e4)
    a = sn.Softmax().forward(z)
    assert np.isfinite(loss.value(a, y))
    assert np.all(np.isfinite(loss.gradient(a, y))) and np.all(np.isfinite(loss.gradient_from_logits(a, y)))


@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_of_each_row_at_every_scale(dtype):
    z = np.vstack([Z, -Z, np.linspace(-3, 3, Z.shape[1])[None]]).astype(dtype)
    # Reference in float64 from the max-shift identity, written out independently of the layer.
    z64 = z.astype(np.float64)
    top = z64.max(axis=1, keepdims=True)
    expected = top + np.log(np.exp(z64 - top).sum(axis=1, keepdims=True))
    assert logsumexp(z).shape == (3, 1)
    np.testing.assert_allclose(logsumexp(z), expected, rtol=1e-6 if dtype == np.float32 else 1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
def test_cross_entropy_from_logits_matches_a_float64_reference_at_every_scale(dtype):
    rng = np.random.default_rng(1)
    z = (rng.normal(size=(6, 4)) * [[1], [10], [100], [1e3], [1e4], [0.1]]).astype(dtype)
    classes = [0, 1, 2, 3, 0, 1]
    y = np.eye(4, dtype=dtype)[classes]
    z64 = z.astype(np.float64)
    top = z64.max(axis=1)
    per_sample = top + np.log(np.exp(z64 - top[:, None]).sum(axis=1)) - z64[np.arange(6), classes]
    assert sn.CrossEntropy().value_from_logits(z, y) == pytest.approx(per_sample.mean(), rel=1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
def test_mse_at_large_values(dtype):
    a = np.array([[1e4], [-1e4]], dtype=dtype)
    y = np.zeros_like(a)
    assert sn.MSE().value(a, y) == pytest.approx(1e8)
    assert np.all(np.isfinite(sn.MSE().gradient(a, y)))


@pytest.mark.parametrize("last, loss, n_out", [(sn.Sigmoid, "bce", 1), (sn.Softmax, "cross_entropy", 3)])
def test_training_on_huge_logits_stays_finite(last, loss, n_out):
    # Weights so large that the output logits reach ~1e4: the fused losses never take log(0).
    model = sn.Sequential([sn.Dense(2, n_out), last()], seed=0)
    model.params["W1"][...] = np.linspace(5000.0, -5000.0, n_out) if n_out > 1 else 5000.0
    X = np.array([[1.0, 1.0], [-1.0, -1.0]])
    # Logits +-1e4 on each sample, confidently wrong for every target below.
    y = np.array([0, 1]) if loss == "bce" else np.array([2, 0])
    history = model.fit(X, y, loss=loss, epochs=3, optimizer=sn.SGD(0.1))
    assert all(np.isfinite(history.loss)) and history.loss[0] > 1000
    assert all(np.all(np.isfinite(p)) for p in model.params.values())
