"""Dead and saturated hidden units seen through a rebuilt forward pass, for loops that never pass their activations.

A rebuild that reproduces the observed predictions and loss (:mod:`scratchnn.doctor.rebuild`) also gives
the layers' pre-activations z and outputs a at the check point (the output layer's are the observed
predictions). Only what every reading of the observation agrees on is said:

* **dead ReLU units**: a reading as close to the observation as the closest makes the layer a ReLU
  (``max(z, 0)``), every reading that reproduced the observation gives those units exactly 0 on every
  observed sample (another reading may make it a sigmoid below 1e-12: stuck either way), and the user's own
  gradient into them (their weights and bias) is exactly 0 too: the loop's backward pass agrees that they
  pass no gradient, so no update can bring them back (a whole layer at z < 0 on every sample passes no
  gradient of the loss back whatever the loop's gradient is); a unit whose z is exactly 0 on every sample
  (all-zero inputs or weights) is not one;
* **saturated layers**: every reading makes the hidden layer the same squashing activation (sigmoid or
  tanh); the share of its outputs in the flat tails is the smallest any reading gives.
"""
from dataclasses import dataclass, replace

import numpy as np

from .rebuild_network import activate, as_rows, input_views
from .rebuild_search import Rebuild, relative_gap
from .summaries import saturated_fraction

# Readings whose gap to the observation is within this of the closest one's are as close as it.
SAME_GAP = 1e-12
# A sigmoid below this on every sample (z < -27.6) is stuck at 0 as a dead ReLU is.
STUCK = 1e-12
# A reading reproduces the first observation's predictions to this (float32 loops: see rebuild.RTOL_FLOAT32).
FIRST_RTOL = 1e-4


@dataclass(frozen=True)
class DeadLayer:
    """``units`` of ``n_units`` of the layer fed by ``weight`` (layer ``index``, 0-based) are dead on all
    ``samples`` observed samples; ``output``: it is the output layer (a ReLU output that predicts 0 for every
    sample); ``z_max``: the largest pre-activation of those units; ``also``: other activations that readings
    of the observation give the layer (a sigmoid below 1e-12, or a linear layer at exactly 0)."""

    index: int
    weight: str
    units: int
    n_units: int
    output: bool = False
    samples: int = 0
    z_max: float = float("nan")
    also: tuple = ()
    # The loop's own gradient into the units is exactly 0 (else: a whole layer at z < 0 on every sample).
    no_gradient: bool = True
    # What the readings reproduced: "predictions and loss", or "predictions" when no usual loss gives the logged one.
    reproduces: str = "predictions and loss"


@dataclass(frozen=True)
class SaturatedLayer:
    """The hidden layer fed by ``weight`` (layer ``index``) is a ``kind`` (sigmoid or tanh) of ``n_units`` units
    under every reading; ``fraction`` of its outputs on the ``samples`` observed samples sit in the flat tails
    (see :func:`scratchnn.doctor.summaries.saturated_fraction`), with mean output ``level``."""

    index: int
    weight: str
    kind: str
    n_units: int
    fraction: float
    level: float
    samples: int


def _usable(found):
    """A tied weight's gradient mixes two layers' units: no unit's incoming weights alone."""
    return bool(found) and all(r.net is not None and not any(layer.tied for layer in r.net.layers) for r in found)


def layer_states(found, point):
    """(:func:`dead_layers`, :func:`saturated_layers`) of the readings in ``found`` that also reproduce the first
    observation ``point.first`` (see :func:`agreeing_with_first`); ([], []) for arrays no loop produces."""
    found = agreeing_with_first(found, point.first)
    try:
        return dead_layers(found, point.grads), saturated_layers(found)
    except (ValueError, IndexError, KeyError):
        return [], []


def dead_layers_of_predictions(unmatched, point):
    """:func:`dead_layers` of the readings that reproduce the observed predictions while no usual loss gives the
    logged loss (a term the doctor cannot see: an L2 penalty ...); each is ``(net, kinds, rows, params, at, x, y)``
    (see rebuild_search) and all are equally close."""
    found = [Rebuild("", at, params, len(x), None, 0.0, net, kinds, x) for net, kinds, _, params, at, x, _ in unmatched]
    dead, _ = layer_states(found, point)
    return [replace(layer, reproduces="predictions") for layer in dead]


def agreeing_with_first(found, first):
    """The readings in ``found`` whose activations also reproduce the predictions of the first observation ``first``
    (a dict of its ``params``, ``grads``, ``inputs``, ``predictions`` and ``lr``), at its parameters or one plain
    step before them: a network's activations do not change during training, and a network that has since died
    (all zeros) fits readings its first observation rules out. All of ``found`` when none does, or when there is no
    first observation to read."""
    if not first or first.get("inputs") is None or first.get("predictions") is None:
        return found
    kept = [r for r in found if r.net is not None and _reproduces(r, first)]
    return kept or found


