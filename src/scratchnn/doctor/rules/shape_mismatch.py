"""shape-mismatch: predictions and targets of different shapes, silently broadcast.

``p - y`` with p of shape (n, 1) and y of shape (n,) is an (n, n) matrix: every prediction is
compared with every target and the loss and its gradient mean nothing. Error when the observed
loss equals a loss of the broadcast arrays (it is certainly happening), warning otherwise.
"""
from .. import losses
from ._common import Finding

CODE, RANK = "shape-mismatch", 1


def check(facts):
    recs = [r for r in facts.records if r.get("broadcast_shape") is not None]
    if not recs:
        return []
    r = recs[-1]
    (p, y), b = r["shapes"], r["broadcast_shape"]
    if b in (p, y):
        return []
    used = [n for n, v in r.get("broadcast_losses", {}).items() if losses.matches(v, r["loss"])]
    evidence = f"predictions {p} and targets {y} broadcast to {b}"
    if used:
        evidence += f"; the loss {r['loss']:.6g} is the {used[0]} of the broadcast {b} arrays"
    return [Finding(
        CODE, "error" if used else "warning", f"predictions {p} and targets {y} have different shapes", evidence,
        f"NumPy broadcasting turns p - y into a {b} array: each prediction is compared with every target, "
        "so the loss and the gradient do not measure what you think.",
        "Give both the same shape, e.g. y = y.reshape(-1, 1) to match (n, 1) predictions.",
        since_epoch=recs[0]["epoch"], where="predictions", link=f"predictions {p} vs targets {y}")]
