"""What each layer computes, checked against its definition written out directly (loops over
output pixels), and the properties that define it: convolution is linear in x and in W, a
padded border reads zeros, pooling picks the max / the mean of each window, Flatten keeps C, H, W
order, inverted dropout keeps the mean and is the identity in inference, batch norm gives each
channel mean 0 and variance 1 in training."""
import numpy as np
import pytest
from cnn_shapes import geometry
from hypothesis import given, settings
from hypothesis import strategies as st

import scratchnn as sn
from scratchnn import conv

CHECK = settings(max_examples=20, deadline=None)


def conv_by_definition(x, W, b, stride, padding):
    """y[n, f, i, j] = b[f] + sum over c, u, v of W[f, c, u, v] * x_pad[n, c, s*i + u, s*j + v]."""
    (sh, sw), (ph, pw) = stride, padding
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    F_, _, kh, kw = W.shape
    ho, wo = (xp.shape[2] - kh) // sh + 1, (xp.shape[3] - kw) // sw + 1
    y = np.zeros((len(x), F_, ho, wo))
    for i in range(ho):
        for j in range(wo):
            patch = xp[:, :, sh * i:sh * i + kh, sw * j:sw * j + kw]
            y[:, :, i, j] = np.einsum("ncuv,fcuv->nf", patch, W) + b
    return y


@CHECK
@given(c=geometry(max_side=9, max_n=3), out_channels=st.integers(1, 4))
def test_conv2d_computes_the_cross_correlation_by_definition_and_is_linear(c, out_channels):
    shape, k, s, p, seed = c
    rng = np.random.default_rng(seed)
    layer = sn.Conv2D(shape[1], out_channels, k, stride=s, padding=p)
    W, b = rng.normal(size=layer.params["W"].shape), rng.normal(size=out_channels)
    layer.params = {"W": W, "b": b}
    x1, x2 = rng.normal(size=shape), rng.normal(size=shape)
    y1 = layer.forward(x1)
    np.testing.assert_allclose(y1, conv_by_definition(x1, W, b, s, p), rtol=1e-10, atol=1e-12)
    assert y1.shape[1:] == layer.output_shape(shape[1:])
    # Linear in x once the bias is taken out: f(2 x1 + x2) - b = 2 (f(x1) - b) + (f(x2) - b).
    bias = b[None, :, None, None]
    np.testing.assert_allclose(layer.forward(2 * x1 + x2) - bias, 2 * (y1 - bias) + layer.forward(x2) - bias,
                               rtol=1e-9, atol=1e-10)


@CHECK
@given(c=geometry(max_side=9, max_n=3), out_channels=st.integers(1, 4))
def test_conv2d_input_gradient_by_convolution_equals_col2im(c, out_channels):
    """The two routes to dL/dx of a stride-1 convolution (padding below the kernel size) agree: the
    convolution of the padded output gradient with the turned filters, and col2im."""
    (n, C, H, W_), k, _, p, seed = c
    p = (min(p[0], k[0] - 1), min(p[1], k[1] - 1))
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(out_channels, C, *k))
    ho, wo = conv.output_size((H, W_), k, (1, 1), p)
    if ho < 1 or wo < 1:
        return
    dy = rng.normal(size=(n, out_channels, ho, wo))
    by_convolution = conv.input_grad_by_convolution(W, dy, p)
    by_col2im = conv.input_grad_by_col2im(W, dy.reshape(n, out_channels, -1), (n, C, H, W_), (1, 1), p)
    assert by_convolution.shape == by_col2im.shape == (n, C, H, W_)
    np.testing.assert_allclose(by_convolution, by_col2im, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape, k, p", [
    ((2, 3, 5, 6), (3, 3), (0, 0)),     # no padding
    ((2, 2, 4, 4), (3, 3), (1, 1)),     # the benchmark networks' case
    ((1, 2, 5, 4), (3, 3), (2, 2)),     # padding 2: the output is larger than the input
    ((2, 2, 6, 5), (2, 3), (1, 0)),     # non-square kernel, padding on one axis only
    ((2, 2, 5, 3), (3, 3), (0, 0)),     # W' = 1: each output row is one window
    ((3, 2, 4, 1), (1, 1), (0, 0)),     # W = 1 with a 1x1 kernel: no extra columns at all
    ((2, 2, 3, 7), (1, 5), (0, 2)),     # a 1x5 kernel
])
def test_input_gradient_by_convolution_equals_col2im_on_explicit_cases(shape, k, p):
    """Stride-1 cases for the shifted products on the wrapped-rows grid (each a view whose rows
    run on into the next row, the extra columns dropped at the end), against col2im."""
    rng = np.random.default_rng(0)
    n, C, h, w = shape
    W = rng.normal(size=(3, C, *k))
    ho, wo = conv.output_size((h, w), k, (1, 1), p)
    dy = rng.normal(size=(n, 3, ho, wo))
    by_convolution = conv.input_grad_by_convolution(W, dy, p)
    by_col2im = conv.input_grad_by_col2im(W, dy.reshape(n, 3, -1), (n, C, h, w), (1, 1), p)
    assert by_convolution.shape == (n, C, h, w) and by_convolution.flags.c_contiguous
    np.testing.assert_allclose(by_convolution, by_col2im, rtol=1e-12, atol=1e-12)
    in_float32 = conv.input_grad_by_convolution(W.astype(np.float32), dy.astype(np.float32), p)
    assert in_float32.dtype == np.float32
    np.testing.assert_allclose(in_float32, by_col2im, rtol=1e-4, atol=1e-5)


