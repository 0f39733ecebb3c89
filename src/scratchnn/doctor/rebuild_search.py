"""The search for a rebuilt forward pass that reproduces an observation.

For one reading of the parameters (a :class:`~.rebuild_network.Network`) and one set of parameter
values, :func:`readings` follows every combination of activations layer by layer (pruned by any
observed activations), keeps the outputs that equal the observed predictions, and scores them with
every loss form (:mod:`.rebuild_losses`) against the observed loss.
"""
from dataclasses import dataclass

import numpy as np

from .rebuild_losses import matching_forms, matching_penalties
from .rebuild_network import DEFAULT_SLOPE, KINDS, OUTPUT_KINDS, activate, activation_kind, as_rows

MAX_PATHS = 64         # hidden-activation combinations followed at once


@dataclass
class Rebuild:
    description: str
    at: str
    params: dict
    n: int
    loss_fn: object
    gap: float      # how far from the observation: largest relative difference of predictions and loss
    net: object = None      # the Network, its activation kinds and the inputs (n, d): the hidden layers' outputs
    kinds: tuple = ()
    x: object = None
    form: object = None     # the LossForm, its L2 Penalty (or None) and the targets (n, k) it is scored against
    penalty: object = None
    y: object = None

    def sample_losses(self, params):
        """Each sample's own loss term (n,) at ``params`` (the loss before it is added up and divided; no penalty)."""
        z, p = self.net.forward(params, self.x, self.kinds)
        return self.form.exact_terms(p, z, self.kinds[-1][0], self.y).sum(axis=1)


def hints(point, order=KINDS):
    """[(kind, leaky slope)] to try, in ``order`` after those named in activation_kinds or read from
    activation / pre-activation pairs (a == relu(z); a / z on z < 0 gives a leaky slope)."""
    first, slopes = [], []
    for name, kind in (point.activation_kinds or {}).items():
        kind = activation_kind(kind)
        if kind is not None:
            first.append(kind)
    for name, z in (point.preactivations or {}).items():
        a = (point.activations or {}).get(name)
        if a is None or np.shape(a) != np.shape(z):
            continue
        z, a = np.asarray(z, dtype=np.float64), np.asarray(a, dtype=np.float64)
        neg = z < -1e-12
        if neg.any():
            ratio = float(np.median(a[neg] / z[neg]))
            if 0 < ratio < 1:
                slopes.append(round(ratio, 6))
        for kind in KINDS:
            slope = slopes[-1] if kind == "leaky_relu" and slopes else DEFAULT_SLOPE
            if np.allclose(activate((kind, slope), z if z.ndim == 2 else z.reshape(len(z), -1)).reshape(a.shape),
                           a, rtol=1e-6, atol=1e-9):
                first.append(kind)
                break
    order = list(dict.fromkeys([*first, *order]))
    slopes = list(dict.fromkeys([*slopes, DEFAULT_SLOPE]))
    return [(k, s) for k in order for s in (slopes if k == "leaky_relu" else [None])]


def layer_kinds(point, n_layers, pinned=True):
    """Per layer, the [(kind, leaky slope)] to try.

    With ``pinned``, when ``activation_kinds`` declares one kind per layer (in order), those are the
    only ones tried: the user said what the forward pass is, and a dead network that many kinds
    would reproduce stays determined. (Fewer declarations could name the hidden layers or the output:
    they only go first.) Otherwise every kind, the hinted ones first.
    """
    hidden, output = hints(point), hints(point, OUTPUT_KINDS)
    per_layer = [hidden] * (n_layers - 1) + [output]
    declared = [activation_kind(k) for k in (point.activation_kinds or {}).values()]
    if pinned and None not in declared and len(declared) == n_layers:
        slopes = [s for kind, s in hidden if kind == "leaky_relu"]
        for i, kind in enumerate(declared):
            per_layer[i] = [(kind, s) for s in (slopes if kind == "leaky_relu" else [None])]
    return per_layer


def _observed_activations(point, n, width):
    """The observed activations of ``width`` units, as (n, width) arrays."""
    found = []
    for a in (point.activations or {}).values():
        rows = as_rows(a, n, width)
        if rows is not None:
            found.append(rows)
    return found


def relative_gap(a, b):
    """Largest difference between ``a`` and ``b`` relative to the largest entry of ``b``."""
    if a.shape != b.shape:
        return np.inf
    scale = max(float(np.max(np.abs(b))) if b.size else 0.0, 1e-300)
    largest = float(np.max(np.abs(a - b))) / scale if b.size else 0.0
    return largest if np.isfinite(largest) else np.inf


