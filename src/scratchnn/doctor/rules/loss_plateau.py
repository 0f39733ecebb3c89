"""loss-plateau: the loss has stopped moving while the run is still failing."""
from ._common import Rule, g

RULE = Rule(
    "loss-plateau", "The loss has stopped moving while the run still fails", "`warning`, only when the run fails.",
    "The weights no longer change the loss: either no gradient reaches them (dead or saturated units) or the "
    "update does not reach them.",
    "The loss stays within 0.1% of its final value for at least 5 observations and at least 10% of the run; or, "
    "for a noisy loss (e.g. SGD on single samples), over the last half of a run of 20+ observations a straight "
    "line fitted to the loss falls by less than 1% of its level, or by less than twice its standard error (a "
    "fall the noise explains), and rises by at most 5% (more is a rise). A "
    "converged loss is flat as well, so the finding depends on the failing gate (see the README): the loss is "
    "not clearly below the best constant prediction's (above 0.9x), or has stalled above 0.5x of it.",
    "The plateau is the symptom; fix the cause listed before it. If nothing is listed, check the gradients with "
    "scratchnn.gradcheck and try a larger learning rate.")


def check(facts):
    since = facts.plateau_since
    if since is None or not facts.failing:
        return []
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