def _reproduces(rebuild, first):
    """Does ``rebuild``'s network, with its activations, give ``first``'s predictions from its inputs?"""
    points = [first["params"]]
    if first.get("lr") and first.get("grads"):
        points.append({k: p + first["lr"] * first["grads"][k] if k in first["grads"] else p
                       for k, p in first["params"].items()})
    try:
        dims = rebuild.net.dims(points[0])
        for _, x in input_views(first["inputs"], dims[0][0]):
            observed = as_rows(first["predictions"], len(x), dims[-1][1])
            if observed is None:
                continue
            for values in points:
                values = {k: np.asarray(v, dtype=np.float64) for k, v in values.items()}
                if relative_gap(rebuild.net.forward(values, x, rebuild.kinds)[1], observed) <= FIRST_RTOL:
                    return True
    except (ValueError, IndexError, KeyError, TypeError):   # parameters that changed shape since: no verdict
        return False
    return False


def dead_layers(found, grads):
    """[:class:`DeadLayer`] agreed on by every rebuild in ``found`` (each has ``net``, ``kinds``, ``params``,
    ``x`` and ``gap``; the closest first), with the observed ``grads`` (keyed by parameter name) exactly zero
    into each dead unit; or a whole layer whose pre-activations are below 0 on every sample (no gradient of the
    loss comes back through it, whatever the loop's gradient says). Units whose z is exactly 0 on every sample
    are left out (their inputs or weights are all zero)."""
    if not _usable(found):
        return []
    states = [_forward(r) for r in found]
    close = [r for r in found if r.gap <= found[0].gap + SAME_GAP]
    out = []
    for i in range(len(found[0].kinds)):
        relu = next((k for k, r in enumerate(close) if r.kinds[i][0] == "relu"), None)
        if relu is None:
            continue
        dead = set.intersection(*(_stuck_at_zero(s[i][1], r.kinds[i][0]) for r, s in zip(found, states)))
        rebuild, z = close[relu], states[relu][i][0]   # found is sorted by gap: close is its start
        # A unit whose z is exactly 0 on every sample has all-zero inputs or weights: an earlier dead layer's or
        # symmetric-units' story, not a dead unit of its own.
        dead = {j for j in dead if np.any(z[:, j] != 0)}
        silent = sorted(j for j in dead if _no_gradient(rebuild.net, i, j, grads))
        whole = len(dead) == z.shape[1] and bool(np.all(z < 0))
        dead = sorted(dead) if whole and len(silent) < len(dead) else silent
        if dead:
            also = tuple(sorted({r.kinds[i][0] for r in found} - {"relu"}))
            out.append(DeadLayer(i, rebuild.net.layers[i].weight, len(dead), z.shape[1],
                                 output=i == len(rebuild.kinds) - 1, samples=len(z),
                                 z_max=float(np.max(z[:, dead])), also=also, no_gradient=dead == silent))
    return out


def _stuck_at_zero(a, kind):
    """Units of ``a`` (n, units) that are exactly 0 on every sample, or, for a sigmoid, below STUCK (its slope
    a(1 - a) is then below STUCK too: it passes back no gradient either)."""
    return set(np.flatnonzero(np.all(a < STUCK if kind == "sigmoid" else a == 0, axis=0)).tolist())


def saturated_layers(found):
    """[:class:`SaturatedLayer`] for each hidden layer that every rebuild in ``found`` makes the same sigmoid or
    tanh (the output layer is judged from the observed predictions, see saturated-activation)."""
    if not found or any(r.net is None for r in found):
        return []
    try:
        states = [_forward(r) for r in found]
    except (ValueError, IndexError):   # arrays no loop produces: nothing said about the layers
        return []
    out = []
    for i in range(len(found[0].kinds) - 1):
        kinds = {r.kinds[i][0] for r in found}
        if len(kinds) != 1 or not kinds <= {"sigmoid", "tanh"}:
            continue
        kind = kinds.pop()
        fractions = [saturated_fraction(s[i][1], kind) for s in states]
        k = int(np.argmin(fractions))
        a = states[k][i][1]
        out.append(SaturatedLayer(i, found[k].net.layers[i].weight, kind, a.shape[1], fractions[k],
                                  float(np.mean(a)), len(a)))
    return out


def _forward(rebuild):
    """[(z, a)] per layer under ``rebuild``'s activations, (n, units) each (the output layer included: its
    outputs are the observed predictions the rebuild reproduced)."""
    out, a = [], rebuild.x
    for i, kind in enumerate(rebuild.kinds):
        z = rebuild.net.affine(i, rebuild.params, a)
        a = activate(kind, z)
        out.append((z, a))
    return out


def _no_gradient(net, i, j, grads):
    """True when the observed gradient of unit ``j``'s incoming weights (and bias) in layer ``i`` is exactly 0."""
    layer = net.layers[i]
    g = grads.get(layer.weight)
    if g is None:
        return False
    g = np.asarray(g, dtype=np.float64)
    g = g.reshape(-1, 1) if g.ndim == 1 else g   # a 1-D weight is one unit's: (d, 1) (see Network.dims)
    column = g[:, j] if net.orient == "in_out" else g[j, :]
    if np.any(column != 0):
        return False
    if layer.bias is None or layer.bias not in grads:
        return True
    b = np.asarray(grads[layer.bias], dtype=np.float64)
    width = g.shape[1] if net.orient == "in_out" else g.shape[0]
    if b.size == width:
        return bool(b.ravel()[j] == 0)
    per_unit = b[:, j] if b.ndim == 2 and b.shape[1] == width else b[j] if b.ndim == 2 and b.shape[0] == width else None
    return per_unit is not None and bool(np.all(per_unit == 0))
