"""Planted bugs of every pattern, on nets of several shapes; correct gradients as controls."""
import numpy as np
import pytest

from scratchnn.gradchecker import gradcheck

SHAPES = [((3, 5, 1), "relu", "mse"), ((4, 6, 6, 2), "tanh", "mse"), ((2, 7, 1), "sigmoid", "bce"),
          ((5, 4, 3, 1), "relu", "bce")]


@pytest.mark.parametrize("sizes,act,loss", SHAPES)
def test_correct_gradients_are_ok_on_every_shape(mlp, central, sizes, act, loss):
    net = mlp(sizes, act, loss, seed=1)
    grads = net.grads(net.params)
    truth = central(net.loss_fn, net.params)      # the control really is right
    for key, value in truth.items():
        np.testing.assert_allclose(grads["d" + key], value, rtol=1e-5, atol=1e-8)
    report = gradcheck(net.loss_fn, net.params, grads)
    assert report.ok, str(report)
    assert set(report.patterns.values()) == {"ok"}


@pytest.mark.parametrize("sizes,act,loss", SHAPES)
@pytest.mark.parametrize("factor,words", [(8, "= m"), (1 / 8, "= 1/m"), (2, "= 2"), (0.5, "= 1/2"), (3.7, "")])
def test_scale_is_named_with_its_factor(mlp, sizes, act, loss, factor, words):
    net = mlp(sizes, act, loss, m=8, seed=2)
    grads = net.grads(net.params)
    grads["dW1"] = grads["dW1"] * factor
    result = gradcheck(net.loss_fn, net.params, grads, batch_size=8)["W1"]
    assert (result.pattern, result.ok) == ("scale", False)
    assert result.factor == pytest.approx(factor, rel=1e-6)
    assert words in result.message
    if words == "= m":
        assert "missing division by m" in result.message


