"""constant-output: the network predicts the same value for every sample."""
from .. import losses
from ._common import Rule, g, streak_start

SPREAD = 1e-6  # predictions within 1e-6 of their size of each other count as one constant

RULE = Rule(
    "constant-output", "The network outputs the same value whatever the input", "`warning`, only when the run fails.",
    "A constant output carries no information about the input: the network predicts the same value for every "
    "sample. When the observed loss equals the loss of predicting that constant, that number is where the run "
    "is stuck.",
    "Spread of the predictions over the samples at most 1e-6 of their size: a network that learned anything "
    "separates its samples by much more.",
    "Fix the cause listed before this finding (dead or saturated output units, a step that was too large); for "
    "regression use a linear output layer, not ReLU or sigmoid.",
    sections=(("How the loss is recognised", "The doctor evaluates the usual formulas (`mse`, `half_mse` = "
               "sum / (2m), `sse`, `half_sse`, `mae`, `bce`, `cross_entropy`) on the observed predictions and "
               "targets and keeps the one that reproduces the loss values (relative tolerance 1e-4, for float32 "
               "sums)."),),
    example="Seed 000: \"MSE becomes a static 6.22519\". The output ReLU is dead, every prediction is 0, and "
            "sum(y^2) / (2 * 10) = 6.22519 is the loss of predicting 0.")


def check(facts):
    recs = [r for r in facts.records if r.pred and r.pred.get("finite")]
    if not facts.failing or not recs or not recs[-1].pred["constant"]:
        return []
    last = recs[-1]
    since = streak_start([r.epoch for r in recs], [r.pred["constant"] for r in recs])
    c = losses.describe_constant(last.pred["mean"])
    evidence = f"every prediction is {c} ({last.pred['n']} of {last.pred['n']} samples)"
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
