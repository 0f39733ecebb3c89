"""Is an observed gradient the gradient of a batch of the observed samples, under the loss's form?

A loop may log the whole data's loss and predictions next to the gradient of a minibatch (or of one
sample), or take several steps between two observations, so a mismatch with the whole data's gradient
proves nothing by itself. With :math:`G_i` the gradient of the loss on sample i alone (the loss's own
formula on a batch of one), a batch B has the gradient

.. math::  g_B = \\frac{1}{|B|} \\sum_{i \\in B} G_i \\;\\text{(a mean)}, \\qquad g_B = \\sum_{i \\in B} G_i \\;\\text{(a sum)}:

weights equal on B that sum to 1 under a mean (every batch's gradient, samples drawn twice too, lies in
the convex hull of the :math:`G_i`), and are each 1 under a sum (the hull of 0/1 weights: the box
:math:`0 \\le w_i \\le 1`). A gradient summed over the batch of a mean loss has weights summing to |B|:
outside the hull, |B| x a batch's gradient; one without some derivative is no combination of the
:math:`G_i` at all. So:

* :func:`one_batch`: a non-negative fit of g with equal weights on some samples names the batch, which is
  then checked alone: its gradient (right), or |B| x it (summed: "missing 1/m");
* :func:`another_batch`: failing that, g within SAME_RTOL of the hull (:func:`hull_fit`, also times 1/2
  or 2: the 1/2 convention) may be some batch's gradient, so it is not accused;
* :func:`no_batch_fits`: observations several steps apart: g farther than BATCH_RTOL from the hull
  anywhere between the points it may have been computed at, allowing for how far the best combination
  moves on the way (momentum, Adam), is no batch's gradient of this loss: wrong whatever batch it came
  from (and so must -g be: a loop that adds its "gradients", p += lr * g, passes the descent direction).

The :math:`G_i` (a ``(P, n)`` matrix, P gradient entries) come from central differences of each sample's
loss term through the rebuilt forward pass, two evaluations per entry.
"""
from dataclasses import replace

import numpy as np

from .rebuild_points import gradcheck_through
from .rebuild_search import loss_of

BATCH_RTOL = 0.02      # 2%: 100x the error of the finite differences and of float32 gradients
SAME_RTOL = 1e-4       # observed at the point it was computed at: only rounding and float32 in the distance
DRIFT_SAFETY = 2.0     # J is also taken up to twice as far as it moves between the points known
STEP = 1e-6            # central-difference step, relative to max(|entry|, 1)
HALF_CONVENTION = (1.0, 0.5, 2.0)    # the 1/2 of 1/2 (y - t)^2 kept in the loss and not in the gradient, or back
# Beyond this many observed samples the test is not run: its non-negative fit grows as n^3 (and with many more
# samples than gradient entries the combinations reach nearly every direction, so it concludes little).
MAX_SAMPLES = 64
# A batch is named among at most this many samples (a gradient wrong for the whole data at every point): one
# non-negative fit per sample left out, each over at most as many samples as there are gradient entries.
MAX_NAMED = 256
SUMMED_RTOL = 1e-3     # a factor within 0.1% of the number of samples m is "m" (missing 1/m)
MAX_DRAWN = 4          # a batch's sample drawn at most this many times (with replacement)


def testable(rebuild, most=MAX_SAMPLES):
    """True when ``rebuild``'s loss is a sum over its samples of a size the test can take: no penalty (no sum
    over samples), no softmax normalised across the samples, at most ``most`` samples."""
    return (rebuild.net is not None and rebuild.x is not None and len(rebuild.x) <= most
            and rebuild.penalty is None and rebuild.form is not None
            and rebuild.kinds[-1][0] != "softmax_over_samples")


def sample_gradients(rebuild, params, names):
    """``(P, n)``: column i is G_i, the gradient of the loss on sample i alone, over the entries of ``names``."""
    rows = []
    for name in names:
        for index in np.ndindex(params[name].shape):
            h = STEP * max(abs(float(params[name][index])), 1.0)
            shifted = []
            for sign in (1, -1):
                moved = params[name].copy()
                moved[index] += sign * h
                shifted.append(rebuild.sample_losses({**params, name: moved}))
            rows.append((shifted[0] - shifted[1]) / (2 * h))
    # A mean over entries divides each sample's term by its k outputs too.
    return np.array(rows) / (rebuild.y.shape[1] if rebuild.form.divisor == "entries" else 1)


def averaged(rebuild):
    """True for a mean over the samples (a batch's weights sum to 1), False for a sum (each is 1)."""
    return rebuild.form.divisor != "none"


