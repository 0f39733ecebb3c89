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
        self._active = np.greater(z, 0, out=self._out("active", z, training, bool))
        return np.maximum(z, 0, out=self._out("a", z, training))

    def backward(self, da):
        # ReLU passes gradient only where the unit was active; a unit inactive on every sample
        # gets no gradient at all -- that is how a ReLU "dies".
        return np.multiply(da, self._active, out=self._out("dz", da))


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
        return np.multiply(z, self._slope, out=self._out("a", z, training))

    def backward(self, da):
        # A small slope alpha on the negative side keeps a trickle of gradient flowing.
        return np.multiply(da, self._slope, out=self._out("dz", da))

    def config(self):
        return {"alpha": self.alpha}


def sigmoid(z, out=None):
    r"""Stable logistic :math:`\sigma(z) = 1 / (1 + e^{-z})`, computed as
    :math:`e^{\min(z, 0)} / (1 + e^{-|z|})` -- the same number on both sides of 0, but only ever
    exponentiating :math:`-|z| \le 0`, so nothing overflows, and never forming :math:`1 - a`, so the
    far negative tail keeps its full relative precision."""
    numerator = np.minimum(z, 0, out=out)
    np.exp(numerator, out=numerator)
    denominator = np.abs(z)
    np.negative(denominator, out=denominator)
    np.exp(denominator, out=denominator)
    denominator += 1
    return np.divide(numerator, denominator, out=numerator)


class Sigmoid(Layer):
    r""":math:`a = \sigma(z)`, :math:`a'(z) = a (1 - a)` -- the derivative is taken at the
    pre-activation :math:`z`, written through the output :math:`a`."""

    kind = "sigmoid"

    def forward(self, z, training=True):
        self._a = sigmoid(z, out=self._out("a", z, training))
        return self._a

    def backward(self, da):
        # The slope a(1-a) is at most 1/4 and vanishes when the unit saturates near 0 or 1.
        dz = np.subtract(1, self._a, out=self._out("dz", da))
        dz *= self._a
        dz *= da
        return dz


class Tanh(Layer):
    r""":math:`a = \tanh(z)`, :math:`a'(z) = 1 - a^2`."""

    kind = "tanh"

    def forward(self, z, training=True):
        self._a = np.tanh(z, out=self._out("a", z, training))
        return self._a

    def backward(self, da):
        dz = np.multiply(self._a, self._a, out=self._out("dz", da))
        np.subtract(1, dz, out=dz)
        dz *= da
        return dz


class Softmax(Layer):
    r"""Row-wise :math:`a_{ik} = e^{z_{ik}} / \sum_j e^{z_{ij}}` (shifted by the row max for stability).

    Backward (the Jacobian-vector product of one row):
    :math:`\partial L/\partial z_k = a_k (\partial L/\partial a_k - \sum_j a_j \partial L/\partial a_j)`.
    After a Softmax, :class:`~scratchnn.losses.CrossEntropy` skips this and uses the fused
    gradient :math:`a - y` instead.
    """

    kind = "softmax"

    def forward(self, z, training=True):
        # Shift every row by its max so exp never overflows; the shift cancels in the ratio.
        # (np.fmax.reduce and np.add.reduce are z.max and a.sum without their Python wrappers;
        # fmax skips NaNs, which costs NumPy less, and a NaN logit still makes its row NaN below.)
        shift = np.fmax.reduce(z, axis=1, keepdims=True)
        a = np.subtract(z, shift, out=self._out("a", z, training))
        np.exp(a, out=a)
        total = np.add.reduce(a, axis=1, keepdims=True)
        a /= total
        self._a, self._shift, self._total = a, shift, total
        return a

    def log_normalizer(self):
        r""":math:`\log \sum_k e^{z_{ik}}` for each row of the last forward, shape (n, 1), from the
        sums the forward already made: ``shift + log(total)``. The cross-entropy of the logits is
        this minus the true class's logit, so the model hands it to the loss instead of having
        the loss exponentiate and sum the logits a second time."""
        return np.log(self._total) + self._shift

    def backward(self, da):
        # Every output shares the denominator, so each z_k moves all outputs: subtract the
        # gradient-weighted mean before scaling by a_k.
        a = self._a
        dz = np.multiply(da, a, out=self._out("dz", da))
        np.subtract(da, dz.sum(axis=1, keepdims=True), out=dz)
        dz *= a
        return dz


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
