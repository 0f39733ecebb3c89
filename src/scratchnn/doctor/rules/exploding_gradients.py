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
    "first observed value while the loss does not fall (each step overshoots further). Only when the run fails. "
    "Weights that start at zero (all zeros at their first observation, or one plain lr * gradient step from zero) "
    "are judged by the growth alone: at first their norm is the size of the steps taken, not their scale.",
    "Scale the inputs (the first layer's gradient grows with them), lower the learning rate, or clip the gradient "
    "norm; if the gradients are summed over the batch, divide them by the batch size m.",
    where="the weight matrix.")


def zero_start(facts, name):
    """True when ``name`` started at zero: all zeros at its first observation, or (observed after the update) exactly
    one plain step lr * ||d{name}|| from zero. Its norm then measures how far it has come, not its scale, so a
    gradient far larger than it says nothing about explosion (a gradient 200x weights that are one lr = 0.005 step
    old is the first step of any zero-initialised model)."""
    first = next((r for r in facts.records if name in r.params), None)
    if first is None:
        return False
    s = first.params[name]
    if s.norm == 0:
        return True
    return bool(first.lr and s.grad and abs(s.norm - first.lr * s.grad) <= 1e-3 * s.norm)


def check(facts):
    if not facts.failing:
        return []
    names = facts.weight_names()
    judged = [n for n in names if not zero_start(facts, n)]
    for r in facts.records:
        for n in judged:
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
