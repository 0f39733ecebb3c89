"""shape-mismatch: predictions and targets of different shapes, silently broadcast."""
from .. import losses
from ._common import Rule, g

RULE = Rule(
    "shape-mismatch", "Predictions and targets have different shapes that NumPy broadcasts",
    "`error` when the observed loss equals a loss of the broadcast arrays, `warning` otherwise.",
    "NumPy broadcasting turns p - y into a bigger array: each prediction is compared with every target, so the "
    "loss and the gradient do not measure what you think (p of shape (n, 1) and y of shape (n,) give (n, n)).",
    "Any broadcast whose result differs from both shapes. When the loss value equals one of the loss formulas on "
    "the broadcast arrays, the doctor knows the loss really was computed that way.",
    "Give both the same shape, e.g. y = y.reshape(-1, 1) to match (n, 1) predictions.",
    where="`predictions`.")


def broadcast_records(facts):
    """The observations whose predictions and targets broadcast into a bigger array. Any observation counts: once
    the broadcast gradient has grown the parameters to the broadcast shape, later predictions already have it and
    only the first observations show the mismatch."""
    return [r for r in facts.records if r.broadcast_shape is not None and r.broadcast_shape not in r.shapes]


def broadcast_losses_logged(r):
    """The loss formulas that, on observation ``r``'s broadcast arrays, give the loss it logged."""
    return [n for n, v in r.broadcast_losses.items() if losses.matches(v, r.loss)]


def check(facts):
    recs = broadcast_records(facts)
    if not recs:
        return []
    r = recs[-1]
    (p, y), b = r.shapes, r.broadcast_shape
    used = broadcast_losses_logged(r)
    evidence = f"predictions {p} and targets {y} broadcast to {b}"
    if used:
        evidence += f"; the loss {g(r.loss)} is the {used[0]} of the broadcast {b} arrays"
    return [RULE.finding("error" if used else "warning", f"predictions {p} and targets {y} have different shapes",
                         evidence, since=recs[0].epoch, where="predictions", link=f"predictions {p} vs targets {y}")]
