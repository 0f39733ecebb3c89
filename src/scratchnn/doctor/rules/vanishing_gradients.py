"""vanishing-gradients: some weights get gradients far too small to move them.

Measured as ||dW|| / ||W|| per weight matrix at the last observation. Threshold: one matrix's ratio
below 1e-3 of another's (the early layers learn a thousand times slower than the late ones), or
every ratio below 1e-8 (nothing learns). Only when the run fails: healthy deep nets show spreads
of 10-100x.
"""
import numpy as np

from ._common import Finding

CODE, RANK = "vanishing-gradients", 34
SPREAD = 1e-3
ABSOLUTE = 1e-8


def check(facts):
    if not facts.failing:
        return []
    last = facts.records[-1]["params"]
    ratios = {n: last[n]["grad"] / last[n]["norm"] for n in facts.weight_names()
              if n in last and last[n]["grad"] is not None and last[n]["norm"] > 0 and np.isfinite(last[n]["grad"])}
    if not ratios:
        return []
    low, high = min(ratios, key=ratios.get), max(ratios, key=ratios.get)
    if ratios[high] < ABSOLUTE:
        low, title = None, "gradients have vanished everywhere"
        evidence = f"every weight gets ||dW|| / ||W|| below {ABSOLUTE:g} (largest: {high}, {ratios[high]:.3g})"
    elif len(ratios) > 1 and ratios[low] < SPREAD * ratios[high]:
        title = f"gradients vanish before they reach {low}"
        evidence = f"||dW|| / ||W|| is {ratios[low]:.3g} for {low} but {ratios[high]:.3g} for {high}"
    else:
        return []
    return [Finding(
        CODE, "warning", title, evidence,
        "Each sigmoid or tanh layer multiplies the gradient by its derivative (at most 0.25 for a sigmoid); "
        "dead and saturated units pass back nothing. Weights whose gradient is this small do not move.",
        "Use ReLU in hidden layers with He init, scale the inputs, and fix dead or saturated units first.",
        since_epoch=facts.epochs[-1], where=low, link=f"gradient of {low} vanished" if low else "gradients vanished")]
