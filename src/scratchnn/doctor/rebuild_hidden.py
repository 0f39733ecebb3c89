"""Dead ReLU units seen through a rebuilt forward pass, for loops that never pass their activations.

A rebuild that reproduces the observed predictions and loss (:mod:`scratchnn.doctor.rebuild`) also gives
the layers' outputs at the check point (the output layer's are the observed predictions). A unit counts as dead there only when the closest reading of
the observation makes its layer a ReLU (``max(z, 0)``), every reading that reproduced the observation gives
that unit exactly 0 on every observed sample (another reading may make it a sigmoid rounded to 0: stuck
either way), and the user's own gradient into that unit (its weights and bias) is exactly 0 too: the loop's
backward pass agrees that the unit passes no gradient, so no update can bring it back.
"""
from dataclasses import dataclass

import numpy as np

from .rebuild_network import activate


@dataclass(frozen=True)
class DeadLayer:
    """``units`` of ``n_units`` of the layer fed by ``weight`` (layer ``index``, 0-based) are dead; ``output``:
    it is the output layer (a ReLU output that predicts 0 for every sample)."""

    index: int
    weight: str
    units: int
    n_units: int
    output: bool = False


def dead_layers(found, grads):
    """[:class:`DeadLayer`] agreed on by every rebuild in ``found`` (each has ``net``, ``kinds``, ``params``
    and ``x``), with the observed ``grads`` (keyed by parameter name) exactly zero into each dead unit."""
    if not found or any(r.net is None or any(layer.tied for layer in r.net.layers) for r in found):
        return []   # a tied weight's gradient mixes two layers' units: no unit's incoming weights alone
    verdicts = [_dead_units(r) for r in found]
    out = []
    first = found[0]
    for i, dead in verdicts[0].items():
        if first.kinds[i][0] != "relu":
            continue
        for other in verdicts[1:]:
            dead = dead & other.get(i, set())
        layer = first.net.layers[i]
        dead = {j for j in dead if _no_gradient(first.net, i, j, grads)}
        if dead:
            width = first.net.dims(first.params)[i][1]
            out.append(DeadLayer(i, layer.weight, len(dead), width, output=i == len(first.kinds) - 1))
    return out


def _dead_units(rebuild):
    """{layer index: units whose output is exactly 0 on every sample} under ``rebuild``'s activations (the
    output layer included: its outputs are the observed predictions the rebuild reproduced)."""
    out, a = {}, rebuild.x
    for i, kind in enumerate(rebuild.kinds):
        a = activate(kind, rebuild.net.affine(i, rebuild.params, a))
        out[i] = set(np.flatnonzero(~np.any(a != 0, axis=0)).tolist())
    return out


def _no_gradient(net, i, j, grads):
    """True when the observed gradient of unit ``j``'s incoming weights (and bias) in layer ``i`` is exactly 0."""
    layer = net.layers[i]
    g = grads.get(layer.weight)
    if g is None:
        return False
    g = np.asarray(g, dtype=np.float64)
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
