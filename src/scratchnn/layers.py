"""Layers with parameters. Every layer follows one protocol:

* ``kind``: a short name (``"dense"``, ``"relu"``, ...) that tools such as the doctor read;
* ``params`` / ``grads``: dicts of arrays with the same keys and shapes (empty for activations);
* ``forward(x, training=True) -> y`` with ``x`` of shape ``(n_samples, n_features)``;
* ``backward(dy) -> dx``, where ``dy = dL/dy``; it also fills ``grads`` with ``dL/dparam``.

``backward`` must follow the ``forward`` of the same batch: a layer keeps what it needs from it.

Speed without copies: inside a :class:`~scratchnn.model.Sequential` (which sets
``reuse_buffers``), a training forward (``training=True``) and every ``backward`` write into
arrays the layer keeps from step to step, so a training step allocates nothing once warm. Those
results are *live*: the next call overwrites them. A layer used on its own, and any inference
forward (``training=False``), returns fresh arrays.
"""
import numpy as np

from . import init as initializers


class Layer:
    """Base of every layer: no parameters, a ``kind`` and a JSON-able ``config``."""

    kind = "layer"
    reuse_buffers = False  # True: results of training forwards and backwards are reused buffers

    def __init__(self):
        self.params = {}
        self.grads = {}

    def _scratch(self, name, shape, dtype):
        """A reusable work array of ``shape``: a view of the first rows of the layer's buffer
        ``name``, which grows when a larger batch (or another dtype) comes along. None (NumPy then
        returns a fresh array) when the layer does not reuse buffers."""
        if not self.reuse_buffers:
            return None
        buffers = self.__dict__.setdefault("_buffers", {})
        buf = buffers.get(name)
        if buf is not None and buf.shape == shape and buf.dtype == dtype:
            return buf
        if buf is None or buf.dtype != dtype or buf.shape[1:] != shape[1:] or len(buf) < shape[0]:
            buf = buffers[name] = np.empty(shape, dtype)
        return buf[:shape[0]]

    def _out(self, name, like, training=True, dtype=None):
        """Where a result shaped like ``like`` goes: the reused buffer ``name`` in training when
        ``reuse_buffers`` is set, else None (a fresh array)."""
        return self._scratch(name, like.shape, dtype or like.dtype) if training else None

    def config(self):
        """Constructor arguments as a JSON-able dict (used by save/load)."""
        return {}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"


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
    lets :class:`~scratchnn.model.Sequential` choose from the activation that follows:
    ``fan_in_uniform``, :math:`U(\pm 1/\sqrt{\text{fan\_in}})`, for ReLU-like units, Glorot (Xavier)
    for everything else. A Dense layer used on its own with ``"auto"`` gets Glorot.

    ``bias_init`` is the biases' starting value. ``"auto"`` (the default) starts the biases of a
    layer feeding a ReLU or LeakyReLU at ``RELU_BIAS`` = 0.5 and all others at 0: with inputs on a
    unit scale, a positive start keeps most units active on most samples, so gradient reaches
    every unit from the first step (a unit inactive on every sample never learns -- seed 000's
    dead ReLUs).

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

    (scikit-learn's ``MLPClassifier`` needs 6 on digits from its own Glorot start.) The start
    matters less than the inputs' scale: on seed 002's photos scaled to [0, 1] rather than
    standardized, a positive bias does worse than 0 (6 of 20 inits reach BCE < 0.01, with either
    start above, against 20 of 20 with He weights and biases at 0, and 20 of 20 standardized), so
    standardize.
    """

    RELU_BIAS = 0.5

    kind = "dense"

    def __init__(self, in_features, out_features, init="auto", bias=True, bias_init="auto", seed=None,
                 dtype="float32"):
        super().__init__()
        for name, value in (("in_features", in_features), ("out_features", out_features)):
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Dense {name} must be a positive whole number, got {value!r}")
        self.in_features, self.out_features = int(in_features), int(out_features)
        self.init = init if init == "auto" else initializers.get(init)
        self.bias = bool(bias)
        if bias_init != "auto" and not isinstance(bias_init, (int, float)):
            raise ValueError(f"bias_init must be 'auto' or a number, got {bias_init!r}")
        self.bias_init = bias_init
        self.initialize(np.random.default_rng(seed), np.dtype(dtype))

    def initialize(self, rng, dtype, next_kind=None):
        """(Re)draw ``W`` and set ``b``, resolving the ``"auto"`` choices by ``next_kind``."""
        init = initializers.for_activation(next_kind) if self.init == "auto" else self.init
        self.params = {"W": init((self.in_features, self.out_features), rng).astype(dtype, copy=False)}
        if self.bias:
            relu_like = next_kind in ("relu", "leaky_relu")
            b0 = (self.RELU_BIAS if relu_like else 0.0) if self.bias_init == "auto" else float(self.bias_init)
            self.params["b"] = np.full(self.out_features, b0, dtype=dtype)
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self._x = None

    def forward(self, x, training=True):
        self._x = x  # kept for backward: dL/dW needs the input
        W = self.params["W"]
        dtype = W.dtype if x.dtype == W.dtype else np.result_type(x, W)
        out = self._scratch("y", (len(x), W.shape[1]), dtype) if training else None
        y = np.matmul(x, W, out=out)
        if self.bias:
            y += self.params["b"]
        return y

    def backward(self, dy, input_grad=True):
        """Fill ``grads`` and return dL/dx; ``input_grad=False`` skips that product and returns None
        (nothing below the first layer needs it, and for a wide input such as an image it is one of
        the step's largest matrix products)."""
        W = self.params["W"]
        # Each weight W[i, j] met input feature i on every sample: sum x_i * delta_j over samples.
        np.matmul(self._x.T, dy, out=self.grads["W"])
        if self.bias:
            # The bias is added to every sample, so its gradient is the sum over the batch.
            np.add.reduce(dy, axis=0, out=self.grads["b"])
        if not input_grad:
            return None
        # Each input fed every output through W: send delta back along the same weights.
        dtype = W.dtype if dy.dtype == W.dtype else np.result_type(dy, W)
        return np.matmul(dy, W.T, out=self._scratch("dx", self._x.shape, dtype))

    def config(self):
        init = self.init if self.init == "auto" else self.init.config()
        return {"in_features": self.in_features, "out_features": self.out_features,
                "init": init, "bias": self.bias, "bias_init": self.bias_init}

    def __repr__(self):
        return f"Dense({self.in_features}, {self.out_features})"
