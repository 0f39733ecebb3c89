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
    holding NaN outputs NaN and passes no gradient.

    Windows that tile the width (stride = window, W a multiple of kw: the usual ``MaxPool2D(2)`` on
    even widths) take a faster route to the same numbers, in two stages (:meth:`_forward_tiles`):
    against kh*kw passes over views of rows of W' numbers, a digits CNN step 5-8% faster (four
    side-by-side runs; the pool's forward + backward 0.59 -> 0.39 ms), 3x32x32 -1 to +7%."""

    kind = "maxpool2d"

    def forward(self, x, training=False):
        self.output_shape(x.shape[1:])
        self.x_shape = x.shape
        if self.stride == self.kernel_size and x.shape[3] % self.kernel_size[1] == 0:
            return self._forward_tiles(x)
        self.offsets = self._offsets(x)
        y, self.first_max = first_maximum([x[at] for at in self.offsets])
        self.first_max[np.isnan(y)] = len(self.offsets)  # an index no offset has: NaN windows pass no gradient
        return y

    def backward(self, dy):
        if self.offsets is None:
            return self._backward_tiles(dy)
        dx = np.zeros(self.x_shape, dy.dtype)
        for i, at in enumerate(self.offsets):
            # Only the window's first maximum affected the output: windows whose first maximum
            # sits at offset i pass their gradient to it (added up where windows overlap).
            dx[at] += dy * (self.first_max == i)
        return dx

    def _forward_tiles(self, x):
        """Windows side by side along the width, kw of them filling each row: in two stages, the
        maximum of each row's kw neighbours, then of kh such maxima one above the other. Row-major
        order is kept: stage 1 keeps a row's first maximum, stage 2 the first row holding one.
        Stage 1 reads each offset as one flat view, every kw-th number of the whole array (rows
        end where windows end), not as kh*kw views of rows of W' numbers."""
        n, C, H, W = x.shape
        (kh, kw), ho, wo = self.kernel_size, H // self.kernel_size[0], W // self.kernel_size[1]
        flat = x.reshape(-1)
        # (Copied first: NumPy copies a strided view 3x faster than it compares or takes a maximum of one.)
        row_max, self.column = first_maximum([flat[v::kw].copy() for v in range(kw)])   # (n*C*H*W',)
        stacked = row_max.reshape(n * C, H, wo)[:, :kh * ho].reshape(n * C, ho, kh, wo)
        # (np.take copies the W' numbers of each row in one move: 65 -> 17 us a row on digits.)
        y, self.row = first_maximum([np.take(stacked, u, axis=2) for u in range(kh)])  # (n*C, H', W')
        self.row[np.isnan(y)] = kh  # a row no window has: NaN windows pass no gradient
        self.offsets = None
        return y.reshape(n, C, ho, wo)

    def _backward_tiles(self, dy):
        """Stage 2 backwards (each output's gradient to the row that held its first maximum), then
        stage 1 (to the column in that row): every input written once, no adds, no zeros first."""
        n, C, H, W = self.x_shape
        (kh, kw), (ho, wo) = self.kernel_size, dy.shape[2:]
        d_rows = np.zeros((n * C, H, wo), dy.dtype) if H % kh else np.empty((n * C, H, wo), dy.dtype)
        stacked = d_rows[:, :kh * ho].reshape(n * C, ho, kh, wo)
        dy = dy.reshape(n * C, ho, wo)
        for u in range(kh):
            np.multiply(dy, self.row == u, out=stacked[:, :, u])
        dx = np.empty(self.x_shape, dy.dtype)
        flat, d_rows = dx.reshape(-1), d_rows.reshape(-1)
        for v in range(kw):
            np.multiply(d_rows, self.column == v, out=flat[v::kw])
        return dx


def first_maximum(views):
    """The elementwise maximum of same-shape arrays ``views`` (a fresh array) and, per element, the
    index of the first array holding it, in the smallest unsigned type that holds ``len(views)``."""
    y = views[0].copy() if len(views) == 1 else views[0]
    first = np.zeros(y.shape, np.min_scalar_type(len(views)))
    for i, view in enumerate(views[1:], 1):
        larger = np.maximum(y, view)
        # Array i takes over where it is strictly larger than every array before it (on ties the
        # earlier one stays). Indices only grow, so the last takeover is a running maximum
        # (np.maximum: a boolean-mask assignment costs the 3x32x32 CNN step 19% more).
        np.maximum(first, (larger > y) * first.dtype.type(i), out=first)
        y = larger
    return y, first


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
