"""``Flatten`` and ``Dropout``: layers that move or mask numbers and learn nothing."""
import numpy as np

from .layers import Layer
from .validation import InputError


class Flatten(Layer):
    """(n, C, H, W) -> (n, C*H*W), each sample's numbers in C, H, W order (as PyTorch's
    ``nn.Flatten``), so a Dense layer can follow a convolution. Backward puts the gradient back
    into the input's shape."""

    kind = "flatten"

    def forward(self, x, training=False):
        self.x_shape = x.shape
        return x.reshape(len(x), -1).copy()  # a fresh array, as every layer returns

    def backward(self, dy):
        return dy.reshape(self.x_shape).copy()

    def output_shape(self, shape):
        return (int(np.prod(shape)),)


class Dropout(Layer):
    r"""Inverted dropout: in training each number is kept with probability :math:`1 - p` and scaled
    by :math:`1/(1 - p)`, else set to 0, so the expected output equals the input and inference
    (``training=False``) is the identity.

    .. math::  y = x \odot m / (1 - p), \quad m_i \sim \text{Bernoulli}(1 - p), \qquad
               \partial L/\partial x = \partial L/\partial y \odot m / (1 - p)

    The masks come from this layer's own generator: ``seed``, or (inside a ``Sequential``) a
    stream drawn from the model's seed, so a seeded model drops the same units run after run.
    """

    kind = "dropout"

    def __init__(self, p=0.5, seed=None):
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p < 1:
            raise InputError(f"Dropout p (the fraction dropped) must be a number in [0, 1), got {p!r}; 0.5 is usual")
        self.p, self.seed = float(p), seed
        self.rng = np.random.default_rng(seed)

    def initialize(self, rng, next_kind=None):
        if self.seed is None:
            self.rng = np.random.default_rng(rng.integers(2**63))

    def forward(self, x, training=False):
        if not training or self.p == 0:
            self.scale = None
            return x.copy()
        # Keep each number with probability 1 - p; scale the kept ones so the mean is unchanged.
        self.scale = (self.rng.random(x.shape) >= self.p).astype(x.dtype) / x.dtype.type(1 - self.p)
        return x * self.scale

    def backward(self, dy):
        # A dropped number had no effect on the loss; a kept one passed through times 1/(1 - p).
        return dy.copy() if self.scale is None else dy * self.scale

    def output_shape(self, shape):
        return shape

    def config(self):
        return {"p": self.p} if self.seed is None else {"p": self.p, "seed": self.seed}
