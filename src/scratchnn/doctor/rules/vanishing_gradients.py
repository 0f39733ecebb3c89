"""vanishing-gradients: some weights get gradients far too small to move them."""
import numpy as np

from ._common import Rule, g
from .loss_plateau import converged_one_layer

SPREAD = 1e-3
ABSOLUTE = 1e-8
PERSIST = 3
# A spread of 100x (healthy deep networks reach it) counts when the slow weights also stand still: each step
# lr * ||dW|| changes them by less than a millionth of their size (a million steps to move them by it once).
SLOW_SPREAD = 1e-2
STILL = 1e-6

RULE = Rule(
    "vanishing-gradients", "Some weights get gradients far too small to move them",
    "`warning`, only when the run fails.",
    "Each sigmoid or tanh layer multiplies the gradient by its derivative (at most 0.25 for a sigmoid); dead and "
    "saturated units pass back nothing. Weights whose gradient is this small do not move.",
    "With r = ||dW|| / ||W|| per weight matrix at each of the last 3 observations: one r below 1e-3 of the largest (those "
    "weights learn a thousand times slower), or every r below 1e-8 (nothing learns). Healthy deep networks show "
    "spreads of 10-100x, so a spread of 100x counts only when each step, lr * r, also changes the slow weights by "
    "less than 1e-6 of their size (a million steps to move them by their own size once). Not for a one-layer "
    "model that has converged (see loss-plateau): its gradient is ~0 because it is at its lowest loss.",
    "Use ReLU in hidden layers with He init, scale the inputs, and fix dead or saturated units first.",
    where="the weight with the smallest relative gradient.")


def _verdict(params, names, lr):
    """(smallest, largest, ratios) when ``params`` (one observation, learning rate ``lr``) shows vanishing
    gradients, else None."""
    ratios = {n: params[n].grad / params[n].norm for n in names
              if n in params and params[n].grad is not None and params[n].norm > 0
              and np.isfinite(params[n].grad) and np.isfinite(params[n].norm)}
    if not ratios:
        return None
    low, high = min(ratios, key=ratios.get), max(ratios, key=ratios.get)
    if ratios[high] < ABSOLUTE or (len(ratios) > 1 and ratios[low] < SPREAD * ratios[high]):
        return low, high, ratios
    if len(ratios) > 1 and lr is not None and ratios[low] < SLOW_SPREAD * ratios[high] and lr * ratios[low] < STILL:
        return low, high, ratios
    return None


def check(facts):
    if not facts.failing or converged_one_layer(facts):  # a converged model's gradient is ~0 by definition
        return []
    names = facts.weight_names()
    # The last PERSIST observations must all show it: one sample's gradient (per-sample SGD) can be 0
    # for a weight by chance, e.g. dW = delta @ x.T on the input x = 0.
    recent = [r for r in facts.records if any(s.grad is not None for s in r.params.values())][-PERSIST:]
    verdicts = [_verdict(r.params, names, r.lr) for r in recent]
    if not verdicts or any(v is None for v in verdicts):
        return []
    low, high, ratios = verdicts[-1]
    if ratios[high] < ABSOLUTE:
        low, title = None, "gradients have vanished everywhere"
        evidence = f"every weight gets ||dW|| / ||W|| below {ABSOLUTE:g} (largest: {high}, {g(ratios[high])})"
    else:
        title = f"gradients vanish before they reach {low}"
        evidence = f"||dW|| / ||W|| is {g(ratios[low])} for {low} but {g(ratios[high])} for {high}"
        lr = recent[-1].lr
        if lr is not None and not ratios[low] < SPREAD * ratios[high]:
            evidence += f"; each step (lr = {g(lr)}) changes {low} by {g(lr * ratios[low])} of its size"
    return [RULE.finding("warning", title, evidence, since=facts.epochs[-1], where=low,
                         link=f"gradient of {low} vanished" if low else "gradients vanished")]