def nonnegative_fit(J, g, iterations=None):
    """``w >= 0`` minimising ||J w - g|| (Lawson and Hanson's active-set method, 1974)."""
    n = J.shape[1]
    w, passive = np.zeros(n), np.zeros(n, dtype=bool)
    tol = 1e-12 * max(float(np.abs(J).max()), 1e-300) * max(float(np.linalg.norm(g)), 1e-300) * max(J.shape)
    for _ in range(iterations or 3 * n):
        slope = J.T @ (g - J @ w)          # minus the gradient of the squared residual / 2
        free = ~passive & (slope > tol)
        if not free.any():
            break
        passive[np.argmax(np.where(free, slope, -np.inf))] = True
        while True:
            z = np.zeros(n)
            z[passive] = np.linalg.lstsq(J[:, passive], g, rcond=None)[0]
            if np.all(z[passive] > 0):
                w = z
                break
            # Step from w towards z until the first coefficient reaches 0, and let it go.
            leaving = passive & (z <= 0)
            alpha = np.min(w[leaving] / np.maximum(w[leaving] - z[leaving], 1e-300))
            w = w + alpha * (z - w)
            passive &= w > 1e-14 * float(np.abs(w).max())    # the coefficients that reached 0 (to rounding)
            w[~passive] = 0.0
    return w


def cone_distance(J, g):
    """||g - J w|| / ||g|| for the best w >= 0: 0 when g is a non-negative combination of J's columns."""
    w = nonnegative_fit(J, g)
    return float(np.linalg.norm(g - J @ w) / np.linalg.norm(g))


def hull_fit(G, g, mean):
    """(w, distance): the batch weights w nearest to giving ``g`` (distance ||G w - g|| / ||g||) among those of the
    loss's form, times 1, 1/2 or 2 (the 1/2 convention): w >= 0 summing to t under a ``mean``, 0 <= w_i <= t under a
    sum (w + u = t with u >= 0)."""
    P, n = G.shape
    best = (np.zeros(n), 1.0)
    scale = float(np.linalg.norm(g))
    if not (np.all(np.isfinite(G)) and np.isfinite(scale) and scale > 0):
        return best
    G, g = G / scale, g / scale       # a diverged run's gradients reach 1e150: their squares would overflow
    for t in HALF_CONVENTION:
        if mean:      # from all the weight on the sample nearest to g
            A, C, d = G, np.ones((1, n)), np.array([t])
            start = np.zeros(n)
            start[np.argmin(np.linalg.norm(t * G - g[:, None], axis=0))] = t
        else:         # from no sample at all: u = t
            A, C, d = np.hstack([G, np.zeros_like(G)]), np.hstack([np.eye(n), np.eye(n)]), np.full(n, t)
            start = np.append(np.zeros(n), d)
        w = constrained_fit(A, g, C, d, start)
        distance = float(np.linalg.norm(A @ w - g))
        if distance < best[1]:
            best = (w[:n], distance)
    return best


def constrained_fit(A, b, C, d, w):
    """``w >= 0`` minimising ||A w - b|| subject to ``C w = d``, from a feasible ``w``: Lawson and Hanson's active
    set, each step solving the equality-constrained least squares on the free coefficients; a coefficient enters
    while A'(b - A w) - C' mu > 0 for it (mu: the constraints' multipliers)."""
    n = A.shape[1]
    passive = w > 0
    tol = 1e-12 * max(float(np.abs(A).max()), 1e-300) * max(float(np.linalg.norm(b)), 1e-300) * max(A.shape)
    for _ in range(3 * n):
        for _ in range(n):
            z, mu = _equality_fit(A, b, C, d, passive)
            if np.all(z[passive] > 0):
                w = z
                break
            # Step from w towards z until the first coefficient reaches 0, and let it go (w stays feasible).
            leaving = np.flatnonzero(passive & ~(z > 0))
            ratios = w[leaving] / np.maximum(w[leaving] - z[leaving], 1e-300)
            w = w + np.nan_to_num(np.min(ratios)) * (z - w)
            passive[leaving[np.argmin(ratios)]] = False
            passive &= w > 1e-14 * float(np.abs(w).max())
            w[~passive] = 0.0
        slope = A.T @ (b - A @ w) - C.T @ mu
        free = ~passive & (slope > tol)
        if not free.any():
            break
        passive[np.argmax(np.where(free, slope, -np.inf))] = True
    return w


def _equality_fit(A, b, C, d, passive):
    """(z, mu): z zero outside ``passive``, minimising ||A z - b|| subject to C z = d (z = z0 + N y, N spanning the
    null space of the constraints), and the constraints' multipliers mu (C' mu = A'(b - A z) on ``passive``)."""
    Ap, Cp = A[:, passive], C[:, passive]
    z0 = np.linalg.lstsq(Cp, d, rcond=None)[0]
    _, s, vt = np.linalg.svd(Cp)
    N = vt[int(np.sum(s > 1e-12 * s.max())) if s.size else 0:].T
    zp = z0 + N @ np.linalg.lstsq(Ap @ N, b - Ap @ z0, rcond=None)[0] if N.shape[1] else z0
    z = np.zeros(A.shape[1])
    z[passive] = zp
    return z, np.linalg.lstsq(Cp.T, Ap.T @ (b - Ap @ zp), rcond=None)[0]


