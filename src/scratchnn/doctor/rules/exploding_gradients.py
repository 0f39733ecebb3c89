"""exploding-gradients: a gradient far larger than the weights it updates.

Threshold: ||dW|| > 100 ||W|| for some weight matrix. Even a learning rate of 0.01 then moves the
weights by their own size in one step; typical healthy ratios are 0.01-1. Only when the run fails.
"""
import numpy as np

from ._common import Finding

CODE, RANK = "exploding-gradients", 22
RATIO = 100.0


def check(facts):
    if not facts.failing:
        return []
    names = facts.weight_names()
    for r in facts.records:
        for n in names:
            s = r["params"].get(n)
            if s and s["grad"] is not None and s["norm"] > 0 and np.isfinite(s["norm"]) and s["grad"] > RATIO * s["norm"]:
                ratio = s["grad"] / s["norm"] if np.isfinite(s["grad"]) else np.inf
                return [Finding(
                    CODE, "warning", f"the gradient of {n} is {ratio:.3g}x the weights",
                    f"||d{n}|| = {s['grad']:.4g} against ||{n}|| = {s['norm']:.4g} at epoch {r['epoch']}",
                    "With gradients this large any usual learning rate throws the weights far away in one step.",
                    "Scale the inputs (the first layer's gradient grows with them), divide summed gradients by "
                    "the batch size m, lower the learning rate, or clip the gradient norm.",
                    since_epoch=r["epoch"], where=n, link=f"gradient of {n} {ratio:.3g}x its weights",
                    remedy={"lr_factor": 0.1})]
    return []
