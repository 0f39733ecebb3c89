r"""Optimizers. Each owns its state (momentum buffers, Adam moments), keyed by parameter name, and
updates parameters in place: ``optimizer.step(params, grads)`` with two dicts of same-shaped arrays.

The update rules follow ``torch.optim`` exactly (tests compare 20 steps to 1e-6), including
``weight_decay`` as an L2 term added to the gradient.
"""
import numpy as np

from . import schedules as _schedules
from .validation import InputError, check_fraction, check_positive_number


class Optimizer:
    """Base: a learning rate, an optional schedule, and per-parameter state."""

    def __init__(self, lr, weight_decay=0.0, schedule=None):
        self.base_lr = self.lr = check_positive_number(lr, "learning rate lr")
        if not weight_decay >= 0:
            raise InputError(f"weight_decay must be >= 0, got {weight_decay!r}")
        self.weight_decay = float(weight_decay)
        self.schedule = schedule
        self.state = {}
        self.steps = 0

    def start_epoch(self, epoch):
        """Set ``lr`` for this 0-based epoch from the schedule (if any)."""
        if self.schedule is not None:
            self.lr = self.schedule(self.base_lr, epoch)

    def step(self, params, grads):
        """Update every array of ``params`` in place from the same-named array of ``grads``."""
        self.steps += 1
        for name, p in params.items():
            g = grads[name]
            if self.weight_decay:
                g = g + self.weight_decay * p  # L2 penalty (wd/2)|p|^2 adds wd * p to the gradient
            self._update(name, p, g)

    def _buffer(self, name, key, like):
        """A per-parameter state array, created as zeros the first time it is asked for."""
        slot = self.state.setdefault(name, {})
        if key not in slot:
            slot[key] = np.zeros_like(like)
        return slot[key]

    def config(self):
        cfg = {"lr": self.base_lr, "weight_decay": self.weight_decay}
        if self.schedule is not None:
            cfg["schedule"] = self.schedule
        return cfg

    def describe(self):
        """JSON-able description (name and hyperparameters) for saved models."""
        cfg = self.config()
        if "schedule" in cfg:
            cfg["schedule"] = cfg["schedule"].config()
        return {"name": type(self).__name__, **cfg}

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.config().items())})"


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional (Nesterov) momentum :math:`\mu`:

    .. math::
        v \leftarrow \mu v + g, \qquad
        p \leftarrow p - \eta\,(g + \mu v \text{ if nesterov else } v)

    With ``momentum=0`` this is plain :math:`p \leftarrow p - \eta g`.
    """

    def __init__(self, lr=0.01, momentum=0.0, nesterov=False, weight_decay=0.0, schedule=None):
        super().__init__(lr, weight_decay, schedule)
        self.momentum = check_fraction(momentum, "momentum")
        if nesterov and not self.momentum:
            raise InputError("nesterov=True needs momentum > 0, e.g. SGD(lr, momentum=0.9, nesterov=True)")
        self.nesterov = bool(nesterov)

    def _update(self, name, p, g):
        if not self.momentum:
            p -= self.lr * g
            return
        v = self._buffer(name, "velocity", p)
        # Velocity remembers past gradients, so steps along a consistent direction build up.
        v *= self.momentum
        v += g
        p -= self.lr * (g + self.momentum * v if self.nesterov else v)

    def config(self):
        return {**super().config(), "momentum": self.momentum, "nesterov": self.nesterov}


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015) with bias correction, at step :math:`t`:

    .. math::
        m \leftarrow \beta_1 m + (1-\beta_1) g, \quad
        v \leftarrow \beta_2 v + (1-\beta_2) g^2, \quad
        p \leftarrow p - \frac{\eta}{1-\beta_1^t} \cdot \frac{m}{\sqrt{v/(1-\beta_2^t)} + \epsilon}
    """

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, schedule=None):
        super().__init__(lr, weight_decay, schedule)
        b1, b2 = betas
        self.betas = (check_fraction(b1, "betas[0]"), check_fraction(b2, "betas[1]"))
        self.eps = check_positive_number(eps, "eps")

    def _update(self, name, p, g):
        b1, b2 = self.betas
        t = self.steps
        m = self._buffer(name, "m", p)
        v = self._buffer(name, "v", p)
        tmp = self._buffer(name, "scratch", p)
        # m and v are running means of the gradient and of its square; written as
        # m += (1 - b1)(g - m) so that each moment is updated in place in few passes.
        np.subtract(g, m, out=tmp)
        tmp *= 1 - b1
        m += tmp
        np.multiply(g, g, out=tmp)
        tmp -= v
        tmp *= 1 - b2
        v += tmp
        # Step: lr/(1-b1^t) * m / (sqrt(v/(1-b2^t)) + eps); the corrections undo the zero start.
        np.sqrt(v, out=tmp)
        tmp *= 1 / np.sqrt(1 - b2 ** t)
        tmp += self.eps
        np.divide(m, tmp, out=tmp)
        tmp *= self.lr / (1 - b1 ** t)
        p -= tmp

    def config(self):
        return {**super().config(), "betas": self.betas, "eps": self.eps}


OPTIMIZERS = {"sgd": SGD, "adam": Adam}


def get(spec, lr=None):
    """An optimizer from a name (``"adam"``, ``"sgd"``), a description dict, or an instance."""
    if isinstance(spec, Optimizer):
        return spec
    if isinstance(spec, dict):
        args = dict(spec)
        name = str(args.pop("name")).lower()
        if "schedule" in args:
            args["schedule"] = _schedules.from_config(args["schedule"])
        if "betas" in args:
            args["betas"] = tuple(args["betas"])
        return OPTIMIZERS[name](**args)
    if isinstance(spec, str) and spec.lower() in OPTIMIZERS:
        cls = OPTIMIZERS[spec.lower()]
        return cls() if lr is None else cls(lr=lr)
    raise ValueError(f"unknown optimizer {spec!r}; choose one of: {', '.join(OPTIMIZERS)}")
