"""Name what is wrong with a gradient: each pattern is one small rule with a stable code.

Every rule reads the same evidence: for each probe ``u`` (see ``probes.py``) the user's
directional derivative ``a = <g, u>`` and the numeric one ``d = <n, u>`` (``n`` the true gradient),
plus the arrays themselves. Rules are tried in order; the first that explains *every* probe to
within ``fit_tol`` names the bug:

=============  =====================================================================
code           meaning
=============  =====================================================================
zero           ``g`` is all zeros where ``n`` is not, or the loss does not read the parameter
flat           the loss reads the parameter but is flat here (saturated or clipped outputs), ``g`` is not 0
sign           ``g = -n``
scale          ``g = c n`` (least-squares ``c``, never within 1e-3 of 1); named when ``c`` is m, 1/m, 2 or 1/2
transpose      ``g = n^T`` (square matrices; other shapes are caught by ``structure.py``)
swapped        ``g`` is the true gradient of another parameter
regularization ``g = n + beta x``: an L2 term's gradient missing (beta < 0) or extra (beta > 0)
mask           right (up to one factor) on some rows/columns, wrong on the others
mismatch       none of these; the worst entries are shown
=============  =====================================================================
"""
import itertools
from dataclasses import dataclass, field

import numpy as np

from .mask_words import (explain, group_factors, listing, many, ranges, relu_input_relation, repeated_index_rows,
                         factor_blocks)
from .probes import as_units_shape


@dataclass
class Evidence:
    """Everything the rules may read about one parameter."""

    name: str
    grad_name: str
    shape: tuple
    x: np.ndarray              # flat float64 parameter values
    g: np.ndarray              # flat float64 user gradient
    meas: object               # numeric.Measurement
    plan: object               # probes.ProbePlan
    rtol: float                # tolerance for "right"
    fit_tol: float             # tolerance for "this pattern explains it" (looser: bugs are big)
    batch_sizes: tuple = ()
    others: dict = field(default_factory=dict)   # name -> (shape, flat true gradient) of small tensors
    indices: tuple = ()        # integer arrays the loss reads (an embedding's or a scatter's indices)

    @property
    def keep(self):
        return ~self.meas.excluded

    def fits(self, predicted, analytic=None):
        """Does ``predicted`` (per-probe) explain every kept probe of the user's gradient (or of
        ``analytic``, another reading of it) to within ``fit_tol``?"""
        errors = self.meas.rel_errors(self.fit_tol, predicted, analytic)
        return bool(np.all(errors[self.keep] <= self.fit_tol))


@dataclass
class Diagnosis:
    pattern: str
    message: str
    factor: float | None = None
    evidence: str = ""


def _close(c, k, tol=1e-3):
    return k != 0 and abs(c / k - 1) <= tol


def factor_words(c, batch_sizes):
    """Explain a factor: ``= m: missing division by m`` and friends; '' when it has no common name."""
    for m in batch_sizes:
        if m >= 2 and _close(c, m):
            return (f" = m (the batch size, {m}): missing division by m — the loss averages over the "
                    f"samples, so its gradient must too")
        if m >= 2 and _close(c, 1 / m):
            return f" = 1/m (m = {m}): divided by m where the loss sums, or divided twice"
    if _close(c, 2):
        return " = 2: one factor 2 too many (d/dŷ of ½(ŷ−y)² is (ŷ−y); only (ŷ−y)² gives 2(ŷ−y))"
    if _close(c, 0.5):
        return " = 1/2: a factor 2 missing (d/dŷ of (ŷ−y)² is 2(ŷ−y))"
    if c >= 3 and _close(c, round(c), 1e-4):
        return f": if {round(c)} is your batch size m, a division by m is missing"
    return ""


