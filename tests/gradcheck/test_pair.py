"""gradcheck_pair on CS231n-style function pairs and on loss functions returning (loss, *grads).
The functions are written here; their correct versions follow the textbook formulas."""
import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from scratchnn import InputError, gradcheck_pair

rng = np.random.default_rng(5)


def affine_forward(x, w, b):
    return x @ w + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def affine_backward_unsummed_bias(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout            # (N, M): db not summed over the batch


def relu_forward(x):
    return np.maximum(x, 0), x


def relu_backward_no_mask(dout, cache):
    return dout.copy()


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_backward_from_input(dout, z):       # no cache: the backward takes forward's inputs
    s = sigmoid(z)
    return dout * s * (1 - s)


def softmax_loss(W, X, y, reg, with_reg_grad=True):
    """Cross-entropy of softmax(X W) averaged over N, plus reg * ||W||^2; returns (loss, dW)."""
    scores = X @ W
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    n = len(y)
    loss = -np.log(p[np.arange(n), y]).mean() + reg * np.sum(W * W)
    p[np.arange(n), y] -= 1
    dW = X.T @ p / n + (2 * reg * W if with_reg_grad else 0)
    return loss, dW


def conv_forward(x, w, b):
    """x (N, C, H, W), w (F, C, k, k), b (F,) -> out (N, F, H-k+1, W-k+1), cache."""
    windows = sliding_window_view(x, w.shape[2:], axis=(2, 3))        # (N, C, H', W', k, k)
    out = np.einsum("nchwij,fcij->nfhw", windows, w) + b[None, :, None, None]
    return out, (x, w)


def conv_backward(dout, cache, bug=None):
    """dx: each output position sends dout * w back over its window; dw: dout against the windows."""
    x, w = cache
    k = w.shape[2]
    windows = sliding_window_view(x, (k, k), axis=(2, 3))
    dw = np.einsum("nfhw,nchwij->fcij", dout, windows)
    db = dout.sum(axis=(0, 2, 3))
    dx = np.zeros_like(x)
    for i in range(k):
        for j in range(k):
            dx[:, :, i:i + dout.shape[2], j:j + dout.shape[3]] += np.einsum("nfhw,fc->nchw", dout, w[:, :, i, j])
    if bug == "filters_channels_swapped":
        dw = dw.transpose(1, 0, 2, 3)
    if bug == "dead_filters":          # filters 1 and 3 never get their gradient
        dw[[1, 3]] = 0.0
    return dx, dw, db


x, w, b = rng.standard_normal((6, 4)), rng.standard_normal((4, 3)), rng.standard_normal(3)


def test_a_correct_affine_pair_is_ok_and_named_by_the_input_keys():
    report = gradcheck_pair(affine_forward, affine_backward, {"x": x, "w": w, "b": b})
    assert report.ok and [r.name for r in report.results] == ["x", "w", "b"]


def test_a_bias_gradient_not_summed_over_the_batch_is_a_shape_problem():
    report = gradcheck_pair(affine_forward, affine_backward_unsummed_bias, {"x": x, "w": w, "b": b})
    assert report["b"].pattern == "shape" and "not summed over the batch" in report["b"].message
    assert report["x"].ok and report["w"].ok


def test_a_relu_backward_without_its_mask():
    report = gradcheck_pair(relu_forward, relu_backward_no_mask, {"x": rng.standard_normal((5, 4))})
    assert report["x"].pattern == "mask"


def test_a_forward_without_cache_is_followed_by_backward_of_the_inputs():
    report = gradcheck_pair(sigmoid, sigmoid_backward_from_input, {"z": rng.standard_normal((3, 2))})
    assert report.ok, str(report)


def test_a_loss_function_returning_its_gradient_with_and_without_the_regularization_term():
    X, y = rng.standard_normal((10, 5)), rng.integers(0, 3, 10)
    W = 0.1 * rng.standard_normal((5, 3))
    assert gradcheck_pair(softmax_loss, None, {"W": W}, args=(X, y, 0.05)).ok
    forgot = gradcheck_pair(lambda W, X, y, reg: softmax_loss(W, X, y, reg, False), None, {"W": W}, args=(X, y, 0.05))
    assert forgot["W"].pattern == "regularization" and "missing" in forgot["W"].message


def test_none_for_an_input_it_does_not_differentiate():
    def backward(dout, cache):
        dx, dw, db = affine_backward(dout, cache)
        return None, dw, db

    report = gradcheck_pair(affine_forward, backward, {"x": x, "w": w, "b": b})
    assert [r.name for r in report.results] == ["w", "b"] and report.ok


def test_a_given_dout_is_used():
    dout = np.ones((6, 3))
    report = gradcheck_pair(affine_forward, affine_backward, {"x": x, "w": w, "b": b}, dout=dout)
    assert report.ok


def test_conv_weight_with_filters_and_channels_swapped_is_a_transpose():
    xs, ws, bs = rng.standard_normal((2, 3, 5, 5)), rng.standard_normal((3, 3, 2, 2)), rng.standard_normal(3)
    report = gradcheck_pair(conv_forward, lambda d, c: conv_backward(d, c, "filters_channels_swapped"),
                            {"x": xs, "w": ws, "b": bs})
    assert report["x"].ok and report["b"].ok
    assert report["w"].pattern == "transpose" and "(1, 0, 2, 3)" in report["w"].message


def test_conv_filters_without_gradient_are_a_mask_along_the_filter_axis():
    xs, ws, bs = rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((5, 2, 3, 3)), rng.standard_normal(5)
    report = gradcheck_pair(conv_forward, lambda d, c: conv_backward(d, c, "dead_filters"),
                            {"x": xs, "w": ws, "b": bs})
    assert report["w"].pattern == "mask" and "[1], [3]" in report["w"].message and report["x"].ok


def test_inputs_are_never_written_to():
    before = (x.copy(), w.copy(), b.copy())

    def in_place_forward(x, w, b):
        out = x @ w + b
        x *= 0                                   # a forward that clobbers its input
        return out, (x, w)

    gradcheck_pair(in_place_forward, affine_backward, {"x": x, "w": w, "b": b})
    assert all(np.array_equal(a, c) for a, c in zip((x, w, b), before))


def test_bad_calls_are_input_errors():
    with pytest.raises(InputError, match="non-empty dict"):
        gradcheck_pair(affine_forward, affine_backward, [x, w, b])
    with pytest.raises(InputError, match="2 gradient"):
        gradcheck_pair(affine_forward, lambda d, c: affine_backward(d, c)[:2], {"x": x, "w": w, "b": b})
    with pytest.raises(InputError, match="dout has shape"):
        gradcheck_pair(affine_forward, affine_backward, {"x": x, "w": w, "b": b}, dout=np.ones(3))
    with pytest.raises(InputError, match="complex"):
        gradcheck_pair(affine_forward, affine_backward, {"x": x + 0j, "w": w, "b": b})
    with pytest.raises(InputError, match=r"\(loss, \*grads\)"):
        gradcheck_pair(lambda W: float(np.sum(W)), None, {"W": w})


def test_a_pair_that_computes_in_float32_is_not_called_wrong():
    def forward32(x, w, b):
        out, cache = affine_forward(x.astype(np.float32), w.astype(np.float32), b.astype(np.float32))
        return out, cache

    with pytest.warns(RuntimeWarning, match="float32"):
        report = gradcheck_pair(forward32, affine_backward, {"x": x, "w": w, "b": b})
    assert report.ok, str(report)
