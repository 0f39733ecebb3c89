"""Property tests over random shapes: right gradients pass, a planted factor is found exactly."""
import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings, strategies as st  # noqa: E402

from scratchnn.gradchecker import gradcheck  # noqa: E402

nets = st.tuples(
    st.lists(st.integers(1, 7), min_size=2, max_size=4),      # layer sizes
    st.sampled_from(["relu", "tanh", "sigmoid"]),
    st.integers(1, 9),                                          # batch size m
    st.integers(0, 10_000),                                     # seed
)


@settings(max_examples=25, deadline=None)
@given(nets, st.floats(1.5, 20.0), st.booleans())
def test_right_gradients_pass_and_a_planted_factor_is_measured(mlp, net_spec, factor, flip):
    sizes, act, m, seed = net_spec
    net = mlp(tuple(sizes), act, "mse", m=m, seed=seed)
    grads = net.grads(net.params)
    assert gradcheck(net.loss_fn, net.params, grads).ok
    name = f"W{net.L}"                                   # the last layer's weights: never behind a ReLU
    if not np.any(np.abs(grads["d" + name]) > 1e-8):
        return                                           # nothing to scale
    c = -factor if flip else factor
    grads["d" + name] = grads["d" + name] * c
    result = gradcheck(net.loss_fn, net.params, grads)[name]
    assert not result.ok
    if result.pattern in ("scale", "sign"):
        assert result.factor == pytest.approx(c, rel=1e-5)
    else:     # a one-entry weight with a factor that is not a simple number: the values are shown
        assert result.pattern == "mismatch" and net.params[name].size == 1
