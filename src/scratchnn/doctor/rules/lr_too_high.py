"""lr-too-high: single steps that change the weights by a large part of their own size."""
import numpy as np

from ._common import ALIGNED, Rule, g, times

RATIO = 1.0
MIN_RMS = 1e-3

RULE = Rule(
    "lr-too-high", "Steps are far too large for these weights", "`warning`, only when the run fails.",
    "A step larger than the weights themselves throws away what they encoded; the network lands somewhere "
    "arbitrary, often with units dead or saturated.",
    "The update/weight ratio ||W_t - W_(t-1)|| / ||W_(t-1)|| of some weight matrix reaches 1 (on the first "
    "observation, when the loop observes after its update, the step is estimated as lr * ||dW||). The change "
    "between two observations counts as one step unless the observed gradients show otherwise: when it points "
    "along -g of neither observation (cos > -0.99), the loop took several steps (minibatches, or observe() every "
    "k iterations) and the step is the smaller of that change and lr * ||dW|| when lr is observed, else unknown. "
    "Healthy gradient descent moves weights by about 0.1%-1% per step (the 1e-3 rule of thumb). Weights whose RMS entry "
    "is below 1e-3 (zero or near-zero init) are skipped: a relative step says nothing about them.",
    "Divide the learning rate by 10 (the finding gives the value); if the inputs are large (e.g. pixels 0-255), "
    "scale them first.",
    where="the weight matrix with the largest step.")


def largest_step(facts):
    """(ratio, epoch, name) of the largest update/weight ratio of any weight matrix, or None."""
    best = None
    prev, names = {}, facts.weight_names()
    for r in facts.records:
        for name in names:
            s = r.params.get(name)
            if s is None:
                continue
            before, update = prev.get(name), s.update
            if update is not None and not _one_step(r):
                # Several steps since the last observation: their sum alone says nothing about one step. With lr,
                # one plain step is lr * ||g||; the smaller of the two keeps momentum or Adam (whose steps are
                # not lr * ||g||) from being judged on a large gradient alone.
                update = min(update, r.lr * s.grad) if r.lr and s.grad is not None else None
            elif update is None and r.lr and s.grad is not None:
                # First observation, made after its update: that step was lr * ||grad||.
                before, update = s.norm, r.lr * s.grad
            # Relative steps of weights that are still ~0 (zero init) say nothing: skip RMS < 1e-3.
            if update is not None and before and np.isfinite(before) and np.isfinite(update) \
                    and before >= MIN_RMS * np.sqrt(s.size):
                ratio = update / before
                if best is None or ratio > best[0]:
                    best = (ratio, r.epoch, name)
            prev[name] = s.norm
    return best


def _one_step(record):
    """False when gradients were observed and the change since the last observation points along neither
    -g of this call nor of the previous one: the loop took several steps between two observations."""
    return not record.step or any(np.isfinite(cos) and cos <= ALIGNED for _, cos in record.step.values())


def check(facts):
    if not facts.failing:
        return []
    step = largest_step(facts)
    if step is None or step[0] < RATIO:
        return []
    ratio, epoch, name = step
    lr = facts.records[-1].lr
    lr_text = f" with lr = {g(lr)}" if lr else ""
    new_lr = f"lr = {g(lr / 10)}" if lr else "a 10x smaller learning rate"
    fix = f"Try {new_lr}; if the inputs are large (e.g. pixels 0-255), scale them first."
    if facts.gradients.ok is not True:
        fix += " Make sure the gradients are averaged over the batch (divided by m)."
    return [RULE.finding(
        "warning", "steps are far too large for these weights",
        f"the step at epoch {epoch} changed {name} by {times(ratio)} its own size{lr_text} "
        f"(healthy steps change weights by about 0.001-0.01x)", fix=fix,
        since=epoch, where=name, link=f"steps too large ({times(ratio)} the weights of {name} at epoch {epoch})",
        remedy={"lr_factor": 0.1})]
