"""non-finite: NaN or inf in the loss, parameters, gradients, activations or predictions.

No threshold: one NaN poisons every later forward and backward pass, so it is always an error.
The rule names the first epoch and every place it appeared then.
"""
from ._common import Finding, g

CODE, RANK = "non-finite", 26


def check(facts):
    if facts.nonfinite_epoch is None:
        return []
    e, where = facts.nonfinite_epoch, facts.nonfinite_where
    before = [(r["epoch"], r["loss"]) for r in facts.records if r["epoch"] < e]
    last = f"; the last finite loss was {g(before[-1][1])} at epoch {before[-1][0]}" if before else ""
    return [Finding(
        CODE, "error", f"NaN or inf appeared at epoch {e}",
        f"non-finite at epoch {e} in: {', '.join(where)}{last}",
        "Once a NaN or inf enters the weights, every later forward pass and gradient is NaN too: training "
        "cannot recover from it.",
        "Find what blew up first (see the findings before this one: usually a step that is far too large or "
        "unscaled inputs). Guard logs against 0: np.log(np.clip(p, 1e-12, 1 - 1e-12)).",
        since_epoch=e, where=where[0], link=f"NaN at epoch {e}")]
