"""Layers with parameters, and the protocol every layer follows.

* ``kind``: a short name (``"dense"``, ``"relu"``, ``"conv2d"`` ...) that tools such as the doctor read;
* ``params`` / ``grads``: dicts of arrays with the same keys and shapes (empty for activations);
* ``state``: a dict of arrays saved with the model but not trained (default ``{}``; e.g. a batch
  norm's running statistics);
* ``forward(x, training=False) -> y``: samples on axis 0 (``(n, features)``, images ``(n, C, H, W)``);
  returns a fresh array and keeps what backward needs;
* ``backward(dy) -> dx`` with ``dy = dL/dy``: writes each ``dL/dparam`` **in place**
  (``self.grads["W"][...] = ...``, never ``self.grads["W"] = ...``: inside a
  :class:`~scratchnn.model.Sequential` every gradient is a view of one flat array) and returns ``dL/dx``;
* ``config()``: the constructor arguments, JSON-able (for save/load);
* optionally ``initialize(rng, next_kind)``: called once by ``Sequential`` when the model is built,
  so that a layer whose weights are still on their defaults draws them from the model's seed,
  choosing for the activation (``next_kind``) that follows it.

``backward`` must follow the ``forward`` of the same batch.
"""
import zlib

import numpy as np

from . import init as initializers
from .validation import check_dtype, check_flag, check_number, check_parameter_memory, check_seed, check_whole


class Layer:
    """Base of every layer: no parameters, a ``kind`` and a JSON-able ``config``. A subclass
    defines ``forward`` and ``backward`` (a ``Sequential`` refuses a layer without them)."""

    kind = "layer"

    def __init__(self):
        self.params, self.grads, self.state = {}, {}, {}

    def config(self):
        """Constructor arguments as a JSON-able dict (used by save/load)."""
        return {}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"


def _fingerprint(arrays):
    """A checksum of the arrays' bytes: tells whether weights were changed since they were drawn."""
    return [zlib.crc32(np.ascontiguousarray(a).data) for a in arrays]


