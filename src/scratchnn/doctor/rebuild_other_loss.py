"""Gradients of a usual loss next to a logged value that is no usual loss.

Some loops log a number that is not the loss their backward pass differentiates: a log-likelihood without
its minus sign, a cross-entropy of ``h - 0.1``, an accuracy. When a rebuilt forward pass reproduces the
observed predictions but no usual loss gives the logged value (so nothing can be accused), the gradients
may still be exactly those of a usual loss of those predictions. Then the backward pass is right, and a
logged value that does not respond to the steps says nothing against it. Each usual form is first tested
along the gradient itself (one directional derivative, two loss evaluations), and the full gradient check
runs only for a form that passes; the check is reported only when it finds the gradients right.
"""
import numpy as np

from ..gradchecker import gradcheck
from .rebuild_losses import FORMS
from .rebuild_search import loss_of

MAX_CANDIDATES = 2          # readings (closest first) whose predictions matched
DIRECTIONAL_RTOL = 1e-3


def right_under_a_usual_loss(unmatched, grads, logged):
    """(description, at, report) for the first usual loss whose gradient the observed ``grads`` (keyed by
    parameter name) are, through a reading in ``unmatched`` [(net, kinds, rows, params, at, x, y)]; else None."""
    for net, kinds, rows, params, at, x, y in unmatched[:MAX_CANDIDATES]:
        if not grads or any(k not in params or np.shape(g) != params[k].shape for k, g in grads.items()):
            continue
        fixed = {k: v for k, v in params.items() if k not in grads}
        for form in FORMS:
            if form.family != "squared" and not (0 <= y.min() and y.max() <= 1):
                continue
            loss_fn = loss_of(net, kinds, form, None, x, y)
            full = lambda q, f=loss_fn: f({**fixed, **q})
            own = {k: params[k] for k in grads}
            if not _along_the_gradient(full, own, grads):
                continue
            report = gradcheck(full, own, grads, batch_size=len(x))
            if report.ok:
                k = y.shape[1]
                described = (f"{net.describe(kinds, rows, params)}; loss: {form.describe(k)} (the value you log, "
                             f"{logged:.6g}, is no usual loss of these predictions: your gradients are those of "
                             f"{form.describe(k)}, not of what you log)")
                return described, at, report
    return None


def _along_the_gradient(loss_fn, params, grads):
    """True when the central difference of ``loss_fn`` along the gradient g equals |g|^2 to DIRECTIONAL_RTOL."""
    g = {k: np.asarray(v, dtype=np.float64) for k, v in grads.items()}
    gg = sum(float(np.sum(v * v)) for v in g.values())
    if not gg > 0 or not np.isfinite(gg):
        return False
    size = np.sqrt(sum(float(np.sum(v * v)) for v in params.values()))
    t = 1e-6 * max(size, 1.0) / np.sqrt(gg)
    with np.errstate(all="ignore"):
        up = loss_fn({k: params[k] + t * g[k] for k in g})
        down = loss_fn({k: params[k] - t * g[k] for k in g})
    slope = (up - down) / (2 * t)
    return bool(np.isfinite(slope) and abs(slope - gg) <= DIRECTIONAL_RTOL * gg)
