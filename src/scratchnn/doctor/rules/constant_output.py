"""constant-output: the network predicts the same value for every sample."""
import numpy as np

from .. import losses
from ._common import Rule, g, streak_start
from .shape_mismatch import broadcast_losses_logged, broadcast_records

SPREAD = 1e-6  # predictions within 1e-6 of their size of each other count as one constant
NEAR = 0.05    # ... or within 5% of the targets' spread: the output barely depends on the input

RULE = Rule(
    "constant-output", "The network outputs the same value whatever the input", "`warning`, only when the run fails (or its loss is "
    "one of predictions and targets broadcast into a table, which no failing gate can read).",
    "A constant output carries no information about the input: the network predicts the same value for every "
    "sample. When the observed loss equals the loss of predicting that constant, that number is where the run "
    "is stuck.",
    "Spread of the predictions over the samples at most 1e-6 of their size, or (when predictions and targets "
    "have the same shape) at most 5% of the targets' spread: a network that learned anything separates its "
    "samples by much more. Only when the run fails.",
    "Fix the cause listed before this finding (dead or saturated output units, a step that was too large); for "
    "regression use a linear output layer, not ReLU or sigmoid.",
    sections=(("How the loss is recognised", "The doctor evaluates the usual formulas (`mse`, `half_mse` = "
               "sum / (2m), `sse`, `half_sse`, `sse_per_sample`, `half_sse_per_sample` = sum / (2n), `mae`, `bce`, "
               "`cross_entropy`) on the observed predictions and "
               "targets and keeps the one that reproduces the loss values (relative tolerance 1e-4, for float32 "
               "sums)."),),
    example="Seed 000: \"MSE becomes a static 6.22519\". The output ReLU is dead, every prediction is 0, and "
            "sum(y^2) / (2 * 10) = 6.22519 is the loss of predicting 0.")


def loss_of_broadcast(facts):
    """True when the logged loss is a loss of predictions and targets broadcast into a table (shape-mismatch's
    evidence): every prediction is then compared with every target, the table's best fit is their mean for all, and
    the loss cannot tell a failing run from one that learns, so a near-constant output is the symptom itself."""
    return any(broadcast_losses_logged(r) for r in broadcast_records(facts))


def nearly_constant(r, target_spread):
    """Exactly constant, or spread over the samples within 5% of the targets' (same columns only)."""
    if r.pred["constant"]:
        return True
    same_columns = r.shapes is not None and r.shapes[0][1:] == r.shapes[1][1:] or \
        (r.shapes is not None and np.prod(r.shapes[0]) == np.prod(r.shapes[1]))
    return bool(same_columns and target_spread and target_spread > 0
                and r.pred.get("spread", np.inf) <= NEAR * target_spread)


def check(facts):
    recs = [r for r in facts.records if r.pred and r.pred.get("finite")]
    spread = (facts.targets or {}).get("spread")
    if not (facts.failing or loss_of_broadcast(facts)) or not recs or not nearly_constant(recs[-1], spread):
        return []
    last = recs[-1]
    since = streak_start([r.epoch for r in recs], [nearly_constant(r, spread) for r in recs])
    c = losses.describe_constant(last.pred["mean"])
    n = last.pred["n"]
    evidence = (f"every prediction is {c} ({n} of {n} samples)" if last.pred["constant"] else
                f"every prediction is within {g(last.pred['spread'])} of the others, about {c} ({n} of {n} "
                f"samples), while the targets spread over {g(spread)}")
    link = f"output {c} for every sample"
    name = facts.loss_name
    if name and name in last.losses and losses.matches(last.losses[name], last.loss):
        evidence += f"; the loss {g(last.loss)} is exactly the loss of predicting {c} for every sample ({name})"
        link += f" (loss {g(last.loss)} = loss of predicting {c})"
        zero = last.zero_losses.get(name)
        if c != "0" and zero is not None and losses.matches(zero, last.loss):
            evidence += ", as is predicting 0"
        if facts.baseline_constant is not None:
            evidence += (f"; even the best constant, {losses.describe_constant(facts.baseline_constant)}, "
                         f"would get {g(facts.baseline)}")
    return [RULE.finding("warning", f"the network outputs {c} whatever the input", evidence, since=since, link=link)]
