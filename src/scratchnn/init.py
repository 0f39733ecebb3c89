r"""Weight initializers. Each is a callable ``init(shape, rng) -> ndarray`` for a weight matrix of
shape ``(fan_in, fan_out)``, with ``config()`` so a saved model can say how it was built.

==================  ==========================================================  ==================
name                distribution                                                suits
==================  ==========================================================  ==================
``fan_in_uniform``  :math:`U(\pm 1/\sqrt{\text{fan\_in}})`                      ReLU, LeakyReLU (default)
``he``              :math:`\mathcal N(0, 2/\text{fan\_in})`                      ReLU, LeakyReLU
``xavier/glorot``   :math:`U(\pm\sqrt{6/(\text{fan\_in}+\text{fan\_out})})`     sigmoid, tanh, linear
``lecun``           :math:`\mathcal N(0, 1/\text{fan\_in})`                      tanh, SELU-like
``uniform(a, b)``   :math:`U(a, b)`                                              experiments
``normal(std)``     :math:`\mathcal N(0, \text{std}^2)`                          experiments
``zeros``           0 everywhere                                                (see below)
``constant(c)``     c everywhere                                                (see below)
==================  ==========================================================  ==================

The default before ReLU-like units is ``fan_in_uniform`` (PyTorch's default for ``nn.Linear``)
rather than ``he``, with the biases started at :attr:`~scratchnn.layers.Dense.RELU_BIAS`: He's
weights are sqrt(6) times as spread, and measured here they train more slowly (see ``Dense``).

``zeros`` and ``constant`` are allowed because learners try them, but every unit of a layer then
computes the same thing and receives the same gradient, so the units never become different:
the doctor reports this as ``symmetric-units``.
"""
import numpy as np

from .validation import InputError, check_number


class Initializer:
    """A named weight distribution; ``init(shape, rng)`` draws one array (float64)."""

    def __init__(self, name, draw, **args):
        self.name, self._draw, self.args = name, draw, args

    def __call__(self, shape, rng):
        fan_in, fan_out = shape
        return np.asarray(self._draw(rng, shape, fan_in, fan_out, **self.args), dtype=np.float64)

    def config(self):
        return {"name": self.name, **self.args}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        return f"{self.name}({args})" if args else self.name


fan_in_uniform = Initializer("fan_in_uniform", lambda rng, s, fi, fo: rng.uniform(-1, 1, s) / np.sqrt(fi))
he = Initializer("he", lambda rng, s, fi, fo: rng.normal(0.0, np.sqrt(2.0 / fi), s))
xavier = Initializer("xavier", lambda rng, s, fi, fo: rng.uniform(-1, 1, s) * np.sqrt(6.0 / (fi + fo)))
glorot = xavier
lecun = Initializer("lecun", lambda rng, s, fi, fo: rng.normal(0.0, np.sqrt(1.0 / fi), s))
zeros = Initializer("zeros", lambda rng, s, fi, fo: np.zeros(s))


def uniform(a=-0.05, b=0.05):
    """Uniform on [a, b) (seed 000 used ``uniform(0, 1)``: every weight positive)."""
    a, b = check_number(a, "uniform(a)"), check_number(b, "uniform(b)")
    if not a < b:
        raise InputError(f"uniform(a, b) needs a < b, got a={a!r}, b={b!r}")
    return Initializer("uniform", lambda rng, s, fi, fo, a, b: rng.uniform(a, b, s), a=float(a), b=float(b))


def normal(std=0.01, mean=0.0):
    """Gaussian with the given standard deviation (seed 002 used ``normal(0.01)``)."""
    std, mean = check_number(std, "normal(std)"), check_number(mean, "normal(mean)")
    if not std >= 0:
        raise InputError(f"normal(std) needs std >= 0, got {std!r}")
    return Initializer("normal", lambda rng, s, fi, fo, std, mean: rng.normal(mean, std, s),
                       std=float(std), mean=float(mean))


def constant(c):
    """Every weight equal to ``c`` (seed 003 started all its weights at 0)."""
    c = check_number(c, "constant(c)")
    return Initializer("constant", lambda rng, s, fi, fo, c: np.full(s, c), c=float(c))


_NAMED = {"fan_in_uniform": fan_in_uniform, "he": he, "xavier": xavier, "glorot": glorot, "lecun": lecun, "zeros": zeros}
_FACTORIES = {"uniform": uniform, "normal": normal, "constant": constant}


def get(spec):
    """An initializer from a name (``"he"``), a config dict (``{"name": "normal", "std": 0.1}``),
    or an :class:`Initializer` (returned as is)."""
    if isinstance(spec, Initializer):
        return spec
    if isinstance(spec, dict):
        args = dict(spec)
        name = args.pop("name", None)
        if name in _FACTORIES:
            return _FACTORIES[name](**args)
        if name in _NAMED and not args:
            return _NAMED[name]
        raise InputError(f"unknown initializer config {spec!r}")
    if isinstance(spec, str):
        key = spec.lower()
        if key in _NAMED:
            return _NAMED[key]
        if key in _FACTORIES:
            return _FACTORIES[key]()
    raise InputError(f"unknown initializer {spec!r}; choose one of: {', '.join([*_NAMED, *_FACTORIES])}, "
                     "or pass e.g. scratchnn.init.normal(0.1)")


def for_activation(kind):
    """The default initializer for weights feeding an activation of this ``kind``."""
    return fan_in_uniform if kind in ("relu", "leaky_relu") else xavier
