"""loss-plateau: the loss has stopped moving while the run is still failing."""
import numpy as np

from ..facts import BIAS_NAME
from ._common import Rule, g
from .gradient_mismatch import MIN_STEPS, NO_RESPONSE, consistent, small_step_ratios, steps
from .output_activation_mismatch import unreachable

# A one-layer model has converged when its steps change the loss by what its gradients promise (the
# gradients are right along them) and its weight gradient has decayed this much from its first value.
CONVERGED_DECAY = 20.0
MIN_CONVERGED_STEPS = 20
BIG_PROMISE = 0.01   # a step that promises a fall of >= 1% of the loss and changes it by <= NO_RESPONSE of that

RULE = Rule(
    "loss-plateau", "The loss has stopped moving while the run still fails", "`warning`, only when the run fails or has stalled.",
    "The weights no longer change the loss: either no gradient reaches them (dead or saturated units) or the "
    "update does not reach them.",
    "The loss stays within 0.1% of its final value for at least 5 observations and at least 10% of the run; or, "
    "for a noisy loss (e.g. SGD on single samples), over the last half of a run of 10+ observations a straight "
    "line fitted to the loss falls by less than 1% of its level (5% in a run that already fails by the gate "
    "below), or by less than twice its standard error (a fall the noise explains), and rises by at most 5% (more "
    "is a rise). A "
    "converged loss is flat as well, so the finding depends on the failing gate (see the README): the loss is "
    "not clearly below the best constant prediction's (above 0.9x), or has stalled above 0.5x of it; or the "
    "last 3+ plain-gradient steps each promised a fall of >= 1% of the loss (g . dp) and moved it by <= 0.1% "
    "of that (see gradient-mismatch): converging steps shrink with the gradient, so a loss that stays flat "
    "under large steps has stalled, whatever its level.",
    "The plateau is the symptom; fix the cause listed before it. If nothing is listed, check the gradients with "
    "scratchnn.gradcheck and try a larger learning rate.",
    sections=(("A one-layer model at its limit", "When the model has one weight matrix (the other parameters are "
               "biases), 20+ small plain-gradient steps changed the loss by what the gradients promise (median "
               "0.8-1.25x, consistently: the gradients are right along the steps) and the weight gradient has "
               "fallen 20x from its first value, the model has converged: a linear or logistic model's loss is "
               "convex, so this is as low as it gets. The finding is then `info`: the limit is the model's, not "
               "the training's. Not when output-activation-mismatch finds that the output cannot reach the targets: "
               "the model then converges to the best its output activation allows, and the plateau is that bug's "
               "symptom (a `warning`)."),))


def converged_one_layer(facts):
    """(first, last weight-gradient norm, steps checked) when a one-layer model has converged, else None."""
    weights = facts.weight_names()
    if len(weights) != 1 or facts.gradients.ok is False:
        return None
    if not all(n in weights or BIAS_NAME.match(n) for n in facts.param_names()):
        return None
    ratios = small_step_ratios(facts)
    if len(ratios) < MIN_CONVERGED_STEPS or not 0.8 <= np.median(ratios) <= 1.25 or not consistent(ratios):
        return None
    norms = [r.params[weights[0]].grad for r in facts.records
             if weights[0] in r.params and r.params[weights[0]].grad is not None]
    norms = [x for x in norms if np.isfinite(x)]
    first = next((x for x in norms if x > 0), None)
    if first is None or not norms[-1] * CONVERGED_DECAY <= first:
        return None
    return first, norms[-1], len(ratios)


def stuck_steps(facts):
    """How many final steps along -g each promised a fall of >= 1% of the loss and moved it by <= 0.1% of that
    (the unresponsive tail): a loss that is flat although the steps are large has stalled, it has
    not converged (converging steps shrink with the gradient)."""
    return len(unresponsive_tail([(p, a, L) for p, a, L in steps(facts) if p < 0]))


def check(facts):
    since = facts.plateau_since
    if since is None or not (facts.failing or stuck_steps(facts) >= MIN_STEPS):
        return []
    converged = converged_one_layer(facts)
    # A model whose output cannot reach the targets converges to the best its activation allows: that limit is a
    # bug (output-activation-mismatch), not the model's capacity, so the plateau stays a symptom.
    if converged is not None and not unreachable(facts):
        first, last, n = converged
        return [RULE.finding(
            "info", f"the loss is flat at {g(facts.last_loss)}: this one-layer model has converged",
            f"loss flat since epoch {since}; over {n} small steps the loss changed by what the gradients promise, "
            f"and ||d{facts.weight_names()[0]}|| fell from {g(first)} to {g(last)}",
            message="A model with one weight layer has a convex loss when it is a linear model with squared error "
                    "or a sigmoid / softmax model with cross-entropy: gradients that agree with the loss and have "
                    "decayed this far mean it has reached the lowest loss it can get (with another loss, a "
                    "stationary point).",
            fix="If every weight entry moves (a gradient that leaves entries out also agrees with the loss along "
                "its steps), the training has done what this model can: for a lower loss it needs a hidden layer "
                "(a non-linear model) or better features.", since=since, link=f"one-layer model converged at {g(facts.last_loss)}")]
    base = f"; the best constant prediction gets {g(facts.baseline)}" if facts.baseline_constant is not None else ""
    if facts.plateau_line is not None:
        before, after = facts.plateau_line
        return [RULE.finding(
            "warning", f"the loss has stopped falling at about {g(after)}",
            f"from epoch {since} to epoch {facts.epochs[-1]} the loss goes up and down without falling: a line "
            f"fitted to it goes from {g(before)} to {g(after)}{base}",
            since=since, link=f"loss stalled at about {g(after)}")]
    return [RULE.finding(
        "warning", f"the loss is stuck at {g(facts.last_loss)}",
        f"loss {g(facts.last_loss)} from epoch {since} to epoch {facts.epochs[-1]} (changes < 0.1%){base}",
        since=since, link=f"loss flat at {g(facts.last_loss)}")]


def unresponsive_tail(promised):
    """The promised falls of the final run of steps that promise >= BIG_PROMISE of the loss and move it by
    <= NO_RESPONSE of the promise (correct gradients make such a step change the loss, one way or the other)."""
    tail = []
    for p, a, L in reversed(promised):
        if not (-p >= BIG_PROMISE * max(abs(L), 1e-12) and abs(a) <= NO_RESPONSE * -p):
            break
        tail.append(p)
    return tail