def _close(a, b, rtol):
    return relative_gap(a, b) <= rtol


def readings(point, net, dims, rows, x, values, at, kinds, rtol, near):
    """[:class:`Rebuild`] of ``net`` at parameter ``values`` (where: ``at``) on inputs ``x`` (n, d) that
    reproduce the observed predictions and loss to ``rtol``; what came close is told to ``near``."""
    n, k = x.shape[0], dims[-1][1]
    y = as_rows(point.targets, n, k, labels=True)
    if y is None:
        near.shape(f"the targets have shape {np.shape(point.targets)}, not {n} samples of {k} outputs")
        return []
    observed = as_rows(point.predictions, n, k)
    if point.predictions is not None and observed is None:
        near.shape(f"the predictions have shape {np.shape(point.predictions)}, not {n} samples of {k} outputs")
        return []
    found = []
    for path, a in _hidden_paths(point, net, dims, values, x, kinds, rtol):
        z = net.affine(len(dims) - 1, values, a)
        for out in kinds[-1]:
            if out[0] == "log_softmax" and k == 1:
                continue    # 0 for every sample whatever the weights: it would explain any output of zeros
            p = activate(out, z)
            chain = (*path, out)
            gap = 0.0 if observed is None else relative_gap(p, observed)
            if gap > rtol:
                near.predictions(net.describe(chain, rows, values), at, p, observed)
                continue
            found += _scored(point, net, chain, rows, values, at, x, y, p, gap, rtol, near)
    return found


def _scored(point, net, chain, rows, values, at, x, y, p, gap, rtol, near):
    """A :class:`Rebuild` per loss form (plus L2 penalty, failing that) that gives the observed loss."""
    n, k = p.shape
    forms = [(form, None) for form in matching_forms(p, y, point.loss, rtol, point.loss_name)]
    if not forms:
        weights = list(dict.fromkeys(layer.weight for layer in net.layers))   # a tied weight counts once
        forms = matching_penalties(p, y, point.loss, values, weights, n, rtol)
    if not forms:
        near.loss(net.describe(chain, rows, values), at, p, y, point.loss)
        near.unmatched.append((net, chain, rows, values, at, x, y))
    # A guard against log(0) changes the value, not the gradient: one check per formula.
    forms = list({(f.family, f.half, f.divisor): (f, pen) for f, pen in reversed(forms)}.values())[::-1]
    found = []
    for form, penalty in forms:
        value = form.value(p, y) + (penalty.value(values, n) if penalty else 0.0)
        description = f"{net.describe(chain, rows, values)}; loss: {form.describe(k)}"
        description += penalty.describe() if penalty else ""
        loss_gap = abs(value - point.loss) / max(abs(point.loss), 1e-300)
        found.append(Rebuild(description, at, values, n, loss_of(net, chain, form, penalty, x, y),
                             max(gap, loss_gap), net, chain, x, form, penalty, y))
    return found


def _hidden_paths(point, net, dims, values, x, kinds, rtol):
    """[(activation kinds of the hidden layers, last hidden activation)], pruned by observed activations.

    ``kinds[i]`` lists the kinds layer ``i`` may have."""
    paths = [((), x)]
    for i in range(len(dims) - 1):
        observed = _observed_activations(point, x.shape[0], dims[i][1])
        grown = []
        for path, a in paths:
            z = net.affine(i, values, a)
            options = [(kind, activate(kind, z)) for kind in kinds[i]]
            matching = [(kind, h) for kind, h in options if any(_close(h, o, rtol) for o in observed)]
            grown += [((*path, kind), h) for kind, h in (matching or options)]
        # Deep nets without observed activations: one kind for every hidden layer is the likeliest.
        rank = {kind: r for r, kind in enumerate(KINDS)}
        grown.sort(key=lambda g: (len(set(g[0])), sum(rank.get(name, 0) for name, _ in g[0])))
        paths = grown[:MAX_PATHS]
    return paths


def loss_of(net, kinds, form, penalty, x, y):
    """``params -> loss`` of the rebuilt network (exact derivative, see rebuild_losses)."""
    def loss_fn(params):
        z, p = net.forward(params, x, kinds)
        value = form.exact(p, z, kinds[-1][0], y)
        return value + penalty.value(params, len(x)) if penalty else value
    return loss_fn
