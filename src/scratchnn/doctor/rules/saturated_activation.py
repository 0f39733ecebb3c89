"""saturated-activation: sigmoid or tanh units stuck in their flat tails."""
import numpy as np

from ._common import Rule, g, gated, percent, streak_start

FRACTION = 0.9
WINDOW = 3

RULE = Rule(
    "saturated-activation", "Sigmoid or tanh units sit in their flat tails",
    "`warning` when the run fails, `info` for a hidden layer otherwise.",
    "In its tails a sigmoid or tanh is flat, so its derivative is nearly 0 and almost no gradient flows back "
    "through it: the weights before it stop learning.",
    "At least 90% of a layer's values beyond the tails, averaged over the last 3 observations: sigmoid below "
    "0.01 or above 0.99 (|z| > 4.6), where a(1 - a) < 0.0099, under 4% of its peak 0.25; tanh beyond |a| > 0.99 "
    "(derivative under 2%). Convolution layers are judged per channel. Confident outputs are what a classifier "
    "should end with, so the output layer is judged only when the run fails. When no observed activation is the "
    "output, predictions in (0, 1] (not all one value) under a squared-error loss are judged as a sigmoid output: "
    "there the loss's "
    "gradient is multiplied by a(1 - a) (with cross-entropy it is not, so the output is not judged).",
    "Scale the inputs, use smaller initial weights (Xavier: std = sqrt(1 / fan_in)) and a smaller learning rate; "
    "prefer ReLU or tanh in hidden layers; check that the sigmoid is applied once per layer.",
    where="the layer.",
    example="Seed 003: its neurons already apply the sigmoid and the output applies it again; `neuron2` "
            "saturates at 0, so the output is sigmoid(0) = 0.5 for every sample and the loss sits at 0.25.")


def check(facts):
    out = []
    for name in facts.layer_names():
        epochs, sat = facts.layer_series(name, "saturated")
        if not sat or np.mean(sat[-WINDOW:]) < FRACTION:
            continue
        if name == facts.output_layer and not facts.failing:
            continue
        _, level = facts.layer_series(name, "level")
        kind = facts.kinds.get(name)
        since = streak_start(epochs, [s >= FRACTION for s in sat]) or epochs[-1]
        mean = f" (mean activation {g(level[-1])})" if level else ""
        out.append(RULE.finding(
            gated(facts), f"{kind} units in {name} saturated",
            f"{percent(sat[-1])} of the {kind} values in {name} sit in its flat tails{mean} since epoch {since}",
            since=since, where=name, link=f"{kind} in {name} saturated{mean}"))
    return out + _squashed_output(facts)


def _squashed_output(facts):
    """The finding for predictions in [0, 1] stuck in the tails, when no observed layer is the output."""
    squared = facts.loss_name in ("mse", "half_mse", "sse", "half_sse", "sse_per_sample", "half_sse_per_sample")
    if facts.output_layer is not None or not facts.failing or not squared:
        return []
    tails = [(r.epoch, r.pred["tails"]) for r in facts.records if r.pred and r.pred.get("tails") is not None]
    if len(tails) < WINDOW or np.mean([t for _, t in tails[-WINDOW:]]) < FRACTION:
        return []
    since = streak_start([e for e, _ in tails], [t >= FRACTION for _, t in tails]) or tails[-1][0]
    return [RULE.finding(
        "warning", "the outputs are saturated",
        f"{percent(tails[-1][1])} of the predictions (all in (0, 1], read as sigmoid outputs) are below 0.01 or "
        f"above 0.99 since epoch {since}, and the squared-error loss multiplies their gradient by a(1 - a) < 0.0099",
        since=since, where="predictions", link="outputs saturated")]
