"""The layers' fast paths for common geometries give what their general routes give, bit for bit
(the same numbers copied or compared, in another order) or to rounding (the same products summed
in another order), and match PyTorch: a "same" convolution's columns copied from the unpadded
image in shifted runs (``conv.im2col_same``) and its input gradient on the image's own grid
(``conv.input_grad_same``)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scratchnn import conv

CHECK = settings(max_examples=40, deadline=None)


def columns_from_padded_copy(x, kernel, padding):
    """The general route: every window of a padded copy of ``x``, as im2col copies it."""
    win = conv.windows(conv.pad(x, padding), kernel, (1, 1))
    n, C, kh, kw, ho, wo = win.shape
    return win.reshape(n, C * kh * kw, ho * wo)


@CHECK
@given(n=st.integers(1, 3), c=st.integers(1, 3), h=st.integers(1, 9), w=st.integers(1, 9),
       kh=st.sampled_from([1, 3, 5, 7]), kw=st.sampled_from([1, 3, 5, 7]), seed=st.integers(0, 2**32 - 1))
def test_same_convolution_columns_equal_the_windows_of_the_padded_image(n, c, h, w, kh, kw, seed):
    """Every odd kernel on images from 1x1 up (shifts longer than the image included), float32."""
    x = np.random.default_rng(seed).normal(size=(n, c, h, w)).astype(np.float32)
    padding = ((kh - 1) // 2, (kw - 1) // 2)
    cols, size = conv.im2col(x, (kh, kw), (1, 1), padding)
    assert size == (h, w)
    np.testing.assert_array_equal(cols, columns_from_padded_copy(x, (kh, kw), padding))


@pytest.mark.parametrize("shape, kernel", [
    ((2, 3, 8, 8), (3, 3)),     # the benchmark networks' case
    ((1, 2, 1, 3), (3, 3)),     # one row: the shift by a row and a column passes the whole image
    ((2, 1, 4, 1), (3, 3)),     # one column: every left and right read is outside
    ((1, 2, 5, 7), (5, 3)),     # a taller kernel: two rows above and below are zeros
    ((1, 2, 3, 2), (3, 7)),     # a kernel reaching more than the whole width past each side
])
def test_same_convolution_columns_match_torch_unfold(shape, kernel):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(1).normal(size=shape)
    padding = ((kernel[0] - 1) // 2, (kernel[1] - 1) // 2)
    theirs = torch.nn.functional.unfold(torch.tensor(x), kernel, padding=padding).numpy()
    np.testing.assert_array_equal(conv.im2col_same(x, kernel), theirs)


@CHECK
@given(n=st.integers(1, 3), c=st.integers(1, 3), f=st.integers(1, 3), h=st.integers(1, 9), w=st.integers(1, 9),
       kh=st.sampled_from([1, 3, 5, 7]), kw=st.sampled_from([1, 3, 5, 7]), seed=st.integers(0, 2**32 - 1))
def test_same_convolution_input_gradient_equals_col2im(n, c, f, h, w, kh, kw, seed):
    """Against col2im (each window's gradient added back onto its pixels), float64 and float32."""
    rng = np.random.default_rng(seed)
    W, dy = rng.normal(size=(f, c, kh, kw)), rng.normal(size=(n, f, h, w))
    padding = ((kh - 1) // 2, (kw - 1) // 2)
    by_col2im = conv.input_grad_by_col2im(W, dy.reshape(n, f, -1), (n, c, h, w), (1, 1), padding)
    same = conv.input_grad_same(W, dy)
    assert same.shape == (n, c, h, w) and same.flags.c_contiguous
    np.testing.assert_allclose(same, by_col2im, rtol=1e-12, atol=1e-12)
    in_float32 = conv.input_grad_same(W.astype(np.float32), dy.astype(np.float32))
    assert in_float32.dtype == np.float32
    np.testing.assert_allclose(in_float32, by_col2im, rtol=1e-4, atol=1e-4)


def test_same_convolution_input_gradient_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    x, W = rng.normal(size=(2, 3, 6, 5)), rng.normal(size=(4, 3, 3, 5))
    dy = rng.normal(size=(2, 4, 6, 5))
    xt = torch.tensor(x, requires_grad=True)
    torch.nn.functional.conv2d(xt, torch.tensor(W), padding=(1, 2)).backward(torch.tensor(dy))
    np.testing.assert_allclose(conv.input_grad_same(W, dy), xt.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shape, kernel", [((1, 2, 3, 2), (3, 7)), ((2, 1, 2, 3), (7, 3)), ((1, 1, 1, 1), (5, 5))])
def test_same_convolution_input_gradient_when_the_kernel_reaches_past_the_image(shape, kernel):
    """Reads more than the whole width (or height) beyond the image: every one of them is 0."""
    rng = np.random.default_rng(4)
    n, c, h, w = shape
    W, dy = rng.normal(size=(2, c, *kernel)), rng.normal(size=(n, 2, h, w))
    padding = ((kernel[0] - 1) // 2, (kernel[1] - 1) // 2)
    by_col2im = conv.input_grad_by_col2im(W, dy.reshape(n, 2, -1), shape, (1, 1), padding)
    np.testing.assert_allclose(conv.input_grad_same(W, dy), by_col2im, rtol=1e-12, atol=1e-12)
