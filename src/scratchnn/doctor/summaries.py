"""Per-observation summaries: a few numbers per layer and per parameter, never the arrays.

``observe`` gets live buffers that the next training step overwrites, so everything the rules
need later is reduced here to scalars (or, per unit, to one boolean) at once.
"""
import math

import numpy as np

from ..labels import class_index

# Sigmoid outputs below 0.01 or above 0.99 (|z| > 4.6) pass back less than 4% of the largest
# possible gradient (a(1 - a) < 0.0099 against 0.25 at z = 0); tanh beyond |a| > 0.99 passes < 2%.
SIGMOID_SATURATED = 0.01
TANH_SATURATED = 0.99


def finite(a):
    return bool(np.isfinite(a).all())


def dot(a, b):
    """The sum of ``a * b`` over all entries, as one BLAS dot product (one pass, no temporary).
    In float32 that sum overflows to inf beyond about 3e38 (entries near 1e19); it is then redone
    accumulating in float64, so exploding weights still get their true, finite size, while a
    NaN or inf entry stays non-finite either way."""
    total = float(np.vdot(a, b))
    if not math.isfinite(total):
        total = float(np.add.reduce(np.multiply(a, b, dtype=np.float64), axis=None))
    return total


def norm(a):
    """Euclidean norm (see :func:`dot`)."""
    return math.sqrt(dot(a, a))


def layer_summary(a, z, kind):
    """Summary of one layer's activations ``a`` and/or pre-activations ``z``: (n, n_units), or images
    (n, C, H, W) whose units are the C channels (one filter each).

    Returns ``{"kind", "n_units", "finite", "mean_abs", "silent" (bool per unit: zero on every
    sample, at every position for images, for ReLUs), "saturated" (fraction of entries in the flat
    tails), "level" (mean activation), "symmetric" (units that duplicate another unit)}``.
    """
    if a is not None and z is not None and a.shape != z.shape:
        z = None  # pre-activations of another shape than the activations: judge the activations alone
    images = (a if a is not None else z).ndim == 4
    if not images:
        a = None if a is None else a.reshape(len(a), -1)
        z = None if z is None else z.reshape(len(z), -1)
    ref = a if a is not None else z
    out = {"kind": kind, "n_units": ref.shape[1], "finite": finite(ref) and (z is None or finite(z)),
           "silent": None, "saturated": None, "symmetric": 0}
    if not out["finite"]:
        return out
    out["mean_abs"] = float(np.mean(np.abs(ref)))
    if kind in ("relu", "leaky_relu") and (kind == "relu" or z is not None):
        # A ReLU unit is silent on this batch when z <= 0 for every sample (then a = 0 and it passes no gradient).
        out["silent"] = ~np.any((z if z is not None else a) > 0, axis=(0, 2, 3) if images else 0)
    elif kind in ("sigmoid", "tanh"):
        if a is None:
            a = activate(z, kind)
        out["saturated"] = saturated_fraction(a, kind)
        out["level"] = float(np.mean(a))
    if not images and ref.shape[1] > 1:
        out["symmetric"] = count_duplicate_units(a if a is not None else z)
    return out


def saturated_fraction(a, kind):
    """The share of a sigmoid or tanh layer's outputs ``a`` in the flat tails: a sigmoid below 0.01 or above
    0.99, a tanh beyond |a| > 0.99."""
    if kind == "sigmoid":
        return float(np.mean((a < SIGMOID_SATURATED) | (a > 1 - SIGMOID_SATURATED)))
    return float(np.mean(np.abs(a) > TANH_SATURATED))


def recognise_kind(a):
    """``"relu"`` for activations that are >= 0 with exact zeros (what max(z, 0) leaves); ``"sigmoid"`` when
    they also stay <= 1 and hold exact ones and values in between; else None.

    Sigmoid, tanh, softmax and linear outputs are practically never exactly 0, so a layer of
    non-negative values with exact zeros is read as a ReLU layer when its kind was not given; unless
    its values also reach exactly 1 and never more: a float64 sigmoid rounds to exactly 1.0 beyond
    z = 37 and to 0 below -709 (saturated both ways), while a ReLU output is almost never exactly 1."""
    if a.size == 0 or not finite(a) or a.min() != 0:
        return None
    between = bool(np.any((a > 0) & (a < 1)))  # a layer of only 0 and 1 is a step (or binary data), not a sigmoid
    return "sigmoid" if a.max() == 1 and between else "relu"


def activate(z, kind):
    """The activation ``kind`` applied to ``z`` (None for kinds the doctor does not recompute)."""
    if kind == "relu":
        return np.maximum(z, 0)
    if kind == "sigmoid":
        return 1 / (1 + np.exp(-np.clip(z, -500, 500)))
    if kind == "tanh":
        return np.tanh(z)
    if kind == "linear":
        return z
    return None


_PROJECTIONS = {}


def _projection(n):
    """A fixed random vector of length n (the same every call, so fingerprints compare)."""
    if n not in _PROJECTIONS:
        _PROJECTIONS[n] = np.random.default_rng(0).standard_normal(n)
    return _PROJECTIONS[n]


def count_duplicate_units(a):
    """How many units (columns of ``a``) are exact copies of another unit, columns pinned at 0, 1 or -1 on every
    sample aside (dead ReLUs; sigmoid or tanh units saturated on every sample: equal because they are stuck at the
    same bound, not because their weights are the same).

    Units with identical incoming weights compute identical columns on every sample; a cheap
    fingerprint (column sum plus a fixed random projection) sorts equal columns next to each other,
    equality confirms.
    """
    first = a[:1]
    pinned = np.all(a == first, axis=0) & np.isin(first[0], (0.0, 1.0, -1.0))
    live = np.flatnonzero(~pinned)
    if len(live) < 2:
        return 0
    cols = a[:, live].astype(np.float64)
    key = cols.sum(axis=0) + np.pi * (_projection(len(a)) @ cols)
    order = np.argsort(key, kind="stable")
    same = np.flatnonzero(key[order[1:]] == key[order[:-1]])
    return sum(1 for k in same if np.array_equal(cols[:, order[k]], cols[:, order[k + 1]]))


