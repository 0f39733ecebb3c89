"""gradient-scale: the gradients are a constant factor times the true gradient (e.g. m x: missing 1/m)."""
import re

import numpy as np

from ._common import Rule
from .gradient_mismatch import HIGH, LOW, MIN_STEPS, consistent, small_step_ratios

RULE = Rule(
    "gradient-scale", "The gradients are a constant factor times the true gradient",
    "`error` when a finite-difference check shows it and the run fails, `warning` otherwise (from the steps "
    "alone: `warning` when the run fails, `info` otherwise). A factor of 1/2 or 2 in every gradient is no "
    "finding: it is the 1/2 of 1/2 (y - t)^2, in the logged loss and not in the gradient (or the other way "
    "round), which only halves or doubles the step; the report's gradients line says the gradients are right up "
    "to it. It is a root cause: it comes before the lr-too-high or loss-diverging it produces.",
    "Every step is that factor times what the learning rate asks for: a factor m (gradients summed over the "
    "batch, not averaged) makes the learning rate m times too large, so the loss diverges or oscillates; a "
    "factor below 1 makes training that much slower.",
    "A finite-difference check (loss_fn, the rebuilt forward pass, or fit's model check) finds every wrong "
    "gradient exactly c x the true one (within 1%), c > 0 (a negative factor points the step uphill: that is "
    "gradient-mismatch). From the steps alone: over 3+ small plain-gradient steps the "
    "loss changes by a consistent 1/c of what the gradients promise, with c >= 3 or <= 1/3. The factor is named "
    "m when it equals the number of samples in the batch.",
    "Divide the gradients by the batch size m (dW = X.T @ delta / m) when the loss is a mean; otherwise find the "
    "factor the backward pass has too many (or too few) and check with scratchnn.gradcheck.",
    where="`grads`.")


def _named(c, m, approx):
    """' = m: missing 1/m' when c is the number of samples (within 0.1%, or 15% from the steps)."""
    tol = 0.15 if approx else 1e-3
    if m and m >= 2 and abs(c / m - 1) <= tol:
        return f" = m (the {m} samples): missing 1/m"
    if m and m >= 2 and abs(c * m - 1) <= tol:
        return f" = 1/m (m = {m}): divided by m once too often"
    return ""


def _batch_size(results):
    """The batch size m the gradient checker inferred from what the loss closes over, when it named one."""
    for r in results:
        match = re.search(r"= m \(the batch size, (\d+)\)", r.message)
        if match:
            return int(match.group(1))
    return None


def check(facts):
    m = facts.n_samples
    checked = facts.gradients
    if checked.ok is not None:
        c = checked.scale()
        if c is None:
            return []
        words = _named(c, m or _batch_size(checked.wrong), approx=False)
        evidence = f"{checked.how} ({checked.at}): " + "; ".join(f"{r.name}: {r.message}" for r in checked.wrong)
        return [RULE.finding("error" if facts.failing else "warning",
                             f"your gradients are {c:.1f}x the true gradient{words}", evidence, since=facts.epochs[0],
                             where=checked.wrong[0].name, link=f"gradients {c:.1f}x too large{words}",
                             proven=True)]
    ratios = small_step_ratios(facts)
    if len(ratios) < MIN_STEPS or LOW <= np.median(ratios) <= HIGH or not consistent(ratios):
        return []
    c = 1 / float(np.median(ratios))
    words = _named(c, m, approx=True)
    evidence = (f"over {len(ratios)} small plain-gradient steps the loss changed by {1 / c:.3g}x what the "
                f"gradients promise (g . dp), consistently: the gradients are about {c:.3g}x the true gradient")
    return [RULE.finding("warning" if facts.failing else "info",
                         f"your gradients are about {c:.3g}x the true gradient{words}", evidence,
                         since=facts.epochs[0], where="grads", link=f"gradients about {c:.3g}x too large{words}")]
