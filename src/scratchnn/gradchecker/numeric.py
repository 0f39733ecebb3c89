"""Central differences along probes, with kinks (ReLU at 0, max, abs) handled honestly.

For a probe ``u`` and step ``t`` the loss is evaluated at ``x + t u`` and ``x - t u``:

.. math::  d = \\frac{f(x + t u) - f(x - t u)}{2t} \\approx \\langle \\nabla f, u \\rangle

with error :math:`O(t^2)` where ``f`` is smooth. Where a kink lies between ``x - t u`` and
``x + t u`` the one-sided slopes ``(f(x+tu) - f(x))/t`` and ``(f(x) - f(x-tu))/t`` disagree by a
jump and the central value is wrong. For a probe whose central value disagrees with the user's
gradient *and* whose one-sided slopes disagree, the step is retried at ``t/10`` and ``t/100``: also
when their jump is smaller than the disagreement, as long as they are more than 10% apart (kinks
*near* ``x``, pre-activations of 1e-8 in a deep net at a small init, bend both one-sided slopes at
the first step; smaller ones get past them; slopes within 10% differ by curvature). If the slopes
still disagree, ``x`` sits on the kink itself, where any value between the one-sided slopes
is a valid (sub)gradient: the user's value is accepted if it lies between them, and the probe is
counted as excluded. Backpropagation through ReLUs sitting exactly at 0 (a dead layer's zeros
times zero biases) takes the derivative there as 0 (or 1) unit by unit, which may land outside the
one-sided slopes of the whole loss: with right and left slopes ``R`` and ``L`` along the probe, any
value between ``0``, ``R``, ``L`` and ``R + L`` is accepted as such a chain-rule value.
"""
import warnings

import numpy as np

from ..validation import InputError
from .probes import entry_scale

EPS = np.finfo(np.float64).eps


class LossEvaluator:
    """Calls ``loss_fn`` on the checker's own float64 copy of the parameters and counts calls."""

    def __init__(self, loss_fn, tree, magnitude=0.0):
        self.loss_fn = loss_fn
        self.tree = tree
        self.magnitude = magnitude    # size of the terms the loss adds up, when larger than the loss
        self.calls = 0
        self.float32 = False

    def __call__(self):
        self.calls += 1
        value = self.loss_fn(self.tree)
        if np.iscomplexobj(value):
            raise InputError(f"loss_fn returned a complex number ({value!r:.60}); a loss must be real: "
                             f"return its real value, e.g. float(np.real(loss))")
        if isinstance(value, (np.ndarray, np.generic)):
            if np.asarray(value).dtype == np.float32 or np.asarray(value).dtype == np.float16:
                self.float32 = True
            if np.size(value) != 1:
                raise InputError(f"loss_fn must return one number, got an array of shape {np.shape(value)}; "
                                 f"return the mean (or sum) of the per-sample losses")
            value = np.asarray(value).reshape(())
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise InputError(f"loss_fn must return a number, got {type(value).__name__}; "
                             f"return a float such as float(np.mean(losses))") from None
        if not np.isfinite(value):
            raise InputError(f"loss_fn returned {value} at the point being checked: gradients of a "
                             f"non-finite loss cannot be checked; check the inputs (log of 0? overflow?)")
        return value


def _perturbed_loss(evaluate, x, x0, probe, delta):
    """The loss with ``x`` moved by ``delta * u`` along the probe, then ``x`` restored bit-exactly."""
    flat = x.reshape(-1)
    if probe.idx is None:
        np.add(x0, delta * probe.u, out=flat)
        try:
            return evaluate()
        finally:
            flat[...] = x0
    flat[probe.idx] = x0[probe.idx] + delta * probe.u
    try:
        return evaluate()
    finally:
        flat[probe.idx] = x0[probe.idx]


def _chain_value_at_kink(a, right, left, slack):
    """Is ``a`` a value the chain rule can give on a kink with one-sided slopes ``right`` and ``left``
    (between 0, right, left and right + left, to within ``slack``)?"""
    values = (0.0, right, left, right + left)
    return min(values) - slack <= a <= max(values) + slack


def _rel(a, b, floor):
    return abs(a - b) / max(abs(a), abs(b), floor)


class Measurement:
    """Numeric and analytic directional derivatives for a list of probes of one tensor.

    ``noise`` (per probe) bounds the rounding error of a numeric value: ``100 eps |f| / t`` (with
    ``|f|`` at least the size of the terms the loss sums, which may cancel: ``sum(dout * out)``).
    ``scale_floor`` (per probe) is 1e-7 of the largest numeric value of the same probe kind.
    A relative error at tolerance ``tol`` uses the denominator ``max(|a|, |p|, scale_floor,
    noise / tol)``, so an absolute difference below the noise never counts as wrong.
    """

    def __init__(self, probes, numeric, analytic, excluded, kinks_retried, noise):
        self.probes = probes
        self.numeric = numeric            # (k,) numeric <n, u>
        self.analytic = analytic          # (k,) the user's <g, u>
        self.excluded = excluded          # (k,) bool: on a kink, user's value between the slopes
        self.kinks_retried = kinks_retried
        self.noise = noise
        self.scale_floor = scale_floor(probes, numeric)
        self.reads = None                 # set when the loss looks flat: does it change under large moves?

    def floor(self, tol):
        return np.maximum(self.scale_floor, self.noise / tol)

    def rel_errors(self, tol, predicted=None, analytic=None):
        """Per-probe ``|a - p| / max(|a|, |p|, floor)`` between the user's values ``a`` (or another
        reading of them) and a prediction ``p`` of them (by default the numeric values)."""
        p = self.numeric if predicted is None else predicted
        a = self.analytic if analytic is None else analytic
        return np.abs(a - p) / np.maximum(np.maximum(np.abs(a), np.abs(p)), self.floor(tol))


