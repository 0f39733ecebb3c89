r"""Activations: layers without parameters, each ``forward(z) -> a`` and ``backward(da) -> dz``
with ``dz = da * a'(z)``, shapes (n_samples, n_units) throughout.

Two stable building blocks sit beside them, shared with :mod:`scratchnn.losses`:
:func:`sigmoid` and :func:`logsumexp`. With them every activation (and every loss) is finite for
:math:`|z|` up to 1e4 and beyond: no overflow warning and no NaN.
"""
import numpy as np

from .layers import Layer
from .validation import InputError, check_number


def sigmoid(z):
    r"""Stable logistic :math:`\sigma(z) = 1 / (1 + e^{-z})`, computed as
    :math:`e^{\min(z, 0)} / (1 + e^{-|z|})` -- the same number on both sides of 0, but only ever
    exponentiating :math:`-|z| \le 0`, so nothing overflows, and never forming :math:`1 - a`, so the
    far negative tail keeps its full relative precision."""
    return np.exp(np.minimum(z, 0)) / (1 + np.exp(-np.abs(z)))


def logsumexp(z):
    r"""Row-wise :math:`\log \sum_k e^{z_{ik}}`, shape (n, 1), computed stably as
    :math:`m + \log \sum_k e^{z_{ik} - m}` with :math:`m` the row's max: every exponent is then
    at most 0, so nothing overflows, and the largest term is exactly 1, so the log never sees 0."""
    m = z.max(axis=1, keepdims=True)
    return m + np.log(np.exp(z - m).sum(axis=1, keepdims=True))


class ReLU(Layer):
    r""":math:`a = \max(0, z)`, :math:`a'(z) = 1` where :math:`z > 0`, else 0 (0 at the kink)."""

    kind = "relu"

    def forward(self, z, training=False):
        self.active = z > 0
        return np.maximum(z, 0)

    def backward(self, da):
        # ReLU passes gradient only where the unit was active; a unit inactive on every sample
        # gets no gradient at all -- that is how a ReLU "dies".
        return da * self.active


class LeakyReLU(Layer):
    r""":math:`a = z` for :math:`z > 0`, else :math:`\alpha z`; :math:`a'(z) = 1` or :math:`\alpha`."""

    kind = "leaky_relu"

    def __init__(self, alpha=0.01):
        super().__init__()
        self.alpha = check_number(alpha, "LeakyReLU alpha", 0, 1, high_open=True, hint="0.01 is usual")

    def forward(self, z, training=False):
        self.slope = np.where(z > 0, 1, self.alpha).astype(z.dtype, copy=False)
        return z * self.slope

    def backward(self, da):
        # A small slope alpha on the negative side keeps a trickle of gradient flowing.
        return da * self.slope

    def config(self):
        return {"alpha": self.alpha}


class Sigmoid(Layer):
    r""":math:`a = \sigma(z)`, :math:`a'(z) = a (1 - a)` -- the derivative is taken at the
    pre-activation :math:`z`, written through the output :math:`a`."""

    kind = "sigmoid"

    def forward(self, z, training=False):
        self.a = sigmoid(z)
        return self.a

    def backward(self, da):
        # The slope a(1-a) is at most 1/4 and vanishes when the unit saturates near 0 or 1.
        return da * self.a * (1 - self.a)


class Tanh(Layer):
    r""":math:`a = \tanh(z)`, :math:`a'(z) = 1 - a^2`."""

    kind = "tanh"

    def forward(self, z, training=False):
        self.a = np.tanh(z)
        return self.a

    def backward(self, da):
        # Like the sigmoid, tanh flattens out when saturated (a near +-1): little gradient passes.
        return da * (1 - self.a * self.a)


class Softmax(Layer):
    r"""Row-wise :math:`a_{ik} = e^{z_{ik}} / \sum_j e^{z_{ij}} = e^{z_{ik} - \text{logsumexp}(z_i)}`.

    Backward (the Jacobian-vector product of one row):
    :math:`\partial L/\partial z_k = a_k (\partial L/\partial a_k - \sum_j a_j \partial L/\partial a_j)`.
    Followed by cross-entropy, the model skips this and uses the fused gradient
    :math:`(a - y)/n` instead (see :mod:`scratchnn.losses`).
    """

    kind = "softmax"

    def forward(self, z, training=False):
        # The same shift as logsumexp: subtracting each row's max changes no ratio, and then the
        # largest exponential is exactly 1, so nothing overflows. (Written as exp(z - logsumexp(z)),
        # a float32 z near 1e4 would lose digits in z - logsumexp(z); exact that way, it costs
        # 12 instead of 7 us on a digits-sized batch.)
        e = np.exp(z - z.max(axis=1, keepdims=True))
        self.a = e / e.sum(axis=1, keepdims=True)
        return self.a

    def backward(self, da):
        # Every output shares the denominator, so each z_k moves all outputs: subtract the
        # gradient-weighted mean before scaling by a_k.
        a = self.a
        return a * (da - (da * a).sum(axis=1, keepdims=True))


class Identity(Layer):
    """:math:`a = z` (a linear output); the gradient passes unchanged."""

    kind = "linear"

    def forward(self, z, training=False):
        return z.copy()  # a fresh array, as every layer returns

    def backward(self, da):
        return da


ACTIVATIONS = {"relu": ReLU, "leaky_relu": LeakyReLU, "sigmoid": Sigmoid, "tanh": Tanh,
               "softmax": Softmax, "linear": Identity, "identity": Identity}


def get(name, **kwargs):
    """An activation layer by name (``"relu"``, ``"leaky_relu"``, ``"sigmoid"``, ``"tanh"``,
    ``"softmax"``, ``"linear"``)."""
    key = str(name).lower()
    if key not in ACTIVATIONS:
        raise InputError(f"unknown activation {name!r}; choose one of: {', '.join(sorted(ACTIVATIONS))}")
    return ACTIVATIONS[key](**kwargs)
