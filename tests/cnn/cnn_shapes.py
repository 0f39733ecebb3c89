"""The random image geometries the layer tests draw (hypothesis)."""
from hypothesis import strategies as st


@st.composite
def geometry(draw, max_kernel=3, max_side=7, max_n=2, max_channels=3, padding=True):
    """``((n, C, H, W), kernel, stride, padding, seed)``, kernels and strides not always square,
    the image at least as large as the kernel once padded."""
    k = (draw(st.integers(1, max_kernel)), draw(st.integers(1, max_kernel)))
    s = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    p = (draw(st.integers(0, 2)), draw(st.integers(0, 2))) if padding else (0, 0)
    hw = [draw(st.integers(max(1, k[i] - 2 * p[i]), max_side)) for i in range(2)]
    shape = (draw(st.integers(1, max_n)), draw(st.integers(1, max_channels)), *hw)
    return shape, k, s, p, draw(st.integers(0, 2**32 - 1))