def rule_zero(ev):
    m = ev.meas
    if not np.any(ev.g) and np.any(np.abs(m.numeric) > m.noise):
        return Diagnosis("zero", f"{ev.grad_name} is all zeros but the true gradient is not "
                                 f"(largest numeric directional derivative {np.max(np.abs(m.numeric)):.3g}): "
                                 f"it was never filled in, or a factor that is 0 here multiplies it")
    if np.any(ev.g) and np.all(np.abs(m.numeric) <= m.noise) and m.reads:
        return Diagnosis("flat", f"the loss is flat at this point along {ev.name}: small steps do not change it, "
                                 f"larger ones do, so it reads {ev.name} but its outputs are saturated or clipped "
                                 f"(np.clip, a sigmoid at exactly 0 or 1, a ReLU dead on every sample). The true "
                                 f"gradient here is 0 and {ev.grad_name} is not: the backward ignores the clip or "
                                 f"saturation. Check at an unsaturated point (smaller initial weights, scaled "
                                 f"inputs), where the two can be compared")
    if np.any(ev.g) and np.all(np.abs(m.numeric) <= m.noise):
        where = f"params['{ev.name}']" if ev.name.isidentifier() else f"params → {ev.name}"
        return Diagnosis("zero", f"the loss does not change when {ev.name} changes (numeric gradient 0) but "
                                 f"{ev.grad_name} is not zero: your loss does not read {where} — was it "
                                 f"copied, or does loss_fn use a global instead of its argument?")
    return None


def least_squares_factor(a, d):
    """c minimising ||a - c d||, 0.0 when d is all zero. Both are divided by their largest entry first: the
    products of gradients near 1e160 (a run checked just before it overflowed) would be inf."""
    size = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(d), initial=0.0)))
    if not np.isfinite(size) or size == 0:
        return 0.0
    a, d = a / size, d / size
    denom = float(np.dot(d, d))
    return float(np.dot(a, d)) / denom if denom > 0 else 0.0


def rule_scale(ev):
    keep = ev.keep
    c = least_squares_factor(ev.meas.analytic[keep], ev.meas.numeric[keep])
    if c == 0 or _close(c, 1) or not ev.fits(c * ev.meas.numeric):
        return None    # a factor within 1e-3 of 1 is no scale bug: something else differs
    n = int(keep.sum())
    evidence = f"least-squares factor {c:.6g} fits " + (f"all {n} probes" if n > 1 else "the one value")
    if _close(c, -1):
        return Diagnosis("sign", f"{ev.grad_name} is the true gradient with its sign flipped: "
                                 f"check the sign of the error term (ŷ − y vs y − ŷ)", -1.0, evidence)
    if ev.x.size == 1:
        # Any two numbers differ by "a factor"; only a simple one (4, 1/2, ...) is worth the name.
        if not (_close(c, round(c), 1e-4) or _close(1 / c, round(1 / c), 1e-4)):
            return None
        return Diagnosis("scale", f"{ev.grad_name} is exactly {c:.3f}x the true value ({ev.g[0]:.6g} vs "
                                  f"{ev.g[0] / c:.6g}); one number cannot show which factor is wrong: recheck "
                                  f"its formula factor by factor", c, evidence)
    words = factor_words(c, ev.batch_sizes)
    exactly = "exactly " if words and not words.startswith(":") else ""
    return Diagnosis("scale", f"{ev.grad_name} is {exactly}{c:.3f}x the true gradient{words}", c, evidence)


def rule_transpose(ev):
    """``g`` is ``n`` with two (or more) axes in another order: a square matrix transposed, or a conv
    weight's filters and channels swapped."""
    shape = tuple(ev.shape)
    if len(shape) < 2 or len(shape) > 5 or ev.x.size < 2:
        return None
    for perm in itertools.permutations(range(len(shape))):
        if perm == tuple(range(len(shape))) or tuple(shape[i] for i in perm) != shape:
            continue
        gt = ev.g.reshape(shape).transpose(perm).ravel()
        if ev.fits(ev.meas.numeric, analytic=np.array([p.apply(gt) for p in ev.meas.probes])):
            if len(shape) == 2:
                return Diagnosis("transpose", f"{ev.grad_name} is the transpose of the true gradient: "
                                              f"swap the operands' order or transpose (e.g. X.T @ dZ, not dZ.T @ X)")
            moved = [axis for axis, p in enumerate(perm) if axis != p]
            return Diagnosis("transpose", f"{ev.grad_name} is the true gradient with axes {listing([str(a) for a in moved])} "
                                          f"in another order (it matches after .transpose{perm}): e.g. a conv weight's "
                                          f"filters (axis 0) and channels (axis 1) swapped where the gradient is "
                                          f"accumulated or reshaped back", evidence=f"matches after .transpose{perm}")
    return None