def scale_floor(probes, numeric):
    """Per-probe magnitude 1e-7 of the largest numeric value of the same kind."""
    kinds = np.array([p.kind for p in probes])
    floor = np.empty(len(probes))
    for kind in set(kinds):
        sel = kinds == kind
        floor[sel] = max(1e-7 * float(np.max(np.abs(numeric[sel]))), 1e-300)
    return floor


def measure(evaluate, x, probes, g_flat, step, rtol, f0):
    """Measure every probe of the float64 parameter ``x`` (perturbed in place, restored exactly).

    ``g_flat`` is the user's gradient (flat float64); ``f0`` the loss at ``x``.
    """
    x0 = x.reshape(-1).copy()
    analytic = np.array([p.apply(g_flat) for p in probes])
    central = np.empty(len(probes))
    slopes = np.empty((len(probes), 2))
    for k, probe in enumerate(probes):
        f_plus = _perturbed_loss(evaluate, x, x0, probe, step)
        f_minus = _perturbed_loss(evaluate, x, x0, probe, -step)
        central[k] = (f_plus - f_minus) / (2 * step)
        slopes[k] = ((f_plus - f0) / step, (f0 - f_minus) / step)
    # Rounding in f is ~eps*|f|; divided by the step it bounds what a difference can resolve.
    f_noise = 100 * EPS * max(abs(f0), evaluate.magnitude, 1e-300)
    noise = np.full(len(probes), f_noise / step)
    floor = np.maximum(scale_floor(probes, central), noise / rtol)
    excluded = np.zeros(len(probes), dtype=bool)
    retried = 0
    for k, probe in enumerate(probes):
        if _rel(analytic[k], central[k], floor[k]) <= rtol or _rel(*slopes[k], floor[k]) <= rtol:
            continue
        jump = abs(slopes[k, 0] - slopes[k, 1])
        if jump < 0.5 * abs(analytic[k] - central[k]) and _rel(*slopes[k], 1e-300) <= 0.1 and \
                not _chain_value_at_kink(analytic[k], *slopes[k], 0.5 * abs(analytic[k] - central[k])):
            continue    # nearly equal slopes (curvature, no kink) far from your value: the gradient is wrong
        # Slopes apart by more than curvature are retried even when their jump is small: kinks *near*
        # x (ReLU inputs of 1e-8 in a deep net at a small init) bend both of them, so they bound nothing.
        retried += 1
        for t in (step / 10, step / 100):
            f_plus = _perturbed_loss(evaluate, x, x0, probe, t)
            f_minus = _perturbed_loss(evaluate, x, x0, probe, -t)
            central[k] = (f_plus - f_minus) / (2 * t)
            slopes[k] = ((f_plus - f0) / t, (f0 - f_minus) / t)
            noise[k] = f_noise / t
            kink_floor = max(floor[k], noise[k] / rtol)
            if _rel(analytic[k], central[k], kink_floor) <= rtol or _rel(*slopes[k], kink_floor) <= rtol:
                break
        else:
            slack = rtol * max(abs(slopes[k, 0]), abs(slopes[k, 1]), kink_floor)
            excluded[k] = _chain_value_at_kink(analytic[k], *slopes[k], slack)
    return Measurement(probes, central, analytic, excluded, retried, noise)


def reads_parameter(evaluate, x, f0, rng):
    """Does the loss change at all when ``x`` moves far (up to 10x its own scale, both ways)?

    Used when every small step leaves the loss unchanged: a loss that moves under large steps reads
    the parameter and is merely flat here (saturated or clipped outputs); one that never moves does
    not read it. ``x`` is restored bit-exactly.
    """
    x0 = x.reshape(-1).copy()
    flat = x.reshape(-1)
    noise = 100 * EPS * max(abs(f0), evaluate.magnitude, 1e-300)
    try:
        for size in (1e-2, 1.0, 10.0):
            direction = rng.standard_normal(x0.size) * entry_scale(x0)
            for sign in (1, -1):
                np.add(x0, sign * size * direction, out=flat)
                try:
                    moved = evaluate()
                except InputError:   # a far point may overflow: that too is the loss reading x
                    return True
                if abs(moved - f0) > noise:
                    return True
    finally:
        flat[...] = x0
    return False


def warn_float32(report_warnings):
    """Record (and emit) the float32 warning once."""
    text = ("loss_fn returned a float32 value: finite differences then carry ~1e-7 relative noise, "
            "so the step was widened to 5e-3 and the tolerance to 1e-2; compute the loss in float64 "
            "for a sharper check")
    report_warnings.append(text)
    warnings.warn(text, RuntimeWarning, stacklevel=3)
