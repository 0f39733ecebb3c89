"""The layers' fast paths for common geometries give what their general routes give, bit for bit
(the same numbers copied or compared, in another order), and match PyTorch: a "same"
convolution's columns copied from the unpadded image in shifted runs (``conv.im2col_same``)."""
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
       kh=st.sampled_from([1, 3, 5]), kw=st.sampled_from([1, 3, 5]), seed=st.integers(0, 2**32 - 1))
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
])
def test_same_convolution_columns_match_torch_unfold(shape, kernel):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(1).normal(size=shape)
    padding = ((kernel[0] - 1) // 2, (kernel[1] - 1) // 2)
    theirs = torch.nn.functional.unfold(torch.tensor(x), kernel, padding=padding).numpy()
    np.testing.assert_array_equal(conv.im2col_same(x, kernel), theirs)