def test_conv2d_padding_reads_zeros_at_the_border():
    layer = sn.Conv2D(1, 1, 3, padding=1)
    layer.params = {"W": np.ones((1, 1, 3, 3)), "b": np.zeros(1)}
    y = layer.forward(np.ones((1, 1, 4, 4)))[0, 0]
    # A corner window covers 4 pixels of the image, an edge window 6, an inner one 9.
    assert y[0, 0] == 4 and y[0, 1] == 6 and y[1, 1] == 9 and y.shape == (4, 4)


@CHECK
@given(c=geometry(max_side=9, max_n=3))
def test_pooling_takes_the_max_and_the_mean_of_each_window(c):
    (n, C, H, W), k, s, _, seed = c
    k = (min(k[0], H), min(k[1], W))
    x = np.random.default_rng(seed).normal(size=(n, C, H, W))
    y_max, y_avg = sn.MaxPool2D(k, stride=s).forward(x), sn.AvgPool2D(k, stride=s).forward(x)
    for i in range(y_max.shape[2]):
        for j in range(y_max.shape[3]):
            window = x[:, :, s[0] * i:s[0] * i + k[0], s[1] * j:s[1] * j + k[1]]
            assert np.array_equal(y_max[:, :, i, j], window.max(axis=(2, 3)))
            np.testing.assert_allclose(y_avg[:, :, i, j], window.mean(axis=(2, 3)), rtol=1e-12)


def test_max_pool_sends_the_gradient_to_the_first_maximum_on_ties():
    layer = sn.MaxPool2D(2)
    layer.forward(np.array([[[[1.0, 3.0], [3.0, 0.0]]]]))
    assert layer.backward(np.array([[[[5.0]]]]))[0, 0].tolist() == [[0, 5], [0, 0]]


def test_flatten_keeps_channel_row_column_order():
    x = np.arange(2 * 3 * 2 * 2.0).reshape(2, 3, 2, 2)
    y = sn.Flatten().forward(x)
    assert y.shape == (2, 12) and y[1].tolist() == list(range(12, 24))


def test_dropout_keeps_the_mean_in_training_and_is_the_identity_in_inference():
    x = np.ones((200, 500))
    layer = sn.Dropout(0.3, seed=0)
    y = layer.forward(x, training=True)
    assert abs((y == 0).mean() - 0.3) < 0.01 and set(np.unique(y)) == {0, 1 / 0.7}
    assert abs(y.mean() - 1) < 0.01
    assert np.array_equal(layer.forward(x), x) and layer.forward(x) is not x


@pytest.mark.parametrize("shape", [(50, 4), (20, 3, 5, 5)])
def test_batchnorm_normalizes_each_channel_in_training_and_uses_running_statistics_after(shape):
    rng = np.random.default_rng(0)
    layer = (sn.BatchNorm1D if len(shape) == 2 else sn.BatchNorm2D)(shape[1], momentum=1.0)
    layer.state = {k: v.astype(np.float64) for k, v in layer.state.items()}
    x = rng.normal(5, 3, size=shape) * np.arange(1, shape[1] + 1).reshape(1, -1, *[1] * (len(shape) - 2))
    axes = (0,) if len(shape) == 2 else (0, 2, 3)
    y = layer.forward(x, training=True)
    np.testing.assert_allclose(y.mean(axis=axes), 0, atol=1e-6)
    np.testing.assert_allclose(y.var(axis=axes), 1, rtol=1e-3)
    # momentum 1: the running statistics are this batch's, the variance unbiased (m - 1).
    m = x.size // shape[1]
    np.testing.assert_allclose(layer.state["running_var"], x.var(axis=axes) * m / (m - 1), rtol=1e-12)
    # Inference: one sample's output does not depend on the rest of the batch.
    np.testing.assert_array_equal(layer.forward(x)[:1], layer.forward(x[:1]))
