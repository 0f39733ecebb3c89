"""loss-plateau: the loss has stopped moving while the run is still failing."""
from ._common import Rule, g

RULE = Rule(
    "loss-plateau", "The loss has stopped moving while the run still fails", "`warning`, only when the run fails.",
    "The weights no longer change the loss: either no gradient reaches them (dead or saturated units) or the "
    "update does not reach them.",
    "The loss stays within 0.1% of its final value for at least 5 observations and at least 10% of the run. A "
    "converged loss is flat as well, so the finding depends on the failing gate (see the README): the loss is "
    "not clearly below the best constant prediction's (above 0.9x), or has stalled above 0.5x of it.",
    "The plateau is the symptom; fix the cause listed before it. If nothing is listed, check the gradients with "
    "scratchnn.gradcheck and try a larger learning rate.")


def check(facts):
    since = facts.plateau_since
    if since is None or not facts.failing:
        return []
    base = f"; the best constant prediction gets {g(facts.baseline)}" if facts.baseline_constant is not None else ""
    return [RULE.finding(
        "warning", f"the loss is stuck at {g(facts.last_loss)}",
        f"loss {g(facts.last_loss)} from epoch {since} to epoch {facts.epochs[-1]} (changes < 0.1%){base}",
        since=since, link=f"loss flat at {g(facts.last_loss)}")]
