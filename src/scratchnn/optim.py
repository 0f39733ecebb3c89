r"""Optimizers. Each owns its state (momentum buffers, Adam moments), keyed by parameter name, and
updates parameters in place: ``optimizer.step(params, grads)`` with two dicts of same-shaped arrays.

The update rules follow ``torch.optim`` exactly (tests compare 20 steps to 1e-6), including
``weight_decay`` as an L2 term added to the gradient.
"""
import math
import weakref

import numpy as np

from . import schedules as _schedules
from .validation import InputError, check_fraction, check_positive_number


def _nobody():
    return None


def _memory_owner(a):
    """The array that owns ``a``'s memory (``a`` itself unless it is a view), or None."""
    while isinstance(getattr(a, "base", None), np.ndarray):
        a = a.base
    return a


WHOLE = "*"  # state key of a network updated at once (see Optimizer._groups)


def _tiled_base(arrays):
    """The 1-D array that ``arrays`` are views of and together cover exactly, else None."""
    base, covered = None, 0
    for a in arrays:  # a plain loop: this runs every step, and generators cost more on small networks
        if base is None:
            base = a.base
            if base is None or base.ndim != 1:
                return None
        elif a.base is not base:
            return None
        covered += a.size
    return base if base is not None and covered == base.size else None


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
        self._owner = _nobody  # weak reference to the memory of the parameters the state belongs to

    def start_epoch(self, epoch):
        """Set ``lr`` for this 0-based epoch from the schedule (if any)."""
        if self.schedule is not None:
            self.lr = float(self.schedule(self.base_lr, epoch))

    def step(self, params, grads):
        """Update every array of ``params`` in place from the same-named array of ``grads``.

        The state belongs to one set of parameter arrays: given another model's, the optimizer
        starts afresh (no moments carried over, step count back to 0)."""
        owner = _memory_owner(next(iter(params.values()), None))
        if self._owner() is not owner:
            self.state, self.steps = {}, 0
            self._owner = weakref.ref(owner) if owner is not None else _nobody
        self.steps += 1
        self._begin_step()
        for name, p, g in self._groups(params, grads):
            if self.weight_decay:
                g = g + self.weight_decay * p  # L2 penalty (wd/2)|p|^2 adds wd * p to the gradient
            self._update(name, p, g)

    def _groups(self, params, grads):
        """What to update: the whole network as one ``(WHOLE, p, g)`` when the parameters and the
        gradients each tile one flat array (as :class:`~scratchnn.model.Sequential` lays them out),
        else one ``(name, p, g)`` per parameter. Elementwise rules give the same numbers either way."""
        flat_p = _tiled_base(params.values())
        flat_g = None if flat_p is None else _tiled_base(grads.values())
        if flat_g is None or flat_p.shape != flat_g.shape:
            return [(name, p, grads[name]) for name, p in params.items()]
        if WHOLE not in self.state:  # where each parameter sits, to key its state by name too
            start = flat_p.__array_interface__["data"][0]
            self._layout = [(name, (p.__array_interface__["data"][0] - start) // p.itemsize, p.shape)
                            for name, p in params.items()]
        return [(WHOLE, flat_p, flat_g)]

    def _begin_step(self):
        """Work shared by every parameter of one step (scalars such as bias corrections)."""

    def _slots(self, name, like, keys):
        """The state arrays named ``keys`` of parameter ``name`` (or WHOLE), zeros the first time."""
        slot = self.state.get(name)
        if slot is None:
            slot = self.state[name] = {key: np.zeros_like(like) for key in keys}
            if name == WHOLE:  # the state stays keyed by parameter name: views into the flat arrays
                for pname, start, shape in self._layout:
                    stop = start + math.prod(shape)
                    self.state[pname] = {key: a[start:stop].reshape(shape) for key, a in slot.items()}
        return [slot[key] for key in keys]

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
            (step,) = self._slots(name, p, ("scratch",))
            np.multiply(g, self.lr, out=step)
            p -= step
            return
        v, step = self._slots(name, p, ("velocity", "scratch"))
        # Velocity remembers past gradients, so steps along a consistent direction build up.
        v *= self.momentum
        v += g
        if self.nesterov:
            np.multiply(v, self.momentum, out=step)  # look ahead: g + mu v
            step += g
            step *= self.lr
        else:
            np.multiply(v, self.lr, out=step)
        p -= step

    def config(self):
        return {**super().config(), "momentum": self.momentum, "nesterov": self.nesterov}


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015) with bias correction, at step :math:`t`:

    .. math::
        m \leftarrow \beta_1 m + (1-\beta_1) g, \quad
        v \leftarrow \beta_2 v + (1-\beta_2) g^2, \quad
        p \leftarrow p - \frac{\eta}{1-\beta_1^t} \cdot \frac{m}{\sqrt{v/(1-\beta_2^t)} + \epsilon}

    For speed the state holds the moments without their :math:`(1-\beta)` factors,
    :math:`M = m/(1-\beta_1)` and :math:`V = v/(1-\beta_2)`, so that each is updated in two or
    three passes (:math:`M \leftarrow \beta_1 M + g`); the factors, like the bias corrections,
    are folded into two scalars per step.
    """

    def __init__(self, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, schedule=None):
        super().__init__(lr, weight_decay, schedule)
        b1, b2 = betas
        self.betas = (check_fraction(b1, "betas[0]"), check_fraction(b2, "betas[1]"))
        self.eps = check_positive_number(eps, "eps")

    def _begin_step(self):
        # With m = (1-b1) M and v = (1-b2) V the step is rate * M / (sqrt(V) + eps_V), where
        # rate = lr (1-b1)/(1-b1^t) / s and eps_V = eps / s, s = sqrt((1-b2)/(1-b2^t)).
        # Plain Python floats: a NumPy float64 scalar would make every float32 pass run in float64.
        b1, b2 = self.betas
        s = math.sqrt((1 - b2) / (1 - b2 ** self.steps))
        self._rate = float(self.lr) * (1 - b1) / (1 - b1 ** self.steps) / s
        self._eps_V = self.eps / s

    def _update(self, name, p, g):
        b1, b2 = self.betas
        M, V, step = self._slots(name, p, ("M", "V", "scratch"))
        # Running (undamped) sums of the gradient and of its square, updated in place.
        M *= b1
        M += g
        V *= b2
        np.multiply(g, g, out=step)
        V += step
        # p -= rate * M / (sqrt(V) + eps_V): the bias-corrected Adam step, in five passes.
        np.sqrt(V, out=step)
        step += self._eps_V
        np.divide(M, step, out=step)
        step *= self._rate
        p -= step

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
