"""weights-not-updating: the gradient is non-zero but the parameter does not change.

Threshold: a parameter identical (bit for bit) to its previous observation at each of the last 3
observations while its gradient norm is above 0. The classic cause is an update applied to a copy
(``w = w - lr * dw`` inside a function whose result is dropped, or on a loop variable). Error when
the run fails, info otherwise (a frozen parameter may be on purpose).
"""
from ._common import Finding, g

CODE, RANK = "weights-not-updating", 5
WINDOW = 3


def check(facts):
    out = []
    recent = facts.records[-WINDOW:]
    if len(recent) < WINDOW:
        return out
    for name in facts.param_names():
        stats = [r["params"].get(name) for r in recent]
        if all(s and s["update"] == 0 and s["grad"] for s in stats):
            out.append(Finding(
                CODE, "error" if facts.failing else "info", f"{name} never changes although its gradient is not zero",
                f"{name} was identical at the last {WINDOW} observations while ||grad|| = {g(stats[-1]['grad'])}",
                "The update is computed but never reaches the parameter the network uses, so the loss cannot move.",
                f"Update the array in place ({name} -= lr * d{name}) or assign the result back to the variable "
                "the forward pass reads; return updated parameters from your update function and use them.",
                since_epoch=recent[0]["epoch"], where=name, link=f"{name} never updated"))
    return out
