"""MaxPool2D remembers, per window, only which offset held the first maximum (row-major order);
its backward routes each output's gradient there. Checked against a window-by-window loop written
here with ``np.argmax`` (which returns the first maximum of the flattened window, row-major), in
float32 as the benchmark networks train, on ReLU outputs (many all-zero windows, every entry
tied), in every window layout; and on windows of more than 256 offsets, whose indices need two
bytes."""
import numpy as np
import pytest

import scratchnn as sn


def pool_by_loop(x, dy, k, s):
    """Output and input gradient of max pooling, one window at a time."""
    n, C, H, W = x.shape
    ho, wo = (H - k[0]) // s[0] + 1, (W - k[1]) // s[1] + 1
    y, dx = np.empty((n, C, ho, wo), x.dtype), np.zeros_like(x)
    for b in range(n):
        for c in range(C):
            for i in range(ho):
                for j in range(wo):
                    window = x[b, c, s[0] * i:s[0] * i + k[0], s[1] * j:s[1] * j + k[1]]
                    u, v = np.unravel_index(np.argmax(window), window.shape)
                    y[b, c, i, j] = window[u, v]
                    dx[b, c, s[0] * i + u, s[1] * j + v] += dy[b, c, i, j]
    return y, dx


@pytest.mark.parametrize("shape, k, s", [((3, 2, 8, 8), (2, 2), (2, 2)), ((3, 2, 9, 7), (2, 2), (2, 2)),
                                         ((2, 2, 9, 9), (3, 3), (2, 2)), ((2, 2, 7, 8), (3, 2), (1, 1)),
                                         ((2, 2, 9, 9), (2, 2), (3, 3)), ((2, 3, 6, 9), (3, 3), (3, 3)),
                                         ((3, 2, 9, 8), (2, 2), (2, 2)), ((2, 2, 8, 6), (3, 2), (3, 2)),
                                         ((2, 2, 5, 6), (1, 3), (1, 3)), ((2, 2, 6, 5), (2, 1), (2, 1))],
                         ids=["tiling", "tiling-leftover", "overlap-s2", "overlap-s1", "gaps", "tiling-3x3",
                              "tiling-rows-left-over", "tiling-3x2-rows-left-over", "tiling-1x3", "tiling-2x1"])
def test_max_pool_matches_a_window_loop_on_relu_outputs_in_float32(shape, k, s):
    rng = np.random.default_rng(0)
    # Rounded to a few values and passed through a ReLU: most windows hold their maximum twice or
    # more, and many are all zeros.
    x = np.maximum(np.round(rng.normal(size=shape), 0), 0).astype(np.float32)
    x_before = x.copy()
    layer = sn.MaxPool2D(k, stride=s)
    y = layer.forward(x, training=True)
    dy = rng.integers(-99, 100, size=y.shape).astype(np.float32)  # whole numbers: sums exact in any order
    dx = layer.backward(dy)
    y_loop, dx_loop = pool_by_loop(x, dy, k, s)
    assert y.dtype == dx.dtype == np.float32
    assert np.array_equal(y, y_loop) and np.array_equal(dx, dx_loop)
    assert np.array_equal(x, x_before) and not np.shares_memory(y, x)


@pytest.mark.parametrize("where", [(16, 16), (15, 1), (16, 0), (0, 0)], ids=["last", "index-256", "index-272", "first"])
def test_max_pool_routes_the_gradient_in_windows_of_more_than_256_offsets(where):
    """A 17x17 window has 289 offsets: index 256 would wrap to 0 in one byte."""
    x = np.zeros((1, 1, 17, 17))
    x[0, 0][where] = 1.0
    layer = sn.MaxPool2D(17)
    assert layer.forward(x)[0, 0, 0, 0] == 1.0
    dx = layer.backward(np.full((1, 1, 1, 1), 3.0))
    expected = np.zeros_like(x)
    expected[0, 0][where] = 3.0
    assert np.array_equal(dx, expected)


@pytest.mark.parametrize("stride", [None, (2, 1)], ids=["tiling", "overlapping"])
def test_a_window_holding_nan_outputs_nan_and_passes_no_gradient(stride):
    x = np.array([[[[1.0, np.nan, 2.0, 0.0], [3.0, 0.0, 1.0, 4.0]]]])
    layer = sn.MaxPool2D(2, stride=stride)
    y = layer.forward(x)
    assert np.isnan(y[0, 0, 0, 0]) and y[0, 0, 0, -1] == 4.0
    dy = np.full(y.shape, 5.0)
    dy[0, 0, 0, -1] = 7.0
    assert layer.backward(dy)[0, 0].tolist() == [[0, 0, 0, 0], [0, 0, 0, 7]]


def test_max_pool_reads_a_non_contiguous_input_as_its_values():
    """A transposed view (its rows not consecutive in memory) pools like a copy of it."""
    x = np.random.default_rng(2).normal(size=(2, 3, 6, 4)).astype(np.float32).transpose(0, 1, 3, 2)
    layer = sn.MaxPool2D(2)
    y_view = layer.forward(x, training=True)
    dy = np.arange(y_view.size, dtype=np.float32).reshape(y_view.shape)
    dx_view = layer.backward(dy)
    y_loop, dx_loop = pool_by_loop(np.ascontiguousarray(x), dy, (2, 2), (2, 2))
    assert np.array_equal(y_view, y_loop) and np.array_equal(dx_view, dx_loop)
