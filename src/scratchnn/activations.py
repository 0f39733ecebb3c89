r"""Elementwise (and softmax) activations as layers without parameters.

Each is ``forward(z) -> a`` and ``backward(da) -> dz`` with ``dz = da * a'(z)``, shapes
(n_samples, n_units) throughout. All are stable for :math:`|z|` up to 1e4 and beyond: no overflow
warning and no NaN.
"""
import numpy as np

from .layers import Layer


class ReLU(Layer):
    r""":math:`a = \max(0, z)`, :math:`a'(z) = 1` where :math:`z > 0`, else 0 (0 at the kink)."""

    kind = "relu"

    def forward(self, z, training=True):
        self._active = z > 0
        return np.maximum(z, 0)

    def backward(self, da):
        # ReLU passes gradient only where the unit was active; a unit inactive on every sample
        # gets no gradient at all -- that is how a ReLU "dies".
        return da * self._active


class LeakyReLU(Layer):
    r""":math:`a = z` for :math:`z > 0`, else :math:`\alpha z`; :math:`a'(z) = 1` or :math:`\alpha`."""

    kind = "leaky_relu"

    def __init__(self, alpha=0.01):
        super().__init__()
        if not (0 <= alpha < 1):
            raise ValueError(f"LeakyReLU alpha must be in [0, 1), got {alpha!r}; 0.01 is usual")
        self.alpha = float(alpha)

    def forward(self, z, training=True):
        self._slope = np.where(z > 0, 1.0, self.alpha).astype(z.dtype, copy=False)
        return z * self._slope

    def backward(self, da):
        # A small slope alpha on the negative side keeps a trickle of gradient flowing.
        return da * self._slope

    def config(self):
        return {"alpha": self.alpha}


def sigmoid(z):
    r"""Stable logistic :math:`\sigma(z) = 1 / (1 + e^{-z})`: only ever exponentiates :math:`-|z|`."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


class Sigmoid(Layer):
    r""":math:`a = \sigma(z)`, :math:`a'(z) = a (1 - a)` -- the derivative is taken at the
    pre-activation :math:`z`, written through the output :math:`a`."""

    kind = "sigmoid"

    def forward(self, z, training=True):
        self._a = sigmoid(z)
        return self._a

    def backward(self, da):
        # The slope a(1-a) is at most 1/4 and vanishes when the unit saturates near 0 or 1.
        return da * self._a * (1 - self._a)


class Tanh(Layer):
    r""":math:`a = \tanh(z)`, :math:`a'(z) = 1 - a^2`."""

    kind = "tanh"

    def forward(self, z, training=True):
        self._a = np.tanh(z)
        return self._a

    def backward(self, da):
        return da * (1 - self._a * self._a)


class Softmax(Layer):
    r"""Row-wise :math:`a_{ik} = e^{z_{ik}} / \sum_j e^{z_{ij}}` (shifted by the row max for stability).

    Backward (the Jacobian-vector product of one row):
    :math:`\partial L/\partial z_k = a_k (\partial L/\partial a_k - \sum_j a_j \partial L/\partial a_j)`.
    After a Softmax, :class:`~scratchnn.losses.CrossEntropy` skips this and uses the fused
    gradient :math:`a - y` instead.
    """

    kind = "softmax"

    def forward(self, z, training=True):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        self._a = e / e.sum(axis=1, keepdims=True)
        return self._a

    def backward(self, da):
        # Every output shares the denominator, so each z_k moves all outputs: subtract the
        # gradient-weighted mean before scaling by a_k.
        a = self._a
        return a * (da - np.sum(da * a, axis=1, keepdims=True))


class Identity(Layer):
    """:math:`a = z` (a linear output); the gradient passes unchanged."""

    kind = "linear"

    def forward(self, z, training=True):
        return z

    def backward(self, da):
        return da


ACTIVATIONS = {"relu": ReLU, "leaky_relu": LeakyReLU, "sigmoid": Sigmoid, "tanh": Tanh,
               "softmax": Softmax, "linear": Identity, "identity": Identity}


def get(name, **kwargs):
    """An activation layer by name (``"relu"``, ``"leaky_relu"``, ``"sigmoid"``, ``"tanh"``,
    ``"softmax"``, ``"linear"``)."""
    key = str(name).lower()
    if key not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of: {', '.join(sorted(ACTIVATIONS))}")
    return ACTIVATIONS[key](**kwargs)
