"""N-d tensors: masks along the axes that carry units (a conv weight's filters and channels), on
sampled tensors too, through gradcheck_layer with a conv layer object written here."""
import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from scratchnn import gradcheck_layer


class Conv:
    """Stride-1 convolution, x (n, C, H, W), W (F, C, k, k); ``bug`` plants a mistake in dW."""

    def __init__(self, c_in, filters, k, bug=None):
        rng = np.random.default_rng(0)
        self.W = rng.standard_normal((filters, c_in, k, k)) / np.sqrt(c_in * k * k)
        self.b = 0.1 * rng.standard_normal(filters)
        self.bug = bug

    def forward(self, x):
        self.x = x
        windows = sliding_window_view(x, self.W.shape[2:], axis=(2, 3))
        return np.einsum("nchwij,fcij->nfhw", windows, self.W) + self.b[None, :, None, None]

    def backward(self, dy):
        k = self.W.shape[2]
        self.dW = np.einsum("nfhw,nchwij->fcij", dy, sliding_window_view(self.x, (k, k), axis=(2, 3)))
        self.db = dy.sum(axis=(0, 2, 3))
        if self.bug == "filters":
            self.dW[[1, 3]] = 0.0
        if self.bug == "channel":
            self.dW[:, 2] *= 3.0
        dx = np.zeros_like(self.x)
        for i in range(k):
            for j in range(k):
                dx[:, :, i:i + dy.shape[2], j:j + dy.shape[3]] += np.einsum("nfhw,fc->nchw", dy, self.W[:, :, i, j])
        return dx


X = np.random.default_rng(1).standard_normal((3, 8, 6, 6))


def test_a_correct_conv_layer_is_ok_on_every_rank_of_its_arrays():
    report = gradcheck_layer(Conv(8, 20, 3), X)
    assert report.ok, str(report)
    assert "sampled" in report["layers[0].W"].checked and "axis-1 slice" in report["layers[0].W"].checked


@pytest.mark.parametrize("bug,where", [("filters", "[1], [3]"), ("channel", "[:, 2]")])
def test_a_wrong_filter_or_channel_of_a_sampled_conv_weight_is_a_mask_along_its_axis(bug, where):
    report = gradcheck_layer(Conv(8, 20, 3, bug=bug), X)
    w = report["layers[0].W"]
    assert w.pattern == "mask" and f" {where} of layers[0].W" in w.message, w.message
    assert report["layers[0].b"].ok and report["layers[0].input"].ok
