"""Seed 003: the two-neuron network ("Why machines learn", p. 330) — its gradient code, transcribed.

The seed's own lines with indentation restored. Supplied minimally: the data are
``scratchnn.datasets.and_gate()`` (the AND table of the answer), the five parameters travel in a
dict of 0-d arrays ``{"w11", "w12", "w2", "b1", "b2"}`` so the checker can perturb them, and the
body of ``training`` is cut at the averaged gradients (``w11_sum`` ...), before the update.

``neuron1`` and ``neuron2`` already return the *activation* ``a(z)``, and ``training`` applies
``a`` once more: the network computes ``yhat = a(a(w2 a(a(w11 x1 + w12 x2 + b1)) + b2))``. Its
formulas take sigmoid derivatives of the wrong quantities. What float64 finite differences say:

- at its own zero start: the gradients of ``w2`` and ``b2`` are wrong (``b2`` exactly 4x: the
  missing factor is the sigmoid slope a'(0) = 1/4), those of ``w11``, ``w12``, ``b1`` are right
  trivially (everything is multiplied by ``w2 = 0``);
- at a random point all five are wrong.

``fixed_*`` is the answer's corrected code (neurons return ``z``; ``a`` applied once per layer),
the control that must come out all ``ok``.
"""
import math

import numpy as np

from scratchnn.datasets import and_gate

_data = and_gate()
x_data = _data.X.astype(np.float64)     # (4, 2)
labels = _data.y.astype(np.float64)     # (4,)


def neuron1(x1: input, x2: input, w11, w12, b1):
    z = w11*x1+w12*x2+b1
    y = a(z)
    return y


def neuron2(y, w2, b2):
    z = w2*y+b2
    y = a(z)
    return y


def a(z):
    return 1/(1+math.e**-z)


def _unpack(params):
    return (params["w11"], params["w12"], params["w2"], params["b1"], params["b2"])


def seed_forward(params, i):
    """The seed's forward lines for sample ``i``: returns (z1, yhat, e)."""
    w11, w12, w2, b1, b2 = _unpack(params)
    z1 = neuron1(x_data[i][0], x_data[i][1], w11=w11, w12=w12, b1=b1)
    z2 = neuron2(z1, w2=w2, b2=b2)
    yhat = a(z2)  # calculate the output of the neural net

    e = labels[i] - yhat  # calculate error (Labels[i]=true_value)
    return z1, yhat, e


def loss_fn(params):
    """``L_mean``, the seed's printed loss, at ``params``."""
    L_list = [seed_forward(params, i)[2]**2 for i in range(len(x_data))]
    L_mean = sum(L_list)/len(L_list)  # calculating the loss
    return float(L_mean)


def seed_gradients(params):
    """The seed's per-sample formulas, averaged as in ``training`` (``w11_sum`` ...)."""
    w2 = params["w2"]
    w11_list = []
    w12_list = []
    b1_list = []
    w2_list = []
    b2_list = []

    for i in range(len(x_data)):
        z1, yhat, e = seed_forward(params, i)

        w_n2 = -2*e*a(z1)*(yhat*(1-yhat))  # formular to update weight
        w2_list.append(w_n2)  # added to list to take the mean
        b_n2 = -2*e*(yhat*(1-yhat))  # formular to update bias
        b2_list.append(b_n2)  # added to list to take the mean

        w1_n1 = -2*e*x_data[i][0]*w2*(yhat*(1-yhat))*(a(z1)*(1-a(z1)))  # ... (same as above just other weights and biases so the formular changes)
        w11_list.append(w1_n1)  # ...
        w2_n1 = -2*e*x_data[i][1]*w2*(yhat*(1-yhat))*a(z1)*(1-a(z1))  # ...
        w12_list.append(w2_n1)  # ...
        b_n1 = -2*e*w2*(yhat*(1-yhat))*(a(z1)*(1-a(z1)))  # ...
        b1_list.append(b_n1)  # ...

    w11_sum = sum(w11_list)/len(w11_list)  # average w11 value
    w12_sum = sum(w12_list)/len(w12_list)  # ... (basically the same as above but different weight)
    b1_sum = sum(b1_list)/len(b1_list)  # ...
    w2_sum = sum(w2_list)/len(w2_list)  # ...
    b2_sum = sum(b2_list)/len(b2_list)  # ...
    return {"dw11": np.array(w11_sum), "dw12": np.array(w12_sum), "dw2": np.array(w2_sum),
            "db1": np.array(b1_sum), "db2": np.array(b2_sum)}


# The answer's corrected code: neurons return the weighted sum z; a is applied once per layer.
def fixed_forward(params, i):
    """Sample ``i`` through the answer's network: (x1, x2, a1, yhat, e)."""
    w11, w12, w2, b1, b2 = _unpack(params)
    x1, x2 = x_data[i][0], x_data[i][1]
    a1 = a(w11 * x1 + w12 * x2 + b1)
    yhat = a(w2 * a1 + b2)
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
        sums["dw2"] += -2 * e * yhat * (1 - yhat) * a1
        sums["db2"] += -2 * e * yhat * (1 - yhat)
        sums["dw11"] += -2 * e * yhat * (1 - yhat) * w2 * a1 * (1 - a1) * x1
        sums["dw12"] += -2 * e * yhat * (1 - yhat) * w2 * a1 * (1 - a1) * x2
        sums["db1"] += -2 * e * yhat * (1 - yhat) * w2 * a1 * (1 - a1)
    return {key: np.array(value / len(x_data)) for key, value in sums.items()}


def zero_start():
    """The seed's defaults: every weight and bias 0."""
    return {key: np.array(0.0) for key in ("w11", "w12", "w2", "b1", "b2")}


def random_point(seed=0):
    """Every weight and bias drawn from N(0, 1)."""
    rng = np.random.default_rng(seed)
    return {key: np.array(rng.standard_normal()) for key in ("w11", "w12", "w2", "b1", "b2")}


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