def batch_of(G, g):
    """The samples (indices, a sample drawn c times listed c times) whose gradients, with equal weights, give ``g``
    to SAME_RTOL; None when no such batch is found.

    The non-negative fit of g on the G_i finds the weights; weights that are whole multiples (up to MAX_DRAWN) of
    the smallest are a batch's gradient times a constant (1/|B| x the sum under a mean: right; 1 x the sum:
    summed, missing 1/|B|). With more samples than independent gradient directions the fit is not unique: the
    sample of the smallest weight is then left out and the rest fitted again, while they still give ``g``."""
    scale = float(np.linalg.norm(g))
    if not (np.all(np.isfinite(G)) and np.isfinite(scale) and scale > 0):
        return None
    allowed = np.ones(G.shape[1], dtype=bool)
    while allowed.any():
        w = np.zeros(G.shape[1])
        w[allowed] = nonnegative_fit(G[:, allowed] / scale, g / scale)
        if not np.linalg.norm(G @ w - g) <= SAME_RTOL * scale:
            return None
        rows = np.flatnonzero(w > 1e-3 * w.max())    # below that: rounding of a fit that is not unique
        drawn = w[rows] / w[rows].min()
        counts = np.round(drawn).astype(int)
        if counts.max() <= MAX_DRAWN and np.all(np.abs(drawn / counts - 1) <= 0.01):
            return np.repeat(rows, counts)
        allowed[rows[np.argmin(w[rows])]] = False
    return None


def on_batch(rebuild, rows):
    """``rebuild`` restricted to the samples ``rows``: its loss is the loss's formula on that batch alone."""
    x, y = rebuild.x[rows], rebuild.y[rows]
    n = len(rebuild.x)
    listed = ", ".join(map(str, rows[:8])) + (" ..." if len(rows) > 8 else "")
    twice = " (some drawn more than once)" if len(set(rows)) < len(rows) else ""
    return replace(rebuild, x=x, y=y, n=len(rows), loss_fn=loss_of(rebuild.net, rebuild.kinds, rebuild.form, None, x, y),
                   at=f"{rebuild.at}; the gradient of a batch of {len(rows)} of the {n} observed samples{twice} "
                      f"(sample{'s' if len(rows) > 1 else ''} {listed}), not of all of them")


def independent(G):
    """True when the samples' gradients are linearly independent (singular values above 1e-6 of the largest, far
    above the finite differences' error): the weights giving a combination are then unique, and the hull is a
    thin simplex that a wrong gradient meets only by coincidence. With more samples than independent gradient
    directions it fills their span, and a wrong gradient may lie in it (a missing output derivative does)."""
    s = np.linalg.svd(G, compute_uv=False)
    return G.shape[1] <= G.shape[0] and s.size > 0 and s.min() > 1e-6 * s.max()


def one_batch(found, points, pairing, grads, tried=None):
    """(Rebuild on one batch of the observed samples, its GradReport) when, at one of ``points`` [(where, params)]
    and under one reading in ``found``, the observed gradient is that batch's gradient, or |B| x or 1/|B| x it
    (summed over the batch of a mean loss, or divided once too often); the first right one, else the first with a
    factor; None when it is no single batch's (unequal weights: samples drawn twice, more samples than gradient
    entries, a wrong gradient). ``tried``: the samples' gradients already taken (see samples_at).

    ``pairing``: {parameter: (gradient key, by name)}; ``grads``: the gradients under those keys."""
    g = observed(pairing, grads)
    factor = None
    for rebuild, at, params, G in tried if tried is not None else samples_at(found, points, pairing, grads):
        rows = batch_of(G, g)
        if rows is None:
            continue
        batch = on_batch(replace(rebuild, params=params, at=at), rows)
        report = gradcheck_through(batch, pairing, grads)
        if report.ok:
            return batch, report
        if factor is None and scaled_by(report, len(rows)):
            factor = (batch, report)
    return factor


