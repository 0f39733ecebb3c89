"""The loss forms a rebuilt forward pass is scored with: which one gives the user's loss value.

With ``p`` the predictions and ``y`` the targets, both ``(n, k)`` (samples on axis 0), a loss is a
per-entry term summed and divided:

=================  =================================  ==========================================
family             per-entry term                     divided by
=================  =================================  ==========================================
squared            (p - y)^2, or (p - y)^2 / 2        n*k (mean), n (per sample), 1 (sum)
binary CE          -(y log p + (1 - y) log(1 - p))    n*k, n, 1
cross-entropy      -y log p                           n (per sample), n*k (np.mean), 1 (sum)
NLL                -y p (p: log-probabilities)         n (per sample), n*k, 1
=================  =================================  ==========================================

plus, when none of these gives the observed value, an L2 penalty on the weights (:class:`Penalty`).

``value`` computes a form the way a learner writes it (on the predictions) to recognise the
observed value. ``exact`` is the same mathematical function written so that its derivative is
the one a backward pass computes: from the logits ``z`` for a sigmoid output with binary
cross-entropy (``softplus(z) - y z``) and a softmax output with cross-entropy (``-y log_softmax(z)``),
so the check stays exact where a prediction rounds to 0 or 1.
"""
from dataclasses import dataclass

import numpy as np

from .losses import GUARDS


@dataclass(frozen=True)
class LossForm:
    family: str     # "squared", "bce", "ce" or "nll" (cross-entropy of predictions that are log-probabilities)
    half: bool      # squared only: (p - y)^2 / 2
    divisor: str    # "entries" (n*k), "samples" (n) or "none" (a sum)
    # Cross-entropies only: how the learner kept log away from 0 -- log(p + eps) ("add") or
    # log(clip(p, eps, 1 - eps)) ("clip"). It changes the value, not the gradient the backward pass writes.
    guard: str = ""
    eps: float = 0.0

    def describe(self, k):
        """``mean binary cross-entropy``, ``sum of squared errors / 2`` ... (k: number of outputs)."""
        what = {"squared": "squared error", "bce": "binary cross-entropy", "ce": "cross-entropy",
                "nll": "negative log-likelihood (-y * log-probabilities)"}[self.family]
        half = " / 2" if self.half else ""
        guard = {"": "", "add": f" (log of p + {self.eps:g})", "clip": f" (p clipped to [{self.eps:g}, 1 - {self.eps:g}])"}
        if self.divisor == "none":
            return f"summed {what}{half}{guard[self.guard]}"
        if self.divisor == "samples" and k > 1:
            return f"{what}{half} summed over the {k} outputs, mean over samples{guard[self.guard]}"
        return f"mean {what}{half}{guard[self.guard]}"

    def fits(self, p):
        """True when the predictions ``p`` are in this form's domain: probabilities in [0, 1] for the
        cross-entropies, log-probabilities (<= 0) for the negative log-likelihood, anything for squared error."""
        if self.family == "nll":
            return p.max() <= 0
        return self.family == "squared" or (p.min() >= 0 and p.max() <= 1)

    def _reduce(self, terms):
        n, k = terms.shape
        return terms.sum() / {"entries": n * k, "samples": n, "none": 1}[self.divisor]

    def value(self, p, y):
        """The loss on predictions ``p`` (n, k), as a learner computes it (NaN where it is undefined)."""
        with np.errstate(all="ignore"):
            return float(self._reduce(self._terms(p, y)))

    def exact(self, p, z, output_kind, y):
        """The same loss with a derivative that is exact in float64 (see the module docstring)."""
        return self._reduce(self.exact_terms(p, z, output_kind, y))

    def exact_terms(self, p, z, output_kind, y):
        """The per-entry terms (n, k) of :meth:`exact`, before they are added up and divided."""
        if self.family == "bce" and output_kind == "sigmoid":
            # -(y log s(z) + (1-y) log(1 - s(z))) = softplus(z) - y z, with softplus(z) = max(z,0) + log1p(e^-|z|)
            return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))) - y * z
        if (self.family, output_kind) in (("ce", "softmax"), ("nll", "log_softmax")):
            shifted = z - z.max(axis=1, keepdims=True)
            log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            return -(y * log_softmax)
        return self._terms(p, y, guarded=False)

    def _terms(self, p, y, guarded=True):
        if self.family == "squared":
            return (p - y) ** 2 * (0.5 if self.half else 1.0)
        if self.family == "nll":
            return -(y * p)
        eps = self.eps if guarded else 0.0
        q = np.clip(p, eps, 1 - eps) if self.guard == "clip" and guarded else p
        shift = eps if self.guard == "add" else 0.0
        if self.family == "bce":
            return -(y * np.log(q + shift) + (1 - y) * np.log(1 - q + shift))
        return -(y * np.log(q + shift))


FORMS = [LossForm(f, h, d) for f, h, d in [
    ("squared", False, "entries"), ("squared", True, "entries"), ("squared", False, "samples"),
    ("squared", True, "samples"), ("squared", False, "none"), ("squared", True, "none"),
    ("bce", False, "entries"), ("bce", False, "samples"), ("bce", False, "none"),
    ("ce", False, "samples"), ("ce", False, "entries"), ("ce", False, "none"),
    ("nll", False, "samples"), ("nll", False, "entries"), ("nll", False, "none")]]

