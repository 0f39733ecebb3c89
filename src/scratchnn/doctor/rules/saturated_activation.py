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
    "should end with, so the output layer is judged only when the run fails.",
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
    return out