def test_batch_size_is_inferred_from_the_data_the_loss_closes_over(mlp):
    net = mlp((3, 4, 1), "tanh", "mse", m=6)
    X, Y = net.X, net.Y

    def loss_fn(p):
        return float(0.5 * np.mean((np.tanh(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"] - Y) ** 2))

    grads = net.grads(net.params)
    grads["dW2"] = grads["dW2"] * 6
    result = gradcheck(loss_fn, net.params, grads)["W2"]
    assert result.pattern == "scale" and "= m (the batch size, 6)" in result.message


@pytest.mark.parametrize("sizes,act,loss", SHAPES)
def test_sign_flip(mlp, sizes, act, loss):
    net = mlp(sizes, act, loss, seed=3)
    grads = net.grads(net.params)
    grads["db1"] = -grads["db1"]
    report = gradcheck(net.loss_fn, net.params, grads)
    assert report["b1"].pattern == "sign" and report["b1"].factor == -1
    assert [r.name for r in report.results if not r.ok] == ["b1"]


def test_all_zero_gradient(mlp):
    net = mlp((3, 5, 1), "tanh", "mse")
    grads = net.grads(net.params)
    grads["dW2"] = np.zeros_like(grads["dW2"])
    result = gradcheck(net.loss_fn, net.params, grads)["W2"]
    assert result.pattern == "zero" and "all zeros" in result.message


def test_loss_that_does_not_read_its_argument_is_named(mlp):
    net = mlp((3, 5, 1), "tanh", "mse")
    frozen = {k: v.copy() for k, v in net.params.items()}

    def loss_fn(p):    # reads a copy, not p: a classic closure mistake
        return net.loss_fn({**p, "W1": frozen["W1"]})

    result = gradcheck(loss_fn, net.params, net.grads(net.params))["W1"]
    assert result.pattern == "zero"
    assert "does not read params['W1']" in result.message


def test_transposed_square_gradient(mlp):
    net = mlp((4, 4, 4, 1), "tanh", "mse", seed=4)      # W2 is 4x4
    grads = net.grads(net.params)
    grads["dW2"] = grads["dW2"].T.copy()
    result = gradcheck(net.loss_fn, net.params, grads)["W2"]
    assert result.pattern == "transpose"


def test_swapped_gradients(mlp):
    net = mlp((4, 4, 4, 1), "tanh", "mse", seed=5)      # W2 and ... no: b1 and b2 are both (4,)
    grads = net.grads(net.params)
    grads["db1"], grads["db2"] = grads["db2"], grads["db1"]
    report = gradcheck(net.loss_fn, net.params, grads)
    assert report["b1"].pattern == "swapped" and "gradient of b2" in report["b1"].message
    assert report["b2"].pattern == "swapped" and "gradient of b1" in report["b2"].message


@pytest.mark.parametrize("l2,given,word", [(0.01, 0.0, "missing"), (0.01, 0.02, "twice")])
def test_regularization_term_missing_or_doubled(mlp, l2, given, word):
    net = mlp((3, 5, 2), "tanh", "mse", seed=6)
    net.l2 = l2
    grads = net.grads(net.params)
    grads["dW1"] = grads["dW1"] + (given - l2) * net.params["W1"]
    result = gradcheck(net.loss_fn, net.params, grads)["W1"]
    assert result.pattern == "regularization"
    assert word in result.message and f"{abs(given - l2):.4g}" in result.message


def _net_with_dead_and_live_units(mlp, act="relu"):
    """Hidden units 1 and 3 inactive on every sample, 0, 2, 4 active on every sample."""
    net = mlp((3, 5, 1), act, "mse", m=8, seed=7)
    net.params["W1"] *= 0.1
    net.params["b1"] = np.array([3.0, -3.0, 3.0, -3.0, 3.0])
    return net


def test_missing_relu_derivative_is_a_mask_over_the_dead_units(mlp):
    net = _net_with_dead_and_live_units(mlp)
    grads = net.grads(net.params, no_relu_derivative=True)
    report = gradcheck(net.loss_fn, net.params, grads)
    for name in ("W1", "b1"):
        assert report[name].pattern == "mask" and report[name].factor is None
    assert "columns 1, 3 of dW1" in report["W1"].message
    assert "entries 1, 3 of db1" in report["b1"].message
    assert "true gradient is 0" in report["W1"].message and "ReLU" in report["W1"].message
    assert report["W2"].ok and report["b2"].ok


def test_mask_combined_with_a_scale_says_both(mlp):
    net = _net_with_dead_and_live_units(mlp)
    grads = net.grads(net.params, no_relu_derivative=True)
    grads["dW1"] = grads["dW1"] * 8
    result = gradcheck(net.loss_fn, net.params, grads, batch_size=8)["W1"]
    assert result.pattern == "mask" and result.factor == pytest.approx(8)
    assert "columns 1, 3" in result.message and "missing division by m" in result.message


def test_nearby_points_expose_a_mask_hidden_where_every_unit_is_active(mlp):
    net = mlp((3, 5, 1), "relu", "mse", m=8, seed=8)
    net.params["b1"] = np.full(5, 20.0)     # every unit active on every sample: the bug is invisible
    grad_fn = lambda p: net.grads(p, no_relu_derivative=True)      # noqa: E731
    assert gradcheck(net.loss_fn, net.params, grad_fn).ok
    report = gradcheck(net.loss_fn, net.params, grad_fn, nearby=3, nearby_scale=3.0)
    assert not report.ok
    assert "nearby point" in report["W1"].point


def test_random_error_is_a_mismatch_with_the_worst_entries(mlp):
    net = mlp((3, 5, 1), "tanh", "mse", seed=9)
    grads = net.grads(net.params)
    grads["dW1"] = grads["dW1"] + np.random.default_rng(0).standard_normal(grads["dW1"].shape)
    result = gradcheck(net.loss_fn, net.params, grads)["W1"]
    assert result.pattern == "mismatch" and "worst [" in result.message


@pytest.mark.parametrize("seed", range(6))
def test_relu_nets_near_kinks_do_not_cry_wolf(mlp, seed):
    """Pre-activations placed within 1e-12..1e-7 of the kink, and exactly on it."""
    net = mlp((3, 6, 4, 1), "relu", "mse", m=5, seed=seed)
    z = net.X @ net.params["W1"]
    offsets = np.array([0.0, 1e-12, -1e-10, 1e-9, -3e-8, 1e-7])
    net.params["b1"] = -z[seed % 5] + offsets      # sample seed%5 sits at each unit's kink
    report = gradcheck(net.loss_fn, net.params, net.grads(net.params))
    assert report.ok, str(report)


def test_abs_at_zero_accepts_any_subgradient_and_counts_it():
    def loss_fn(p):
        return float(np.sum(np.abs(p["w"])))

    w = np.array([0.0, 1.0, -2.0])
    report = gradcheck(loss_fn, {"w": w}, {"dw": np.array([0.3, 1.0, -1.0])})
    assert report.ok and report["w"].excluded == 1
    wrong = gradcheck(loss_fn, {"w": w}, {"dw": np.array([1.5, 1.0, -1.0])})
    assert not wrong.ok


def test_mismatch_points_at_units_whose_true_gradient_is_zero(mlp):
    """No unit is active on every sample, so no part is right (not a mask), but dead units show."""
    net = mlp((3, 6, 1), "relu", "mse", m=6, seed=2)
    z = net.X @ net.params["W1"] + net.params["b1"]
    dead = np.flatnonzero(np.all(z <= 0, axis=0))
    assert list(dead) == [1] and not np.any(np.all(z > 0, axis=0))    # the premise, from the net itself
    result = gradcheck(net.loss_fn, net.params, net.grads(net.params, no_relu_derivative=True))["W1"]
    assert result.pattern == "mismatch"
    assert "true gradient is 0 in column 1 " in result.message and "ReLU" in result.message


def test_where_an_unexplained_error_enters_is_located_between_layers(mlp):
    # No unit is active on every sample: W1 is a mismatch, not a mask, but W2 and b2 are right.
    net = mlp((3, 6, 1), "relu", "mse", m=6, seed=2)
    report = gradcheck(net.loss_fn, net.params, net.grads(net.params, no_relu_derivative=True))
    assert report["W1"].pattern == "mismatch" and report["W2"].ok and report["b2"].ok
    where = report.where_it_goes_wrong
    assert where.startswith("W2, b2 right, W1, b1 wrong") and "activation derivative" in where
    assert f"where: {where}" in str(report)


def test_a_wrong_weight_product_under_a_right_bias_is_located_at_the_input(mlp):
    net = mlp((3, 5, 1), "tanh", "mse", seed=9)
    grads = net.grads(net.params)
    grads["dW1"] = grads["dW1"] + np.random.default_rng(0).standard_normal(grads["dW1"].shape)
    report = gradcheck(net.loss_fn, net.params, grads)
    assert report["b1"].ok and "delta1 is right" in report.where_it_goes_wrong
    assert "product with layer 1's input" in report.where_it_goes_wrong


def test_nothing_is_located_when_the_output_layer_or_the_names_do_not_allow_it(mlp):
    net = mlp((3, 5, 1), "tanh", "mse", seed=9)
    noise = np.random.default_rng(0).standard_normal
    grads = net.grads(net.params)
    grads["dW2"] = grads["dW2"] + noise(grads["dW2"].shape)      # the output layer itself is wrong
    assert gradcheck(net.loss_fn, net.params, grads).where_it_goes_wrong is None
    grads = net.grads(net.params)
    grads["dW1"] = grads["dW1"] * 8                                # explained by its pattern (scale)
    assert gradcheck(net.loss_fn, net.params, grads).where_it_goes_wrong is None
    # Names that do not number the layers 1..L (seed 003 calls its weights w11, w12, w2).
    renamed = {"w11": net.params["W1"], "b1": net.params["b1"], "w2": net.params["W2"], "b2": net.params["b2"]}
    bad = net.grads(net.params)
    bad["dW1"] = bad["dW1"] + noise(bad["dW1"].shape)

    def loss_fn(p):
        return net.loss_fn({"W1": p["w11"], "b1": p["b1"], "W2": p["w2"], "b2": p["b2"]})

    report = gradcheck(loss_fn, renamed, {"w11": bad["dW1"], "b1": bad["db1"], "w2": bad["dW2"], "b2": bad["db2"]})
    assert not report["w11"].ok and report.where_it_goes_wrong is None


def test_a_mismatch_below_a_mask_is_traced_to_the_mask(mlp):
    # Found among random 3-6-4-1 nets without the ReLU derivative: layer 2 is a mask, layer 1 a mismatch.
    net = mlp((3, 6, 4, 1), "relu", "mse", m=8, seed=7)
    report = gradcheck(net.loss_fn, net.params, net.grads(net.params, no_relu_derivative=True))
    assert report["W2"].pattern == "mask" and report["W1"].pattern == "mismatch" and report["W3"].ok
    where = report.where_it_goes_wrong
    assert "W2, b2 are a mask" in where and "the mismatch in W1" in where and "Fix layer 2 first" in where
