"""exploding-gradients: a gradient far larger than the weights it updates."""
import numpy as np

from ._common import Rule, g, times

RATIO = 100.0

RULE = Rule(
    "exploding-gradients", "A gradient is far larger than the weights it updates",
    "`warning`, only when the run fails.",
    "With gradients this large any usual learning rate throws the weights far away in one step.",
    "||dW|| > 100 ||W|| for some weight matrix: even a learning rate of 0.01 then moves the weights by their own "
    "size in one step. Healthy ratios are about 0.01-1.",
    "Scale the inputs (the first layer's gradient grows with them), lower the learning rate, or clip the gradient "
    "norm; if the gradients are summed over the batch, divide them by the batch size m.",
    where="the weight matrix.")


def check(facts):
    if not facts.failing:
        return []
    names = facts.weight_names()
    for r in facts.records:
        for n in names:
            s = r.params.get(n)
            if s and s.grad is not None and s.norm > 0 and np.isfinite(s.norm) and s.grad > RATIO * s.norm:
                ratio = s.grad / s.norm
                return [RULE.finding(
                    "warning", f"the gradient of {n} is {times(ratio)} the weights",
                    f"||d{n}|| = {g(s.grad)} against ||{n}|| = {g(s.norm)} at epoch {r.epoch}",
                    since=r.epoch, where=n, link=f"gradient of {n} {times(ratio)} its weights",
                    remedy={"lr_factor": 0.1})]
    return []