# The guards learners put in their cross-entropies (losses.GUARDS), tried when no unguarded form matches.
GUARDED = [LossForm(f.family, f.half, f.divisor, g, e) for g, e in GUARDS for f in FORMS if f.family in ("bce", "ce")]

# The doctor's loss names (scratchnn.doctor.losses) -> the forms they stand for, tried first.
PREFERRED = {"mse": ("squared", False, "entries"), "half_mse": ("squared", True, "entries"),
             "sse": ("squared", False, "none"), "half_sse": ("squared", True, "none"),
             "sse_per_sample": ("squared", False, "samples"), "half_sse_per_sample": ("squared", True, "samples"),
             "bce": ("bce", False, "entries"), "cross_entropy": ("ce", False, "samples")}


def forms_in_order(loss_name):
    """Every form, the one ``loss_name`` names (if any) first."""
    first = PREFERRED.get(loss_name)
    return sorted(FORMS, key=lambda f: (f.family, f.half, f.divisor) != first)


def matching_forms(p, y, loss, rtol, loss_name=None):
    """The forms whose value on ``p``, ``y`` equals the observed ``loss`` to ``rtol`` relative."""
    for candidates in (forms_in_order(loss_name), GUARDED):
        found = []
        for form in candidates:
            if not form.fits(p):
                continue
            if form.divisor == "samples" and p.shape[1] == 1:
                continue    # the same as the mean over entries
            if same(form.value(p, y), loss, rtol):
                found.append(form)
        if found:
            return found
    return []


def closest_form(p, y, loss):
    """(form, value) of the form whose value is nearest the observed ``loss`` (relative), for messages."""
    best = None
    for form in FORMS:
        v = form.value(p, y) if form.fits(p) else np.nan
        if np.isfinite(v):
            gap = abs(v - loss) / max(abs(loss), 1e-300)
            if best is None or gap < best[0]:
                best = (gap, form, v)
    return (None, None) if best is None else best[1:]


def same(value, reference, rtol):
    """``value`` equals ``reference`` to ``rtol`` relative (both finite)."""
    return bool(np.isfinite(value) and np.isfinite(reference)
                and abs(value - reference) <= rtol * max(abs(reference), 1e-300))


# ---------------------------------------------------------------- an L2 penalty in the loss
ROUND_MANTISSAS = (1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)


@dataclass(frozen=True)
class Penalty:
    """``lam * sum of squares of the parameters names`` added to the loss, times 1/2 (``half``) and
    divided by n (``per_sample``) as courses write it: ``0.5 * reg * sum(W**2)``, ``lambd / (2 m) * ...``."""

    lam: float
    names: tuple
    half: bool
    per_sample: bool

    def factor(self, n):
        return (0.5 if self.half else 1.0) / (n if self.per_sample else 1)

    def value(self, params, n):
        return self.lam * self.factor(n) * sum(float(np.sum(params[k] ** 2)) for k in self.names)

    def describe(self):
        over = f"{'2 ' if self.half else ''}n" if self.per_sample else ("2" if self.half else "")
        scale = f"{self.lam:g} / {over}" if over else f"{self.lam:g}"
        return f" + {scale} * sum of squares of {', '.join(self.names)}"


def _round(lam):
    """``lam`` is a number a person types (1e-3, 0.25, 5e-4 ...), to 1e-9 relative."""
    if not (np.isfinite(lam) and lam > 0):
        return None
    exponent = np.floor(np.log10(lam))
    for mantissa in ROUND_MANTISSAS:
        for e in (exponent - 1, exponent, exponent + 1):
            typed = float(f"{mantissa}e{int(e)}")
            if abs(lam - typed) <= 1e-9 * typed:
                return typed
    return None


def matching_penalties(p, y, loss, params, weight_names, n, rtol):
    """[(form, penalty)] whose value on the predictions plus an L2 penalty equals the observed ``loss``.

    The penalty's coefficient is solved from the difference and accepted only when it is a number a
    person types (1e-3, not 1.0372e-3) and the total then reproduces the loss to ``rtol``: one
    equation would otherwise always have a solution.
    """
    found = []
    for form in FORMS:
        if not form.fits(p):
            continue
        if form.divisor == "samples" and p.shape[1] == 1:
            continue
        rest = loss - form.value(p, y)
        for names in dict.fromkeys([tuple(weight_names), tuple(params)]):
            squares = sum(float(np.sum(params[k] ** 2)) for k in names)
            for half in (False, True):
                for per_sample in (False, True):
                    unit = Penalty(1.0, names, half, per_sample)
                    lam = _round(rest / (unit.factor(n) * squares)) if squares > 0 else None
                    penalty = Penalty(lam, names, half, per_sample) if lam else None
                    if penalty and same(form.value(p, y) + penalty.value(params, n), loss, rtol):
                        found.append((form, penalty))
    return found[:1]     # 0.5 * 2e-3 and 1e-3 are one penalty: the first spelling names it