def rule_swapped(ev):
    for other, (shape, n_other) in ev.others.items():
        if other == ev.name or tuple(shape) != tuple(ev.shape):
            continue
        if other.endswith(".input") and ev.name.endswith(".input"):
            continue    # a layer handing its upstream gradient down unchanged: rule_mask explains that
        if ev.fits(np.array([p.apply(n_other) for p in ev.meas.probes])):
            return Diagnosis("swapped", f"{ev.grad_name} holds the gradient of {other}, not of {ev.name}: "
                                        f"the two were swapped when storing or returning them")
    return None


def rule_regularization(ev):
    keep = ev.keep
    d = ev.meas.numeric[keep]
    p = np.array([pr.apply(ev.x) for pr in ev.meas.probes])
    if not np.any(p[keep]):
        return None
    (alpha, beta), *_ = np.linalg.lstsq(np.stack([d, p[keep]], axis=1), ev.meas.analytic[keep], rcond=None)
    if not _close(alpha, 1.0, ev.fit_tol) or not ev.fits(alpha * ev.meas.numeric + beta * p):
        return None
    if beta < 0:
        why = (f"the L2 term's gradient λ·{ev.name} (λ ≈ {-beta:.4g}) is missing: "
               f"add {-beta:.4g} * {ev.name} to {ev.grad_name}")
    else:
        why = (f"{beta:.4g}·{ev.name} too much: the L2 term's gradient was added twice, or added "
               f"for a penalty the loss does not have (λ ≈ {beta:.4g})")
    return Diagnosis("regularization", f"{ev.grad_name} = true gradient {'+' if beta > 0 else '−'} "
                                       f"{abs(beta):.4g}·{ev.name}: {why}",
                     evidence=f"two-term fit g = {alpha:.6f}·n + {beta:.6g}·{ev.name}")


def _named(c, batch_sizes):
    return _close(c, 1) or _close(c, -1) or bool(factor_words(c, batch_sizes))


def dominant_factor(a, d, floor, tol, batch_sizes=()):
    """The factor by which the right part of a masked gradient is off (1 when it is simply right).

    Ratios ``a/d`` are clustered; a cluster counts if its factor has a name (1, -1, m, 2, ...) or
    it holds at least half of the usable probes, so that units which merely share an activity
    pattern do not pass for "the right part".
    """
    usable = np.abs(d) > floor
    ratios = np.sort(a[usable] / d[usable])
    best, best_count = 1.0, 0
    for r in ratios:
        close = np.abs(ratios - r) <= tol * abs(r)
        count = int(close.sum())
        c = float(np.mean(ratios[close]))
        allowed = _close(c, 1) or (count >= 2 and (_named(c, batch_sizes) or 2 * count >= ratios.size))
        if allowed and (count > best_count or (count == best_count and abs(c - 1) < abs(best - 1))):
            best, best_count = c, count
    return best


def _axis_partition(wrong, axis):
    """(wrong groups, wholeness) along ``axis`` (0 or 1) of a bool (rows, columns, rest) array, or
    None without a good group."""
    other = (1, 2) if axis == 0 else (0, 2)
    bad = np.any(wrong, axis=other)
    if not bad.any() or bad.all():
        return None
    inside = wrong[bad] if axis == 0 else wrong[:, bad]
    return np.flatnonzero(bad), float(inside.mean())


PLURAL = {"entry": "entries", "row": "rows", "column": "columns", "slice": "slices"}


def _mask_candidates(ev, wrong_probe, units):
    """(wholeness, axis, wrong groups, true gradient ~0 per wrong group, block edges) per usable axis."""
    m = ev.meas
    tiny = np.abs(m.numeric) <= np.maximum(m.scale_floor, 10 * m.noise)
    found = []
    if ev.plan.elementwise:
        wrong, zero = wrong_probe.reshape(units), tiny.reshape(units)
        for axis in (0, 1):
            part = _axis_partition(wrong, axis)
            if part is not None and part[1] >= 0.5:
                groups = part[0]
                zeros = [bool(np.all(zero[g] if axis == 0 else zero[:, g])) for g in groups]
                found.append((part[1], axis, groups, zeros, None))
        return found
    kinds = np.array([p.kind for p in m.probes])
    for axis, kind, edges in ((0, "row", ev.plan.row_edges), (1, "column", ev.plan.col_edges)):
        sel = np.flatnonzero(kinds == kind)
        bad = wrong_probe[sel]
        if sel.size >= 2 and bad.any() and not bad.all():
            found.append((1.0, axis, np.flatnonzero(bad), [bool(tiny[k]) for k in sel[bad]], edges))
    return found


