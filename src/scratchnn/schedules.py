r"""Learning-rate schedules: ``schedule(base_lr, epoch) -> lr`` for a 0-based epoch index.

Give one to an optimizer (``SGD(0.1, schedule=StepDecay(30, 0.1))``); ``fit`` sets the rate at
the start of every epoch.

* :class:`StepDecay`: :math:`\eta_e = \eta_0 \gamma^{\lfloor e / s \rfloor}`
* :class:`ExponentialDecay`: :math:`\eta_e = \eta_0 \gamma^{e}`
* :class:`CosineDecay`: :math:`\eta_e = \eta_{min} + \frac12(\eta_0 - \eta_{min})(1 + \cos(\pi \min(e, T)/T))`
"""
import math

from .validation import InputError, check_fraction, check_positive_int


def _check_gamma(gamma):
    """A decay factor in (0, 1]: 0 would set the rate to 0 (no learning), above 1 it would grow."""
    gamma = check_fraction(gamma, "gamma", 0.0, 1.0 + 1e-12)
    if gamma == 0:
        raise InputError("gamma must be in (0, 1], got 0, which would stop learning; e.g. 0.1 or 0.99")
    return gamma


class Schedule:
    def config(self):
        return {"name": type(self).__name__, **vars(self)}

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"


class StepDecay(Schedule):
    """Multiply the rate by ``gamma`` every ``step_size`` epochs."""

    def __init__(self, step_size, gamma=0.1):
        self.step_size = check_positive_int(step_size, "step_size")
        self.gamma = _check_gamma(gamma)

    def __call__(self, base_lr, epoch):
        return base_lr * self.gamma ** (epoch // self.step_size)


class ExponentialDecay(Schedule):
    """Multiply the rate by ``gamma`` every epoch."""

    def __init__(self, gamma=0.99):
        self.gamma = _check_gamma(gamma)

    def __call__(self, base_lr, epoch):
        return base_lr * self.gamma ** epoch


class CosineDecay(Schedule):
    """Half a cosine from the base rate down to ``lr_min`` over ``t_max`` epochs, then flat."""

    def __init__(self, t_max, lr_min=0.0):
        self.t_max = check_positive_int(t_max, "t_max")
        # lr_min = 0 is allowed (the usual end point); a negative rate would climb the loss.
        self.lr_min = check_fraction(lr_min, "lr_min", 0.0, float("inf"))

    def __call__(self, base_lr, epoch):
        progress = min(epoch, self.t_max) / self.t_max
        return self.lr_min + 0.5 * (base_lr - self.lr_min) * (1 + math.cos(math.pi * progress))


SCHEDULES = {cls.__name__: cls for cls in (StepDecay, ExponentialDecay, CosineDecay)}


def from_config(cfg):
    if cfg is None:
        return None
    args = dict(cfg)
    return SCHEDULES[args.pop("name")](**args)
