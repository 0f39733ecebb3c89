"""weights-not-updating: the gradient is non-zero but the parameter does not change."""
import numpy as np

from ._common import Rule, g

WINDOW = 3
# float32 keeps 7 digits: a step below 1e-5 of the weights may round away and is no evidence.
MIN_RELATIVE_STEP = 1e-5

RULE = Rule(
    "weights-not-updating", "A parameter never changes although its gradient is not zero",
    "`error` when the run fails, `info` otherwise (a frozen parameter may be on purpose).",
    "The update is computed but never reaches the parameter the network uses, so the loss cannot move.",
    "The parameter is identical, bit for bit, at each of the last 3 observations while its gradient asks for a "
    "step lr * ||grad|| (||grad|| when lr is not observed) above 1e-5 of ||p||: float32 keeps about 7 digits, "
    "so a smaller step may round away and proves nothing; a NaN or inf gradient that leaves the parameter finite "
    "and unchanged was never applied either. The classic cause is an update applied to a copy "
    "(w = w - lr * dw inside a function whose result is dropped, or on a loop variable).",
    "Update the array in place (W -= lr * dW) or assign the result back to the variable the forward pass reads; "
    "return updated parameters from your update function and use them.",
    where="the parameter.")


def _should_move(s, lr):
    """A step big enough to change the parameter; a NaN or inf gradient would have poisoned it."""
    if not np.isfinite(s.grad):
        return True
    return bool(s.grad) and s.grad * (lr or 1.0) > MIN_RELATIVE_STEP * s.norm


def check(facts):
    out = []
    for name in facts.param_names():
        # The last observations where this parameter and its gradient were finite (after a NaN, nothing moves).
        usable = [r for r in facts.records if name in r.params and np.isfinite(r.params[name].norm)
                  and r.params[name].grad is not None]
        recent = usable[-WINDOW:]
        if len(recent) < WINDOW:
            continue
        stats = [r.params[name] for r in recent]
        if all(s and s.update == 0 and _should_move(s, r.lr) for s, r in zip(stats, recent)):
            out.append(RULE.finding(
                "error" if facts.failing else "info", f"{name} never changes although its gradient is not zero",
                f"{name} was identical at the last {WINDOW} observations while ||grad|| = {g(stats[-1].grad)}",
                since=recent[0].epoch, where=name, link=f"{name} never updated"))
    return out