def rule_mask(ev):
    m = ev.meas
    keep = ev.keep
    c = dominant_factor(m.analytic[keep], m.numeric[keep], m.floor(ev.fit_tol)[keep], ev.fit_tol, ev.batch_sizes)
    wrong_probe = (m.rel_errors(ev.fit_tol, c * m.numeric) > ev.fit_tol) & ev.keep
    units = as_units_shape(ev.shape)
    rows, cols, _ = units
    candidates = _mask_candidates(ev, wrong_probe, units)
    if not candidates:
        return _entry_mask(ev, wrong_probe, c)
    _, axis, groups, zeros, edges = max(candidates, key=lambda t: (t[0], -len(t[2])))
    kind = "row" if axis == 0 else "column"
    if len(ev.shape) == 1 or (cols == 1 and kind == "row"):
        kind = "entry"
    if len(ev.shape) >= 3:    # filters (axis 0) or channels (axis 1) of a 4-D tensor: say it with slices
        kind = "slice"
    names = _names_of(kind, axis, groups, edges, units)
    rest = ("are right" if _close(c, 1.0)
            else f"are {c:.3f}x the true gradient{factor_words(c, ev.batch_sizes)}")
    dead_groups = [g for g, z in zip(groups, zeros) if z]
    live_groups = [g for g, z in zip(groups, zeros) if not z]   # wrong where the true gradient is not 0
    relu = index = factors = None
    if ev.plan.elementwise:
        given = np.abs(m.analytic) > np.maximum(m.scale_floor, 10 * m.noise)
        relu = relu_input_relation(ev.x, wrong_probe, given)
        flat = np.arange(ev.x.size)
        entry_group = flat // (cols * units[2]) if axis == 0 else flat // units[2] % cols
        found = group_factors(m.analytic, m.numeric, entry_group, live_groups,
                              m.floor(ev.fit_tol), ev.fit_tol)
        factors = found and [(f, _names_of(kind, axis, gs, edges, units)) for f, gs in found]
        if not factors and kind == "entry":      # a flat vector: blocks of entries (a layer's dW inside theta)
            informative = given | (np.abs(m.numeric) > np.maximum(m.scale_floor, 10 * m.noise))
            factors = factor_blocks(m.analytic, m.numeric, wrong_probe, informative, m.floor(ev.fit_tol),
                                    ev.fit_tol)
    if axis == 0 and (edges is None or len(edges) - 1 == rows) and ev.indices:
        index = repeated_index_rows(ev.indices, rows, live_groups)
    word = (lambda ns: PLURAL[kind] if many(ns) else kind)
    message = (f"{word(names)} {listing(names)} of {ev.grad_name} (0-based) "
               f"{'are' if many(names) else 'is'} wrong while the other {PLURAL[kind]} {rest}; "
               + explain(word, names, _names_of(kind, axis, dead_groups, edges, units),
                         _names_of(kind, axis, live_groups, edges, units),
                         relu, index, factors, ev.name, ev.grad_name))
    return Diagnosis("mask", message, None if _close(c, 1.0) else c,
                     f"{len(groups)} of {rows if axis == 0 else cols} {PLURAL[kind]}{_along(ev, axis)} wrong, "
                     f"{len(dead_groups)} of them where the true gradient is 0")


def _names_of(kind, axis, groups, edges, units):
    """How the message names the groups: runs of indices, blocks, or a 4-D tensor's slices."""
    if edges is not None and len(edges) - 1 != units[axis]:
        names = [f"{edges[i]}–{edges[i + 1] - 1}" for i in groups]
    else:
        names = ranges(sorted(int(g) for g in groups))
    if kind == "slice":
        names = [f"[{n}]" if axis == 0 else f"[:, {n}]" for n in names]
    return names


