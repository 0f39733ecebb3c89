"""loss-plateau: the loss has stopped moving while the run is still failing.

Threshold: the loss stays within 0.1% of its final value for at least 5 observations and 10% of
the run (see ``scratchnn.doctor.facts``). A converged loss is flat too, so this fires only when
the run fails (its loss is not clearly below what a constant prediction gets).
"""
from ._common import Finding, g

CODE, RANK = "loss-plateau", 50


def check(facts):
    since = facts.plateau_since
    if since is None or not facts.failing:
        return []
    base = f"; the best constant prediction gets {g(facts.baseline)}" if facts.baseline_constant is not None else ""
    return [Finding(
        CODE, "warning", f"the loss is stuck at {g(facts.last_loss)}",
        f"loss {g(facts.last_loss)} from epoch {since} to epoch {facts.epochs[-1]} (changes < 0.1%){base}",
        "The weights no longer change the loss: either no gradient reaches them (dead or saturated units) "
        "or the update does not reach them.",
        "The plateau is the symptom; fix the cause listed before it. If nothing is listed, check the "
        "gradients with scratchnn.gradcheck and try a larger learning rate.",
        since_epoch=since, link=f"loss flat at {g(facts.last_loss)}")]
