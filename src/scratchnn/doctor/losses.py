"""Which loss formula the user computed, and what a constant prediction would score.

The doctor never sees the user's loss function, only its value. Evaluating the usual formulas on
the observed predictions and targets and keeping the one that reproduces the value tells which
loss it is; then "the loss of predicting c for every sample" is known for any constant c. That is
how 6.22519 in seed 000 is recognised as sum((0 - y)^2) / (2 m): the loss of predicting 0.

With p the predictions and y the targets, both (n, k), and mean over all n*k entries:

=======================  ============================================
``mse``                  mean((p - y)^2)
``half_mse``             mean((p - y)^2) / 2   (= sum / (2 m) for k = 1)
``sse``                  sum((p - y)^2)
``half_sse``             sum((p - y)^2) / 2
``sse_per_sample``       sum((p - y)^2) / n   (summed over the k outputs, averaged over samples)
``half_sse_per_sample``  sum((p - y)^2) / (2 n)
``mae``                  mean(|p - y|)
``bce``                  -mean(y log p + (1 - y) log(1 - p))
``cross_entropy``        -sum(y log p) / n      (one-hot or probability rows)
=======================  ============================================

Learners keep log away from 0 in their own way, log(p + 1e-10) or log(clip(p, 1e-7, 1 - 1e-7)):
on saturated predictions that changes the value a lot (log 1e-10 = -23, log 1e-12 = -27.6). When
the plain cross-entropy does not reproduce the observed loss, the usual guards (``GUARDS``) are tried.
"""
import numpy as np

_EPS = 1e-12


def _bce(p, y):
    p = np.clip(p, _EPS, 1 - _EPS)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


FORMULAS = {
    "mse": lambda p, y: np.mean((p - y) ** 2),
    "half_mse": lambda p, y: np.mean((p - y) ** 2) / 2,
    "sse": lambda p, y: np.sum((p - y) ** 2),
    "half_sse": lambda p, y: np.sum((p - y) ** 2) / 2,
    "sse_per_sample": lambda p, y: np.sum((p - y) ** 2) / len(y),
    "half_sse_per_sample": lambda p, y: np.sum((p - y) ** 2) / (2 * len(y)),
    "mae": lambda p, y: np.mean(np.abs(p - y)),
    "bce": _bce,
    "cross_entropy": lambda p, y: -np.sum(y * np.log(np.clip(p, _EPS, None))) / len(y),
}
# How learners keep log away from 0: log(p + eps) ("add") or log(clip(p, eps, 1 - eps)) ("clip"), or do not.
# ("add", 0.0) is no guard at all: log(p) itself, finite while no prediction is exactly 0 or 1, however close.
GUARDS = [("add", 0.0)] + [("add", e) for e in (1e-15, 1e-12, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5)] + \
         [("clip", e) for e in (1e-15, 1e-12, 1e-8, 1e-7)]


def _guarded(name, p, y, guard, eps):
    q = np.clip(p, eps, 1 - eps) if guard == "clip" else p + eps
    r = 1 - np.clip(p, eps, 1 - eps) if guard == "clip" else 1 - p + eps
    if name == "bce":
        return -np.mean(y * np.log(q) + (1 - y) * np.log(r))
    return -np.sum(y * np.log(q)) / len(y)


# scratchnn's own Loss names map onto these formulas.
ALIASES = {"mse": "mse", "bce": "bce", "cross_entropy": "cross_entropy"}


def as_columns(a):
    """(n,) -> (n, 1); (n, ...) -> (n, k)."""
    return a.reshape(len(a), -1)


def formula_values(p, y, names=None, observed=None):
    """The formulas ``names`` (default: all) on predictions ``p`` and targets ``y`` of the same size.

    Values are floats (float64); formulas that do not apply (log of a value outside (0, 1)) are left out.
    With the ``observed`` loss, a cross-entropy that misses it is replaced by the guarded form that
    reproduces it, if one does (see ``GUARDS``).
    """
    p, y = as_columns(p).astype(np.float64), as_columns(y).astype(np.float64)
    out = {}
    with np.errstate(all="ignore"):
        for name in FORMULAS if names is None else names:
            f = FORMULAS[name]
            if name in ("bce", "cross_entropy") and (p.min() < 0 or p.max() > 1 or y.min() < 0 or y.max() > 1):
                continue
            out[name] = float(f(p, y))
            if name in ("bce", "cross_entropy") and observed is not None and not matches(out[name], observed):
                guarded = (float(_guarded(name, p, y, g, e)) for g, e in GUARDS)
                out[name] = next((v for v in guarded if matches(v, observed)), out[name])
    return out


def matches(value, reference, rtol=1e-4):
    """Equal to within float32 rounding of a sum (losses are often computed in float32)."""
    return bool(np.isfinite(value) and np.isfinite(reference)
                and abs(value - reference) <= rtol * max(abs(reference), 1e-12))


def constant_loss(name, c, y):
    """The loss ``name`` of predicting ``c`` (scalar or per-column) for every sample of targets ``y``."""
    y = as_columns(y).astype(np.float64)
    return float(FORMULAS[name](np.broadcast_to(np.asarray(c, dtype=np.float64), y.shape), y))


def best_constant(name, y):
    """(c, loss): the constant prediction with the lowest loss ``name`` on targets ``y``.

    Mean of the targets for the squared and cross-entropy losses, median for ``mae``.
    """
    y = as_columns(y).astype(np.float64)
    c = np.median(y, axis=0) if name == "mae" else y.mean(axis=0)
    return c, constant_loss(name, c, y)


def describe_constant(c):
    """A short rendering of a constant prediction: ``0``, ``0.5``, ``[0.1, 0.9]``."""
    c = np.atleast_1d(np.asarray(c, dtype=np.float64))
    words = lambda v: "NaN" if v != v else ("infinite" if v > 0 else "minus infinite")
    parts = [words(v) if not np.isfinite(v) else f"{v:.4g}" if abs(v) >= 1e-9 else "0" for v in c]
    return parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
