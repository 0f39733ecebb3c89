"""Seed 003: the two-neuron network ("Why machines learn", p. 330), its forward pass and gradients.

The asker ("Self made backpropagation doesnt work in python (2-neuron-network)") chains two sigmoid
neurons, ``yhat = a(w2 h + b2)`` with ``h = a(w11 x1 + w12 x2 + b1)``, trains on squared error with
per-sample derivative formulas averaged over the samples, learning rate 0.1, every weight and bias
starting at 0. The loss "remains the same". This module is our own code for the same network:

* :func:`neuron1` and :func:`neuron2` already return the *activation* a(z), as the asker's do, and
  the output applies ``a`` once more, so the network computes
  ``yhat = a(a(w2 a(a(w11 x1 + w12 x2 + b1)) + b2))``;
* :func:`sample_terms` holds the asker's per-sample derivative formulas, which take sigmoid slopes
  of the wrong quantities (``a(z1)`` where ``z1`` is already an activation).

Data: ``scratchnn.datasets.and_gate()`` (the AND table of the answer); the five parameters travel
in a dict of 0-d arrays ``{"w11", "w12", "w2", "b1", "b2"}`` so the checker can perturb them.
What float64 finite differences say:

- at the zero start: the gradients of ``w2`` and ``b2`` are wrong (``b2`` exactly 4x: the missing
  factor is the sigmoid slope a'(0) = 1/4), those of ``w11``, ``w12``, ``b1`` are right trivially
  (everything is multiplied by ``w2 = 0``);
- at a random point all five are wrong.

``fixed_*`` is the answer's network (neurons return z; ``a`` applied once per layer), the control
that must come out all ``ok``.
"""
import math

import numpy as np

from scratchnn.datasets import and_gate

_data = and_gate()
x_data = _data.X.astype(np.float64)     # (4, 2)
labels = _data.y.astype(np.float64)     # (4,)
NAMES = ("w11", "w12", "w2", "b1", "b2")


def a(z):
    """The sigmoid, as the asker writes it."""
    return 1 / (1 + math.e ** -z)


def neuron1(x1, x2, w11, w12, b1):
    """The hidden neuron: already the activation a(w11 x1 + w12 x2 + b1)."""
    return a(w11 * x1 + w12 * x2 + b1)


def neuron2(h, w2, b2):
    """The output neuron: already the activation a(w2 h + b2) (the caller applies a() again)."""
    return a(w2 * h + b2)


def sample_terms(x1, x2, label, w11, w12, w2, b1, b2):
    """One sample through the asker's network and formulas: (error e, {name: derivative term}).

    ``z1`` is the hidden neuron's *output*; the formulas take a(z1) and a(z1)(1 - a(z1)) of it.
    """
    z1 = neuron1(x1, x2, w11=w11, w12=w12, b1=b1)
    yhat = a(neuron2(z1, w2=w2, b2=b2))
    e = label - yhat
    slope_out = yhat * (1 - yhat)
    terms = {"w2": -2 * e * a(z1) * slope_out, "b2": -2 * e * slope_out,
             "w11": -2 * e * x1 * w2 * slope_out * (a(z1) * (1 - a(z1))),
             "w12": -2 * e * x2 * w2 * slope_out * a(z1) * (1 - a(z1)),
             "b1": -2 * e * w2 * slope_out * (a(z1) * (1 - a(z1)))}
    return e, terms


def mean_terms(rows, targets, params):
    """(mean squared error, {name: mean derivative term}) over the samples, as the asker averages them."""
    errors, sums = [], {}
    for (x1, x2), label in zip(rows, targets):
        e, terms = sample_terms(x1, x2, label, *(params[n] for n in NAMES))
        errors.append(e ** 2)
        for name, term in terms.items():
            sums.setdefault(name, []).append(term)
    return sum(errors) / len(errors), {name: sum(v) / len(v) for name, v in sums.items()}


def seed_forward(params, i):
    """Sample ``i`` through the asker's network: (hidden output z1, yhat, e)."""
    z1 = neuron1(x_data[i][0], x_data[i][1], w11=params["w11"], w12=params["w12"], b1=params["b1"])
    yhat = a(neuron2(z1, w2=params["w2"], b2=params["b2"]))
    return z1, yhat, labels[i] - yhat


def loss_fn(params):
    """The asker's printed loss (mean squared error) at ``params``."""
    return float(mean_terms(x_data, labels, params)[0])


def seed_gradients(params):
    """The asker's per-sample formulas, averaged over the samples."""
    means = mean_terms(x_data, labels, params)[1]
    return {"d" + name: np.array(means[name]) for name in ("w11", "w12", "w2", "b1", "b2")}


# The answer's corrected network: neurons return the weighted sum z; a is applied once per layer.
def fixed_forward(params, i):
    """Sample ``i`` through the answer's network: (x1, x2, a1, yhat, e)."""
    x1, x2 = x_data[i][0], x_data[i][1]
    a1 = a(params["w11"] * x1 + params["w12"] * x2 + params["b1"])
    yhat = a(params["w2"] * a1 + params["b2"])
    return x1, x2, a1, yhat, labels[i] - yhat


def fixed_loss_fn(params):
    """The answer's network's mean squared error at ``params``."""
    return float(sum(fixed_forward(params, i)[4] ** 2 for i in range(len(x_data))) / len(x_data))


def fixed_gradients(params):
    """The answer's backward pass, averaged over the samples."""
    w2 = params["w2"]
    sums = {"dw11": 0.0, "dw12": 0.0, "dw2": 0.0, "db1": 0.0, "db2": 0.0}
    for i in range(len(x_data)):
        x1, x2, a1, yhat, e = fixed_forward(params, i)
        delta_out = -2 * e * yhat * (1 - yhat)            # d loss / d z2
        delta_hidden = delta_out * w2 * a1 * (1 - a1)     # d loss / d z1
        sums["dw2"] += delta_out * a1
        sums["db2"] += delta_out
        sums["dw11"] += delta_hidden * x1
        sums["dw12"] += delta_hidden * x2
        sums["db1"] += delta_hidden
    return {key: np.array(value / len(x_data)) for key, value in sums.items()}


def zero_start():
    """The asker's defaults: every weight and bias 0."""
    return {key: np.array(0.0) for key in NAMES}


def random_point(seed=0):
    """Every weight and bias drawn from N(0, 1)."""
    rng = np.random.default_rng(seed)
    return {key: np.array(rng.standard_normal()) for key in NAMES}


def at_zero_start():
    return loss_fn, zero_start(), seed_gradients(zero_start())


def at_random_point():
    return loss_fn, random_point(), seed_gradients(random_point())


def fixed_at_zero_start():
    return fixed_loss_fn, zero_start(), fixed_gradients(zero_start())


def fixed_at_random_point():
    return fixed_loss_fn, random_point(), fixed_gradients(random_point())


CHECKS = (at_zero_start, at_random_point, fixed_at_zero_start, fixed_at_random_point)

if __name__ == "__main__":    # python -m scratchnn.seeds.seed003_gradients prints every report
    from scratchnn.gradchecker.check import print_checks
    print_checks(CHECKS)