def another_batch(found, points, pairing, grads):
    """For a gradient wrong for the whole observed data at every one of ``points``: :func:`one_batch`'s (Rebuild,
    GradReport) when it is one batch's gradient or |B| x it; else a sentence when, at one of them, the samples'
    gradients are independent and it is within SAME_RTOL of the hull of the loss's form (some weighting of the
    samples has it: not accused); else None."""
    tried = samples_at(found, points, pairing, grads, most=MAX_NAMED)
    batch = one_batch(found, points, pairing, grads, tried)
    if batch is not None:
        return batch
    g = observed(pairing, grads)
    for rebuild, at, _, G in tried:
        mean = averaged(rebuild)
        if testable(rebuild) and independent(G) and hull_fit(G, g, mean)[1] <= SAME_RTOL:
            return (f"the gradient is not the whole data's, but at {at} it is within {SAME_RTOL:.0e} of a "
                    f"combination of the {G.shape[1]} observed samples' own gradients that batches of them have under "
                    f"this loss (weights >= 0 {'summing to 1' if mean else 'of at most 1'}): it may be a minibatch's "
                    f"gradient, logged next to the whole data's predictions and loss")
    return None


def samples_at(found, points, pairing, grads, most=MAX_SAMPLES):
    """[(reading, where, params, G)]: the samples' own gradients G under each reading in ``found`` testable with at
    most ``most`` samples, at each of ``points``; [] when the observed gradients are not finite or not shaped as
    their parameters."""
    g = observed(pairing, grads)
    if not (np.all(np.isfinite(g)) and g @ g > 0) or not points \
            or any(np.shape(grads[k if by_name else p]) != points[0][1][p].shape for p, (k, by_name) in pairing.items()):
        return []
    tried = [(rebuild, at, params, sample_gradients(rebuild, params, list(pairing)))
             for rebuild in found if testable(rebuild, most) for at, params in points]
    return [t for t in tried if np.all(np.isfinite(t[3]))]


def common_factor(wrong):
    """c > 0 when every result in ``wrong`` is exactly c x the true gradient (within 1%), else None."""
    if not wrong or any(r.pattern != "scale" or not r.factor for r in wrong):
        return None
    factors = [r.factor for r in wrong]
    c = float(np.median(factors))
    return c if c > 0 and all(abs(f / c - 1) <= 0.01 for f in factors) else None


def scaled_by(report, m):
    """Every wrong gradient in ``report`` (one at least) exactly m x or 1/m x the true one (m >= 2), within
    SUMMED_RTOL: summed over a batch of m of a mean loss (missing 1/m), or divided by m once too often."""
    wrong = [r for r in report.results if not r.ok]
    return m >= 2 and bool(wrong) and all(r.pattern == "scale" and r.factor for r in wrong) and any(
        all(abs(r.factor / c - 1) <= SUMMED_RTOL for r in wrong) for c in (m, 1 / m))


def observed(pairing, grads):
    """The observed gradient entries, in the order of ``pairing``, as one float64 vector."""
    keys = [k if by_name else p for p, (k, by_name) in pairing.items()]
    return np.concatenate([np.asarray(grads[k], dtype=np.float64).ravel() for k in keys])


def no_batch_fits(found, points, pairing, grads):
    """A sentence saying that no batch of the observed samples has the observed gradient under the loss's form,
    under every reading in ``found`` and anywhere between the points in ``points`` [(where, params)] (the first the
    observed parameters); None when some batch may have it, or the test cannot run (see testable)."""
    g = observed(pairing, grads)
    tried = samples_at(found, points, pairing, grads)
    if len(tried) < len(found) * len(points):     # a reading the test cannot take, or gradients it cannot read
        return None
    nearest = 1.0
    for i, rebuild in enumerate(found):
        Gs = [G for _, _, _, G in tried[i * len(points):(i + 1) * len(points)]]
        mean = averaged(rebuild)
        on_the_way = [Gs[0] + t * (G - Gs[0]) for G in Gs[1:] for t in (0.25, 0.5, 1.0, DRIFT_SAFETY)]
        # How far the best combination at the observed point moves on the way: a distance within that could be
        # the drift of the point the gradient was computed at, not a wrong gradient.
        # A loop that adds its "gradients" (p += lr * g) passes the descent direction -grad: -g is judged too.
        for sign in (1.0, -1.0):
            w, _ = hull_fit(Gs[0], sign * g, mean)
            drift = max([float(np.linalg.norm((G - Gs[0]) @ w)) for G in Gs[1:]] + [0.0]) / float(np.linalg.norm(g))
            distances = [hull_fit(G, sign * g, mean)[1] for G in [Gs[0], *on_the_way]]
            nearest = min(nearest, min(distances) - DRIFT_SAFETY * drift)
        if nearest <= BATCH_RTOL:
            return None
    n = Gs[0].shape[1]
    weights = "weights >= 0 summing to 1 (a mean)" if mean else "weights of at most 1 (a sum)"
    return (f"more than one step after the observation before, so the gradient may be another batch's, from anywhere "
            f"on the way; but no batch of the {n} observed samples has it there (a batch's gradient combines its "
            f"samples' own gradients with {weights}; even allowing for the way, the nearest is {nearest:.0%} off)")
