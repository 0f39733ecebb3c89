"""Every layer's backward equals float64 central differences of its forward.

The scalar checked is L = sum(dy * layer.forward(x)) with a *random* upstream gradient dy, so
dL/dx = layer.backward(dy) only if backward multiplies by dy entrywise (an all-ones dy would let
a backward that forgets dy pass). Shapes and values are drawn by hypothesis.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scratchnn as sn

# Modest example counts keep the suite fast; the shapes are small, so each example is cheap.
CHECK = settings(max_examples=25, deadline=None)
shapes = st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(0, 2**32 - 1))


def away_from_zero(rng, shape):
    """Values with |z| in [0.1, 2]: ReLU/LeakyReLU have a kink at 0 where the derivative does not
    exist; keeping every input 0.1 away means a 1e-6 perturbation never crosses it."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, 2.0, size=shape)


def assert_backward_matches(layer, x, dy, check_gradient):
    y = layer.forward(x)
    assert y.shape == dy.shape
    dx = layer.backward(dy)
    check_gradient(dx, lambda: dy * layer.forward(x), x)


ACTIVATIONS = {
    "relu": (sn.ReLU, away_from_zero),
    "leaky_relu": (lambda: sn.LeakyReLU(0.1), away_from_zero),
    "sigmoid": (sn.Sigmoid, lambda rng, s: rng.normal(0, 3, s)),
    "tanh": (sn.Tanh, lambda rng, s: rng.normal(0, 2, s)),
    "softmax": (sn.Softmax, lambda rng, s: rng.normal(0, 3, s)),
    "identity": (sn.Identity, lambda rng, s: rng.normal(0, 3, s)),
}


@pytest.mark.parametrize("name", ACTIVATIONS)
@CHECK
@given(shape=shapes)
def test_activation_backward_matches_central_differences(name, shape, check_gradient):
    make, draw = ACTIVATIONS[name]
    n, k, seed = shape
    rng = np.random.default_rng(seed)
    x = draw(rng, (n, k))
    dy = rng.normal(size=(n, k))
    assert_backward_matches(make(), x, dy, check_gradient)


@CHECK
@given(shape=shapes, n_out=st.integers(1, 6), bias=st.booleans())
def test_dense_input_and_parameter_gradients_match_central_differences(shape, n_out, bias, check_gradient):
    n, n_in, seed = shape
    rng = np.random.default_rng(seed)
    layer = sn.Dense(n_in, n_out, bias=bias, seed=seed, dtype="float64")
    # The default bias init is a constant; random biases make a wrong db visible.
    if bias:
        layer.params["b"][...] = rng.normal(size=n_out)
    x = rng.normal(size=(n, n_in))
    dy = rng.normal(size=(n, n_out))
    assert_backward_matches(layer, x, dy, check_gradient)
    assert set(layer.grads) == set(layer.params)
    for key, p in layer.params.items():
        check_gradient(layer.grads[key], lambda: dy * layer.forward(x), p, err_msg=key)


def test_dense_is_x_times_w_plus_b_with_w_laid_out_in_by_out():
    layer = sn.Dense(3, 2, dtype="float64")
    assert layer.params["W"].shape == (3, 2) and layer.params["b"].shape == (2,)
    layer.params["W"][...] = [[1, 2], [3, 4], [5, 6]]
    layer.params["b"][...] = [10, 20]
    # [1, 0, -1] @ W = [1 - 5, 2 - 6] = [-4, -4]; plus b = [6, 16]
    np.testing.assert_array_equal(layer.forward(np.array([[1.0, 0.0, -1.0]])), [[6.0, 16.0]])


def test_relu_gradient_is_zero_where_inactive_and_leaky_relu_keeps_alpha():
    z = np.array([[-2.0, 3.0]])
    dy = np.array([[5.0, 7.0]])
    relu, leaky = sn.ReLU(), sn.LeakyReLU(0.2)
    relu.forward(z)
    leaky.forward(z)
    np.testing.assert_array_equal(relu.backward(dy), [[0.0, 7.0]])
    np.testing.assert_allclose(leaky.backward(dy), [[1.0, 7.0]])