def identical_units(params):
    """``{name: (units, "columns" | "rows", value or None)}`` for weight arrays whose units are all identical.

    A unit of an (inputs, units) matrix is a column, of a (units, inputs) matrix or a convolution
    kernel (out_channels, ...) a row of ``p.reshape(len(p), -1)``; both axes must hold >= 2 entries."""
    out = {}
    for name, p in params.items():
        if p.ndim < 2 or p.shape[0] < 2 or p.size // p.shape[0] < 2 or not finite(p):
            continue
        rows = p.reshape(len(p), -1)
        value = float(rows.flat[0]) if np.all(rows == rows.flat[0]) else None
        if np.all(rows == rows[:1]):
            out[name] = (rows.shape[0], "rows", value)
        elif p.ndim == 2 and np.all(p == p[:, :1]):
            out[name] = (p.shape[1], "columns", value)
    return out


def prediction_summary(p):
    """Spread of the predictions over samples: is the network's output the same for everyone?"""
    p2 = p.reshape(len(p), -1).astype(np.float64)
    if not finite(p2):
        return {"finite": False}
    spread = p2.max(axis=0) - p2.min(axis=0)
    level = p2.mean(axis=0)
    out = {"finite": True, "n": len(p2), "mean": level, "min": float(p2.min()), "max": float(p2.max()),
           "spread": float(spread.max()) if spread.size else 0.0, "tails": None, "pinned": None, "sure": None,
           "logit": None,
           "open": False, "constant": bool(len(p2) > 1 and np.all(spread <= 1e-6 * np.maximum(1.0, np.abs(level))))}
    if p2.size and out["min"] >= 0 and out["max"] <= 1:
        # Predictions in [0, 1] may be sigmoid or softmax outputs: the share in the flat tails (< 0.01 or > 0.99),
        # and the share rounded to exactly 0 or 1 (a float64 sigmoid is 1.0 for z > 37, 0 only below -709).
        tails = (p2 < SIGMOID_SATURATED) | (p2 > 1 - SIGMOID_SATURATED)
        out["tails"], out["pinned"] = float(np.mean(tails)), float(np.mean((p2 == 0) | (p2 == 1)))
        # Per sample: one output in the tails, or a row whose largest probability is above 0.99 (small values
        # are what a softmax gives every class but one, so a single entry near 0 says nothing).
        out["sure"] = out["tails"] if p2.shape[1] == 1 else float(np.mean(p2.max(axis=1) > 1 - SIGMOID_SATURATED))
        # (0, 1] and not all one value: what a sigmoid under a squared error gives (exact zeros suggest a ReLU).
        out["open"] = bool(out["min"] > 0 and out["max"] > out["min"])
        inside = p2[tails & (p2 > 0) & (p2 < 1)]
        if p2.shape[1] == 1 and inside.size:
            # One column: a sigmoid's pre-activation is its log-odds, z = log(p / (1 - p)).
            out["logit"] = float(np.median(np.abs(np.log(inside) - np.log1p(-inside))))
    return out


def input_summary(x):
    x2 = x.reshape(len(x), -1).astype(np.float64)
    if not finite(x2):
        return None
    # How far apart the features' scales are: largest / smallest per-feature max |x|. Features that are the same
    # on every sample (all 0, or a column of ones: the bias trick) are left out: no learning rate depends on them.
    varies = np.ptp(x2, axis=0) > 0 if len(x2) > 1 else np.ones(x2.shape[1], bool)
    scales = np.abs(x2[:, varies]).max(axis=0) if x2.size else np.zeros(0)
    scales = scales[scales > 0]
    return {"min": float(x2.min()), "max": float(x2.max()), "max_abs": float(np.abs(x2).max()),
            "mean": float(x2.mean()), "std": float(x2.std()), "n_features": x2.shape[1],
            "feature_ratio": float(scales.max() / scales.min()) if scales.size else 1.0}


def sure_and_wrong(p, t):
    """The share of samples whose probability for their true class is below 0.01 (confidently wrong), for class-label
    targets ``t`` (n, k) and predictions ``p`` in [0, 1] of the same size; None otherwise."""
    p = p.reshape(t.shape)
    if p.min() < 0 or p.max() > 1:
        return None
    true_class = np.where(t == 1, p, 1 - p)[:, 0] if t.shape[1] == 1 else np.sum(p * t, axis=1)
    return float(np.mean(true_class < SIGMOID_SATURATED))


def indices_as_one_hot(t, p):
    """Class indices ``t`` (n, 1) as one-hot rows (n, k) for predictions ``p`` of k >= 2 columns (sparse labels with
    a softmax); None when ``p`` has one column, another number of samples, or an index of k or more."""
    p2 = p.reshape(len(p), -1)
    k = p2.shape[1]
    if k < 2 or len(p2) != len(t) or t.max() >= k:
        return None
    return np.eye(k)[t[:, 0].astype(np.intp)]


def accuracy(p, t):
    """The share of samples classified right, for targets ``t`` (n, k) that are class labels (0/1 in
    one column, or one-hot rows) and predictions ``p`` (finite, same size); None when ``p`` holds
    values outside [0, 1] (not probabilities)."""
    p = p.reshape(t.shape)
    if p.min() < 0 or p.max() > 1:
        return None
    return float(np.mean(class_index(p) == class_index(t)))
