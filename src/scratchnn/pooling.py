r"""Pooling: ``MaxPool2D`` and ``AvgPool2D`` over (n, C, H, W) inputs, no parameters.

Each output pixel summarises one ``k x k`` window of its channel, windows ``stride`` apart
(default: ``stride = kernel_size``, windows side by side):

.. math::
    \text{max: } y_{n,c,i,j} = \max_{u,v} x_{n,c,\,s i+u,\,s j+v}, \qquad
    \text{avg: } y_{n,c,i,j} = \tfrac{1}{k_h k_w} \textstyle\sum_{u,v} x_{n,c,\,s i+u,\,s j+v}

Output (n, C, H', W') with :math:`H' = \lfloor (H - k_h)/s \rfloor + 1`.
"""
import numpy as np

from .conv import pair
from .layers import Layer
from .validation import InputError


class _Pool2D(Layer):
    def __init__(self, kernel_size, stride=None):
        super().__init__()
        self.kernel_size = pair(kernel_size, "kernel_size")
        self.stride = self.kernel_size if stride is None else pair(stride, "stride")
        if min(self.kernel_size + self.stride) < 1:
            raise InputError(f"{type(self).__name__} needs kernel_size and stride >= 1, got {kernel_size!r}, "
                             f"{stride!r}")

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

    def _offsets(self, x):
        """For each offset (u, v) of the window, in row-major order, the index of the (n, C, H', W')
        view of ``x`` holding entry (u, v) of every window. Pooling is then kh*kw elementwise passes
        over whole arrays (4 for a 2x2 window) instead of an argmax over a copy of every window
        (measured: a 3x32x32 CNN step 51 -> 33 ms, a digits CNN step 7.0 -> 5.6 ms)."""
        _, ho, wo = self.output_shape(x.shape[1:])
        (kh, kw), (sh, sw) = self.kernel_size, self.stride
        return [(slice(None), slice(None), slice(u, u + sh * ho, sh), slice(v, v + sw * wo, sw))
                for u in range(kh) for v in range(kw)]

    def config(self):
        return {"kernel_size": list(self.kernel_size), "stride": list(self.stride)}

    def __repr__(self):
        stride = "" if self.stride == self.kernel_size else f", stride={self.stride}"
        return f"{type(self).__name__}({self.kernel_size}{stride})"


class MaxPool2D(_Pool2D):
    r"""Max pooling. Backward: the whole gradient of an output goes to the one input that was the
    window's maximum (the first one in row-major order, on ties, as PyTorch does); every other
    input gets none:

    .. math::
        \frac{\partial L}{\partial x_{n,c,\,s i+u,\,s j+v}} \mathrel{+}=
        \frac{\partial L}{\partial y_{n,c,i,j}} \,[\,(u, v) = \text{first argmax of window } (i, j)\,]

    Forward keeps, per window, only the index of that offset in ``_offsets``' row-major order
    (``first_max``, one byte per output for windows of up to 255 entries), not the input. A window
    holding NaN outputs NaN and passes no gradient."""

    kind = "maxpool2d"

    def forward(self, x, training=False):
        offsets = self._offsets(x)
        y = x[offsets[0]].copy()
        # The smallest unsigned integer type that holds every offset's index and one more.
        first_max = np.zeros(y.shape, np.min_scalar_type(len(offsets)))
        for i, at in enumerate(offsets[1:], 1):
            larger = np.maximum(y, x[at])
            # Offset i takes over where it is strictly larger than every offset before it (on ties
            # the earlier one stays). Indices only grow, so the last takeover is a running maximum
            # (np.maximum: a boolean-mask assignment costs the 3x32x32 CNN step 19% more).
            np.maximum(first_max, (larger > y) * first_max.dtype.type(i), out=first_max)
            y = larger
        first_max[np.isnan(y)] = len(offsets)  # an index no offset has: NaN windows pass no gradient
        self.x_shape, self.offsets, self.first_max = x.shape, offsets, first_max
        return y

    def backward(self, dy):
        dx = np.zeros(self.x_shape, dy.dtype)
        for i, at in enumerate(self.offsets):
            # Only the window's first maximum affected the output: windows whose first maximum
            # sits at offset i pass their gradient to it (added up where windows overlap).
            dx[at] += dy * (self.first_max == i)
        return dx


class AvgPool2D(_Pool2D):
    r"""Average pooling. Backward: each input of a window gets an equal share, 1/(kh*kw), of the
    output's gradient."""

    kind = "avgpool2d"

    def forward(self, x, training=False):
        offsets = self._offsets(x)
        self.x_shape, self.offsets = x.shape, offsets
        y = x[offsets[0]].copy()
        for at in offsets[1:]:
            y += x[at]
        return y / len(offsets)

    def backward(self, dy):
        share = dy / len(self.offsets)
        dx = np.zeros(self.x_shape, dy.dtype)
        for at in self.offsets:
            dx[at] += share
        return dx
