"""The same seed gives bit-identical weights after fit; a different seed gives different ones."""
import numpy as np
import pytest

import scratchnn as sn


def data(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(30, 4))
    return X, np.sin(X).sum(axis=1)


def trained(seed, batch_size, dtype="float32", fit_seed=None):
    model = sn.Sequential([sn.Dense(4, 8), sn.ReLU(), sn.Dense(8, 1)], seed=seed, dtype=dtype)
    history = model.fit(*data(), epochs=15, batch_size=batch_size, shuffle=True, seed=fit_seed)
    return model, history


@pytest.mark.parametrize("batch_size", [None, 7])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_same_seed_gives_bit_identical_weights_and_losses(batch_size, dtype):
    (m1, h1), (m2, h2) = trained(11, batch_size, dtype), trained(11, batch_size, dtype)
    assert h1.loss == h2.loss
    for k in m1.params:
        assert m1.params[k].dtype == np.dtype(dtype)
        assert np.array_equal(m1.params[k], m2.params[k]), k


def test_different_seeds_give_different_initial_and_final_weights():
    a = sn.Sequential([sn.Dense(4, 8), sn.ReLU(), sn.Dense(8, 1)], seed=1)
    b = sn.Sequential([sn.Dense(4, 8), sn.ReLU(), sn.Dense(8, 1)], seed=2)
    assert not np.array_equal(a.params["W1"], b.params["W1"])
    (m1, _), (m2, _) = trained(1, 7), trained(2, 7)
    assert not np.array_equal(m1.params["W1"], m2.params["W1"])


def test_fit_seed_alone_decides_the_minibatch_order():
    # Same initial weights, different shuffling seeds: the minibatches differ, so the result does.
    (m1, _), (m2, _), (m3, _) = trained(5, 7, fit_seed=0), trained(5, 7, fit_seed=0), trained(5, 7, fit_seed=1)
    assert np.array_equal(m1.params["W1"], m2.params["W1"])
    assert not np.array_equal(m1.params["W1"], m3.params["W1"])


def test_copy_is_independent_and_trains_identically():
    model = sn.Sequential([sn.Dense(4, 3), sn.Tanh(), sn.Dense(3, 1)], seed=4)
    twin = model.copy()
    model.fit(*data(), epochs=5, optimizer=sn.SGD(0.1), seed=0)
    assert not np.array_equal(model.params["W1"], twin.params["W1"])  # training one left the other alone
    twin.fit(*data(), epochs=5, optimizer=sn.SGD(0.1), seed=0)
    for k in model.params:
        assert np.array_equal(model.params[k], twin.params[k]), k