class Dense(Layer):
    r"""Fully connected layer :math:`y = x W + b`.

    Shapes: ``x`` (n, in_features), ``W`` (in_features, out_features), ``b`` (out_features,),
    ``y`` (n, out_features).

    Backward, for upstream gradient :math:`\delta = \partial L / \partial y` of shape (n, out):

    .. math::
        \partial L/\partial W = x^T \delta, \qquad
        \partial L/\partial b = \textstyle\sum_i \delta_i, \qquad
        \partial L/\partial x = \delta W^T

    ``init`` names an initializer from :mod:`scratchnn.init` (or is one). ``"auto"`` (the default)
    chooses from the activation that follows: ``fan_in_uniform``, :math:`U(\pm 1/\sqrt{\text{fan\_in}})`,
    for ReLU-like units, Glorot (Xavier) for everything else.

    ``bias_init`` is the biases' starting value. ``"auto"`` (the default) starts the biases of a
    layer feeding a ReLU or LeakyReLU at ``RELU_BIAS`` = 0.5 and all others at 0: with inputs on a
    unit scale, a positive start keeps most units active on most samples, so gradient reaches
    every unit from the first step (a unit inactive on every sample never learns -- seed 000's
    dead ReLUs).

    When the weights are drawn: a Dense layer draws them at once (Glorot, biases 0: the choice of
    a layer on its own). Inside a :class:`~scratchnn.model.Sequential` built with those weights
    untouched and no ``seed`` of the layer's own, the model draws them again from *its* seed,
    resolving ``"auto"`` by the activation that follows. A layer given ``seed=`` keeps the weights
    that seed drew, and weights set by hand are never redrawn.

    Measured before choosing (``benchmarks/seed_tasks.py`` measures the default):

    ======================  ===========================  ===========================  ===============
    ReLU layers start       seed 000's 3-4-1 task:       digits 64-128-10, Adam 1e-3  64-128x4-10,
                            inits reaching both goals    batch 32: epochs to 97%      same (median)
                                                         test accuracy (median)
    ======================  ===========================  ===========================  ===============
    fan_in_uniform, b 0.5   300 of 300                   5 (20 inits)                 4
    fan_in_uniform, b 1.0   300 of 300                   7                            --
    fan_in_uniform, b 0.25  293 of 300                   5                            --
    He, b 1.0               300 of 300                   8.5                          5.5
    ======================  ===========================  ===========================  ===============

    (scikit-learn's ``MLPClassifier`` needs 6 on digits from its own Glorot start.) On seed 002's
    photos scaled to [0, 1] this start lost 14 of 20 inits under Adam(0.01); the cause was the
    learning rate for 12288 uncentred inputs, not the bias: ``fit``'s default Adam lr is now
    ``min(0.01, 1/n_features)``, which reaches 20 of 20 with these biases (docs/defaults.md).
    """

    RELU_BIAS = 0.5

    kind = "dense"

    def __init__(self, in_features, out_features, init="auto", bias=True, bias_init="auto", seed=None,
                 dtype="float32"):
        super().__init__()
        self.in_features = check_whole(in_features, "Dense in_features", low=1)
        self.out_features = check_whole(out_features, "Dense out_features", low=1)
        self.init = init if init == "auto" else initializers.get(init)
        self.bias = check_flag(bias, "Dense bias")
        if not (isinstance(bias_init, str) and bias_init == "auto"):
            bias_init = check_number(bias_init, "bias_init", hint="pass 'auto' or a number such as 0.0")
        self.bias_init = bias_init
        self.seed = check_seed(seed)
        dtype = check_dtype(dtype)
        check_parameter_memory((self.in_features + 1) * self.out_features, dtype, repr(self))
        self._draw(np.random.default_rng(seed), dtype, next_kind=None)
        # Until the model is built, these weights are only a placeholder the model may redraw.
        self._drawn = None if seed is not None else _fingerprint(self.params.values())

    def _draw(self, rng, dtype, next_kind):
        """Draw ``W`` and set ``b``, resolving the ``"auto"`` choices by ``next_kind``."""
        init = initializers.for_activation(next_kind) if self.init == "auto" else self.init
        self.params = {"W": init((self.in_features, self.out_features), rng).astype(dtype, copy=False)}
        if self.bias:
            relu_like = next_kind in ("relu", "leaky_relu")
            b0 = (self.RELU_BIAS if relu_like else 0.0) if self.bias_init == "auto" else float(self.bias_init)
            self.params["b"] = np.full(self.out_features, b0, dtype=dtype)
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def initialize(self, rng, next_kind=None):
        """Called once by ``Sequential``: redraw from the model's ``rng`` only if the weights are
        still the placeholder drawn at construction (no ``seed`` of their own, not set by hand)."""
        if self._drawn is not None and self._drawn == _fingerprint(self.params.values()):
            self._draw(rng, self.params["W"].dtype, next_kind)
        self._drawn = None  # decided once: the weights are now this layer's own

    def forward(self, x, training=False):
        self.x = x  # kept for backward: dL/dW needs the input
        y = x @ self.params["W"]
        if self.bias:
            y += self.params["b"]
        return y

    def backward(self, dy, input_grad=True):
        """Fill ``grads`` and return dL/dx; ``input_grad=False`` skips that product and returns None
        (nothing below the first layer needs it, and for a wide input such as an image it is one of
        the step's largest matrix products)."""
        # Each weight W[i, j] met input feature i on every sample: sum x_i * delta_j over samples.
        np.matmul(self.x.T, dy, out=self.grads["W"])
        if self.bias:
            # The bias is added to every sample, so its gradient is the sum over the batch.
            dy.sum(axis=0, out=self.grads["b"])
        if not input_grad:
            return None
        # Each input fed every output through W: send delta back along the same weights.
        return dy @ self.params["W"].T

    def config(self):
        init = self.init if self.init == "auto" else self.init.config()
        cfg = {"in_features": self.in_features, "out_features": self.out_features,
               "init": init, "bias": self.bias, "bias_init": self.bias_init}
        if self.seed is not None:
            cfg["seed"] = self.seed
        return cfg

    def __repr__(self):
        return f"Dense({self.in_features}, {self.out_features})"
