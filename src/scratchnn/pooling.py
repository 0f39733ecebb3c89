r"""Pooling: ``MaxPool2D`` and ``AvgPool2D`` over (n, C, H, W) inputs, no parameters.

Each output pixel summarises one ``k x k`` window of its channel, windows ``stride`` apart
(default: ``stride = kernel_size``, windows side by side):

.. math::
    \text{max: } y_{n,c,i,j} = \max_{u,v} x_{n,c,\,s i+u,\,s j+v}, \qquad
    \text{avg: } y_{n,c,i,j} = \tfrac{1}{k_h k_w} \textstyle\sum_{u,v} x_{n,c,\,s i+u,\,s j+v}

Output (n, C, H', W') with :math:`H' = \lfloor (H - k_h)/s \rfloor + 1`.
"""
import numpy as np

from .conv import add_windows_back, pair, windows
from .layers import Layer
from .validation import InputError


class _Pool2D(Layer):
    def __init__(self, kernel_size, stride=None):
        super().__init__()
        self.kernel_size = pair(kernel_size, "kernel_size")
        self.stride = self.kernel_size if stride is None else pair(stride, "stride")
        if min(self.kernel_size + self.stride) < 1:
            raise InputError(f"{type(self).__name__} needs kernel_size and stride >= 1, got {kernel_size!r}, {stride!r}")

    def output_shape(self, shape):
        """(C, H, W) of one sample -> (C, H', W'); ``InputError`` when the input does not fit."""
        if len(shape) != 3:
            raise InputError(f"{self!r} takes images, (C, H, W) per sample, but gets samples of shape {tuple(shape)}")
        c, h, w = shape
        (kh, kw), (sh, sw) = self.kernel_size, self.stride
        if h < kh or w < kw:
            raise InputError(f"{self!r}: window {self.kernel_size} is larger than the {h}x{w} input; use a smaller "
                             f"window or fewer pooling layers")
        return c, (h - kh) // sh + 1, (w - kw) // sw + 1

    def _windows(self, x):
        self.output_shape(x.shape[1:])
        self.x_shape = x.shape
        return windows(x, self.kernel_size, self.stride)     # (n, C, H', W', kh, kw), a view

    def config(self):
        return {"kernel_size": list(self.kernel_size), "stride": list(self.stride)}

    def __repr__(self):
        stride = "" if self.stride == self.kernel_size else f", stride={self.stride}"
        return f"{type(self).__name__}({self.kernel_size}{stride})"


class MaxPool2D(_Pool2D):
    r"""Max pooling. Backward: the whole gradient of an output goes to the one input that was the
    window's maximum (the first one, on ties, as PyTorch does); every other input gets none."""

    kind = "maxpool2d"

    def forward(self, x, training=False):
        win = self._windows(x)
        flat = win.reshape(*win.shape[:4], -1)               # (n, C, H', W', kh*kw)
        self.argmax = flat.argmax(axis=-1)                   # which entry of each window won
        return np.take_along_axis(flat, self.argmax[..., None], axis=-1)[..., 0]

    def backward(self, dy):
        kh, kw = self.kernel_size
        # Only the window's maximum affected the output: route dy there (a one-hot over the window).
        winner = self.argmax[..., None] == np.arange(kh * kw)
        d_win = (winner * dy[..., None]).reshape(*dy.shape, kh, kw)
        return add_windows_back(d_win, self.x_shape, self.stride)


class AvgPool2D(_Pool2D):
    r"""Average pooling. Backward: each input of a window gets an equal share, 1/(kh*kw), of the
    output's gradient."""

    kind = "avgpool2d"

    def forward(self, x, training=False):
        return self._windows(x).mean(axis=(-2, -1))

    def backward(self, dy):
        kh, kw = self.kernel_size
        share = dy / (kh * kw)
        d_win = np.broadcast_to(share[..., None, None], (*dy.shape, kh, kw))
        return add_windows_back(d_win, self.x_shape, self.stride)
