"""weights-not-updating: the gradient is non-zero but the parameter does not change.

Threshold: a parameter identical (bit for bit) to its previous observation at each of the last 3
observations while its gradient asks for a step lr * ||grad|| above 1e-5 of ||p|| (smaller steps
can vanish in float32 rounding). The classic cause is an update applied to a copy
(``w = w - lr * dw`` inside a function whose result is dropped, or on a loop variable). Error when
the run fails, info otherwise (a frozen parameter may be on purpose).
"""
from ._common import Finding, g

CODE, RANK = "weights-not-updating", 5
WINDOW = 3
# float32 keeps 7 digits: a step below 1e-5 of the weights may round away and is no evidence.
MIN_RELATIVE_STEP = 1e-5


def _should_move(s, lr):
    """A step lr * ||grad|| (||grad|| if lr is unknown) above 1e-5 of ||p||: float32 rounding cannot swallow it."""
    return bool(s["grad"]) and s["grad"] * (lr or 1.0) > MIN_RELATIVE_STEP * s["norm"]


def check(facts):
    out = []
    recent = facts.records[-WINDOW:]
    if len(recent) < WINDOW:
        return out
    for name in facts.param_names():
        stats = [r["params"].get(name) for r in recent]
        if all(s and s["update"] == 0 and _should_move(s, r["lr"]) for s, r in zip(stats, recent)):
            out.append(Finding(
                CODE, "error" if facts.failing else "info", f"{name} never changes although its gradient is not zero",
                f"{name} was identical at the last {WINDOW} observations while ||grad|| = {g(stats[-1]['grad'])}",
                "The update is computed but never reaches the parameter the network uses, so the loss cannot move.",
                f"Update the array in place ({name} -= lr * d{name}) or assign the result back to the variable "
                "the forward pass reads; return updated parameters from your update function and use them.",
                since_epoch=recent[0]["epoch"], where=name, link=f"{name} never updated"))
    return out
