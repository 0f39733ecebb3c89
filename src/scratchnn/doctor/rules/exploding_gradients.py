"""exploding-gradients: a gradient far larger than the weights it updates."""
import numpy as np

from ._common import Rule, g, times

RATIO = 100.0
GROWTH = 100.0

RULE = Rule(
    "exploding-gradients", "A gradient is far larger than the weights it updates",
    "`warning`, only when the run fails.",
    "With gradients this large any usual learning rate throws the weights far away in one step.",
    "||dW|| > 100 ||W|| for some weight matrix: even a learning rate of 0.01 then moves the weights by their own "
    "size in one step (healthy ratios are about 0.01-1); or a gradient norm that grows more than 100x from its "
    "first observed value while the loss does not fall (each step overshoots further). Only when the run fails.",
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
    return _grown(facts, names)


def _grown(facts, names):
    """A gradient norm that grew more than GROWTH x from its first observed value (while the loss rose)."""
    for n in names:
        series = [(r.epoch, r.params[n].grad, r.loss) for r in facts.records
                  if n in r.params and r.params[n].grad is not None and np.isfinite(r.params[n].grad)]
        if len(series) < 3 or not series[0][1] > 0:
            continue
        first = series[0][1]
        for epoch, grad, loss in series[1:]:
            if grad > GROWTH * first and not (np.isfinite(loss) and loss < series[0][2]):
                return [RULE.finding(
                    "warning", f"the gradient of {n} grew {times(grad / first)}",
                    f"||d{n}|| went from {g(first)} at epoch {series[0][0]} to {g(grad)} at epoch {epoch}",
                    since=epoch, where=n, link=f"gradient of {n} grew {times(grad / first)}",
                    remedy={"lr_factor": 0.1})]
    return []
