"""constant-output: the network predicts the same value for every sample.

Threshold: the predictions' spread over the samples is at most 1e-6 of their size. A network that
has learned anything at all separates its samples by far more. When the observed loss equals the
loss of predicting that constant (under the loss formula the doctor recognised, see
``scratchnn.doctor.losses``), the report says so: that number is where the run is stuck.
"""
from .. import losses
from ._common import Finding, g, streak_start

CODE, RANK = "constant-output", 40


def check(facts):
    recs = [r for r in facts.records if "pred" in r and r["pred"].get("finite")]
    if not facts.failing or not recs or not recs[-1]["pred"]["constant"]:
        return []
    last = recs[-1]
    since = streak_start([r["epoch"] for r in recs], [r["pred"]["constant"] for r in recs])
    c = losses.describe_constant(last["pred"]["mean"])
    evidence = f"every prediction is {c} ({last['pred']['n']} of {last['pred']['n']} samples)"
    link = f"output {c} for every sample"
    name = facts.loss_name
    if name and name in last.get("losses", {}) and losses.matches(last["losses"][name], last["loss"]):
        evidence += f"; the loss {g(last['loss'])} is exactly the loss of predicting {c} for every sample ({name})"
        link += f" (loss {g(last['loss'])} = loss of predicting {c})"
        zero = last.get("zero_losses", {}).get(name)
        if c != "0" and zero is not None and losses.matches(zero, last["loss"]):
            evidence += ", as is predicting 0"
        if facts.baseline_constant is not None:
            evidence += (f"; even the best constant, {losses.describe_constant(facts.baseline_constant)}, "
                         f"would get {g(facts.baseline)}")
    return [Finding(
        CODE, "warning", f"the network outputs {c} whatever the input", evidence,
        "A constant output carries no information about the input; the gradient of the loss with respect "
        "to the weights is zero or useless when the output units are dead or saturated.",
        "Fix the cause listed before this finding (dead or saturated output units, a step that was too "
        "large); for regression, use a linear output layer, not ReLU or sigmoid.",
        since_epoch=since, link=link)]
