"""Seed 000 (and its duplicate 001): "predict the next number", the network and its gradients.

The question (https://datascience.stackexchange.com/questions/120115, "Bugs in the backpropagation
algorithm in Python") trains a 3-4-1 network on ten windows of three numbers: ReLU on both layers,
weights ``w1`` (4, 3) and ``w2`` (4,) drawn uniform in [0, 1), no biases, units-by-samples layout
(``s1 = w1 @ X.T`` is (4, 10)), loss ``Ei = sum((y2 - y)^2) / (2 m)`` and learning rate 0.005.
This module is our own code for the same network, with the asker's two gradient formulas as
:func:`backward`:

    delta_w2 = (y2 - y) @ y1.T              delta_w1 = outer(w2, y2 - y) @ X

Both *sum* over the m = 10 samples where ``Ei`` averages them, and neither multiplies by a ReLU
derivative. What float64 finite differences say about them (tests/gradcheck/test_seeds.py):

- at the start (uniform(0, 1) weights, positive inputs: every unit active) ``delta_w1`` and
  ``delta_w2`` are both exactly 10x the true gradient of ``Ei``: the missing 1/m;
- after 300 of the seed's own update steps (start ``seed=26``) hidden units 1 and 2 have died and
  unit 0 is inactive on some samples: ``delta_w2`` is still exactly 10x, ``delta_w1`` is 10x in row 3
  and wrong in rows 0-2, which should be zero for the dead units (the missing ReLU derivative).

``fixed_gradients`` is the correct backward pass (the control that must come out all ``ok``).
Each ``at_*`` function returns ``(loss_fn, params, grads)``, the shape the command
``scratchnn gradcheck examples/seeds/seed000_gradients.py:at_start`` expects.
"""
import numpy as np

from scratchnn.datasets import next_number

_data = next_number()
x = _data.X          # (10, 3): three previous numbers per row
y = _data.y          # (10,): the next number
v = 0.005            # the seed's learning rate


def relu(z):
    return np.maximum(0, z)


def forward(w1, w2, inputs=x):
    """The seed's network on ``inputs`` (m, 3), and its loss on the training targets.

    Returns (s1, y1, s2, y2, Ei): hidden pre-activations and outputs (4, m), output pre-activation
    and output (m,), and Ei = sum((y2 - y)^2) / (2m) (None unless ``inputs`` are the training windows).
    """
    s1 = np.dot(w1, inputs.T)
    y1 = relu(s1)
    s2 = np.dot(w2, y1)
    y2 = relu(s2)
    Ei = np.sum((y2 - y) ** 2) / (2 * len(y2)) if inputs is x else None
    return s1, y1, s2, y2, Ei


def backward(w2, y1, y2):
    """The seed's gradient formulas: (delta_w1 (4, 3), delta_w2 (4,)), summed, no ReLU derivative."""
    error = y2 - y
    delta_w2 = np.dot(error, y1.T)
    delta_w1 = np.dot(w2[:, None] @ error[None, :], x)     # outer(w2, error) @ X
    return delta_w1, delta_w2


def seed_gradients(params):
    """The seed's gradients at ``{"w1", "w2"}``, named as in the seed."""
    _, y1, _, y2, _ = forward(params["w1"], params["w2"])
    delta_w1, delta_w2 = backward(params["w2"], y1, y2)
    return {"delta_w1": delta_w1, "delta_w2": delta_w2}


def fixed_gradients(params):
    """The correct gradients of ``Ei = sum((y2 - y)^2) / (2m)``: average, and ReLU' on both layers."""
    w1, w2 = params["w1"], params["w2"]
    s1, y1, s2, y2, Ei = forward(w1, w2)
    m = len(y2)
    ds2 = (y2 - y) / m * (s2 > 0)                 # output ReLU passes gradient only where it was active
    ds1 = np.outer(w2, ds2) * (s1 > 0)            # (4, 10): hidden ReLU likewise
    return {"delta_w1": ds1 @ x, "delta_w2": y1 @ ds2}


def loss_fn(params):
    """``Ei`` as a function of ``{"w1": (4, 3), "w2": (4,)}``."""
    return float(forward(params["w1"], params["w2"])[4])


def start(seed=0):
    """The seed's random start: ``w1`` (4, 3) and ``w2`` (4,) uniform in [0, 1)."""
    rng = np.random.default_rng(seed)
    return {"w1": rng.uniform(0, 1, (4, 3)), "w2": rng.uniform(0, 1, (4,))}


def seed_step(params):
    """One of the seed's update steps (with its own, wrong, gradients)."""
    grads = seed_gradients(params)
    return {"w1": params["w1"] - v * grads["delta_w1"], "w2": params["w2"] - v * grads["delta_w2"]}


def trained(steps=300, seed=26):
    """The parameters after ``steps`` of the seed's updates from ``start(seed)``."""
    params = start(seed)
    for _ in range(steps):
        params = seed_step(params)
    return params


def _check(params, gradients):
    return loss_fn, params, gradients(params)


def at_start():
    return _check(start(), seed_gradients)


def at_trained():
    return _check(trained(), seed_gradients)


def fixed_at_start():
    return _check(start(), fixed_gradients)


def fixed_at_trained():
    return _check(trained(), fixed_gradients)


CHECKS = (at_start, at_trained, fixed_at_start, fixed_at_trained)

if __name__ == "__main__":    # python -m scratchnn.seeds.seed000_gradients prints every report
    from scratchnn.gradchecker.check import print_checks
    print_checks(CHECKS)
