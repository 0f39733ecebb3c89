"""Is an observed gradient the gradient of *any* batch of the observed samples?

When the parameters moved by more than one plain step between the last two observations (several
minibatch steps per observation, one sample at a time, observations several epochs apart), the
observed gradient may be that of the last minibatch or the last sample, computed anywhere on the
way, so a mismatch with the whole data's gradient proves nothing by itself. But a loss that adds up
(or averages) one term per sample has, on any batch, the gradient

.. math::  g = \\sum_i w_i \\nabla \\ell_i, \\qquad w_i \\ge 0

(w_i = 1/|B| for the samples of a batch B under a mean, 1 under a sum; a sample drawn twice counts
twice; a weighted loss weights it), a non-negative combination of the samples' own gradients. So
when the observed gradient is farther than CONE_RTOL (relative) from every such combination, it is
the gradient of no batch of this loss: wrong whatever batch it came from (and so must -g be: a loop that
adds its "gradients", p += lr * g, passes the descent direction). The samples' own gradients
(a ``(P, n)`` matrix J, P gradient entries) come from central differences of each sample's loss
term through the rebuilt forward pass, two evaluations per entry, at the observed parameters and at
every other point the gradient may have been computed at (the previous observation's parameters,
the observed ones + lr * gradient). The gradient was computed somewhere on the way between them, so
J is also taken part of the way to each of those points and DRIFT_SAFETY times as far, and the distance
must exceed DRIFT_SAFETY times what the best combination moves on the way: a distance within it may be
the drift of the point the gradient was computed at (momentum, Adam), not a wrong gradient.
"""
import numpy as np

CONE_RTOL = 0.02       # 2%: 100x the error of the finite differences and of float32 gradients
DRIFT_SAFETY = 2.0     # J is also taken up to twice as far as it moves between the points known
STEP = 1e-6            # central-difference step, relative to max(|entry|, 1)
# Beyond this many observed samples the test is not run: its non-negative fit grows as n^3 (and with many more
# samples than gradient entries the combinations reach nearly every direction, so it concludes little).
MAX_SAMPLES = 64


def sample_gradients(rebuild, params, names):
    """``(P, n)``: column i is sample i's own gradient of its loss term, over the entries of ``names``."""
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
    return np.array(rows)


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
    """||g - J w|| / ||g|| for the best w >= 0: 0 when some batch of these samples has gradient ``g``."""
    w = nonnegative_fit(J, g)
    return float(np.linalg.norm(g - J @ w) / np.linalg.norm(g))


def no_batch_fits(found, points, pairing, grads):
    """A sentence saying that no batch of the observed samples has the observed gradient, under every reading in
    ``found`` and anywhere between the points in ``points`` [(where, params)] (the first the observed
    parameters); None when some batch may have it, or the test cannot run (a penalty term, which is no sum over
    samples, or a softmax normalised across the samples, more than MAX_SAMPLES samples).

    ``pairing``: {parameter: (gradient key, by name)}; ``grads``: the gradients under those keys."""
    names = list(pairing)
    keys = [k if by_name else p for p, (k, by_name) in pairing.items()]
    g = np.concatenate([np.asarray(grads[k], dtype=np.float64).ravel() for k in keys])
    if not (np.all(np.isfinite(g)) and g @ g > 0):
        return None
    nearest = 1.0
    if any(rebuild.x is None or len(rebuild.x) > MAX_SAMPLES for rebuild in found):
        return None
    for rebuild in found:
        if rebuild.penalty is not None or rebuild.form is None or rebuild.kinds[-1][0] == "softmax_over_samples":
            return None
        if any(np.shape(grads[k]) != points[0][1][p].shape for p, k in zip(names, keys)):
            return None
        Js = [sample_gradients(rebuild, params, names) for _, params in points]
        if not all(np.all(np.isfinite(J)) for J in Js):
            return None
        on_the_way = [Js[0] + t * (J - Js[0]) for J in Js[1:] for t in (0.25, 0.5, 1.0, DRIFT_SAFETY)]
        # How far the best combination at the observed point moves on the way: a distance within that could be
        # the drift of the point the gradient was computed at, not a wrong gradient.
        # A loop that adds its "gradients" (p += lr * g) passes the descent direction -grad: -g is judged too.
        for sign in (1.0, -1.0):
            w = nonnegative_fit(Js[0], sign * g)
            drift = max([float(np.linalg.norm((J - Js[0]) @ w)) for J in Js[1:]] + [0.0]) / float(np.linalg.norm(g))
            nearest = min(nearest, min(cone_distance(J, sign * g) for J in [Js[0], *on_the_way]) - DRIFT_SAFETY * drift)
        if nearest <= CONE_RTOL:
            return None
    n = Js[0].shape[1]
    return (f"more than one step after the observation before, so the gradient may be another batch's, from anywhere "
            f"on the way; but no batch of the {n} observed samples has it there (a batch's gradient is a combination "
            f"of its samples' own gradients with weights >= 0; even allowing for the way, the nearest is "
            f"{nearest:.0%} off)")