def _entry_mask(ev, wrong_probe, c):
    """Right (up to ``c``) on some entries, and wrong exactly where the true gradient is 0: a
    derivative that is 0 there (ReLU at z <= 0, a dropped unit, a max-pool loser) was not applied."""
    m = ev.meas
    entries = np.array([p.kind == "entry" for p in m.probes]) & ev.keep
    wrong = wrong_probe & entries
    tiny = np.abs(m.numeric) <= np.maximum(m.scale_floor, 10 * m.noise)
    if wrong.sum() < 2 or not np.all(tiny[wrong]) or np.all(wrong == entries):
        return None
    rest = "are right" if _close(c, 1.0) else f"are {c:.3f}x the true gradient{factor_words(c, ev.batch_sizes)}"
    given = np.abs(m.analytic) > np.maximum(m.scale_floor, 10 * m.noise)
    if ev.plan.elementwise and relu_input_relation(ev.x, wrong, given):
        cause = (f"these are exactly the entries where {ev.name} <= 0: the derivative of the ReLU it feeds (0 where "
                 f"its input <= 0) was not applied")
    else:
        cause = ("a derivative that is 0 there was not applied (a ReLU's or another activation's, a dropout mask, "
                 "a max-pool's: 0 where an input was not the max)")
    return Diagnosis("mask", f"{ev.grad_name} is not 0 at {int(wrong.sum())} of {int(entries.sum())} entries where "
                             f"the true gradient is 0, and the other entries {rest}: {cause}",
                     None if _close(c, 1.0) else c, f"{int(wrong.sum())} wrong entries, all where the true gradient is 0")


def _along(ev, axis):
    return f" along axis {axis}" if len(ev.shape) >= 3 else ""


def rule_mismatch(ev):
    m = ev.meas
    if ev.x.size == 1:
        u = m.probes[0].u[0]
        return Diagnosis("mismatch", f"{ev.grad_name} is {m.analytic[0] / u:.6g} where the true value is "
                                     f"{m.numeric[0] / u:.6g}: recheck its formula factor by factor")
    err = np.where(ev.keep, m.rel_errors(ev.rtol), 0.0)
    worst = np.argsort(err)[::-1][:3]
    parts = []
    for k in worst:
        p = m.probes[k]
        scale = p.u[0] if p.kind == "entry" else 1.0
        where = (f"[{', '.join(map(str, np.unravel_index(p.group, ev.shape)))}]" if p.kind == "entry" and ev.shape
                 else f"{p.kind} {p.group}")
        parts.append(f"{where}: given {m.analytic[k] / scale:.6g}, true {m.numeric[k] / scale:.6g}")
    return Diagnosis("mismatch", f"{ev.grad_name} matches no simple pattern; worst " + "; ".join(parts)
                     + _dead_units_hint(ev))


def _dead_units_hint(ev):
    """Rows/columns where the true gradient is 0 but the user's is not: a hint of a missing derivative."""
    if not ev.plan.elementwise or len(ev.shape) != 2:
        return ""
    m = ev.meas
    tiny = (np.abs(m.numeric) <= np.maximum(m.scale_floor, 10 * m.noise)).reshape(ev.shape)
    given = (np.abs(m.analytic) > np.maximum(m.scale_floor, 10 * m.noise)).reshape(ev.shape)
    for axis, kind in ((1, "columns"), (0, "rows")):
        dead = np.flatnonzero(np.all(tiny, axis=1 - axis) & np.any(given, axis=1 - axis))
        if dead.size:
            listed = listing([str(i) for i in dead])
            kind = kind if dead.size > 1 else kind[:-1]
            return (f". The true gradient is 0 in {kind} {listed} (units inactive on every sample?) where "
                    f"{ev.grad_name} is not: if the other units are inactive on some samples, an activation "
                    f"derivative (ReLU's z > 0) is missing")
    return ""


RULES = (rule_zero, rule_scale, rule_transpose, rule_swapped, rule_regularization, rule_mask, rule_mismatch)


def diagnose(ev):
    """The first rule that explains the evidence (``rule_mismatch`` always does)."""
    for rule in RULES:
        found = rule(ev)
        if found is not None:
            return found
    raise AssertionError("rule_mismatch always returns a diagnosis")
