"""vanishing-gradients: some weights get gradients far too small to move them."""
import numpy as np

from ._common import Rule, g

SPREAD = 1e-3
ABSOLUTE = 1e-8

RULE = Rule(
    "vanishing-gradients", "Some weights get gradients far too small to move them",
    "`warning`, only when the run fails.",
    "Each sigmoid or tanh layer multiplies the gradient by its derivative (at most 0.25 for a sigmoid); dead and "
    "saturated units pass back nothing. Weights whose gradient is this small do not move.",
    "With r = ||dW|| / ||W|| per weight matrix at the last observation: one r below 1e-3 of the largest (those "
    "weights learn a thousand times slower), or every r below 1e-8 (nothing learns). Healthy deep networks show "
    "spreads of 10-100x.",
    "Use ReLU in hidden layers with He init, scale the inputs, and fix dead or saturated units first.",
    where="the weight with the smallest relative gradient.")


def check(facts):
    if not facts.failing:
        return []
    last = facts.records[-1].params
    ratios = {n: last[n].grad / last[n].norm for n in facts.weight_names()
              if n in last and last[n].grad is not None and last[n].norm > 0
              and np.isfinite(last[n].grad) and np.isfinite(last[n].norm)}
    if not ratios:
        return []
    low, high = min(ratios, key=ratios.get), max(ratios, key=ratios.get)
    if ratios[high] < ABSOLUTE:
        low, title = None, "gradients have vanished everywhere"
        evidence = f"every weight gets ||dW|| / ||W|| below {ABSOLUTE:g} (largest: {high}, {g(ratios[high])})"
    elif len(ratios) > 1 and ratios[low] < SPREAD * ratios[high]:
        title = f"gradients vanish before they reach {low}"
        evidence = f"||dW|| / ||W|| is {g(ratios[low])} for {low} but {g(ratios[high])} for {high}"
    else:
        return []
    return [RULE.finding("warning", title, evidence, since=facts.epochs[-1], where=low,
                         link=f"gradient of {low} vanished" if low else "gradients vanished")]
