"""saturated-activation: sigmoid or tanh units stuck in their flat tails.

Threshold: at least 90% of a layer's sample-unit values beyond the tails (sigmoid below 0.01 or
above 0.99, i.e. |z| > 4.6, where the derivative is under 4% of its peak; tanh beyond |a| > 0.99),
on average over the last 3 observations. Confident output units are the goal of training, so the
output layer is judged only when the run fails; hidden layers are reported as info otherwise.
"""
import numpy as np

from ._common import Finding, gated, streak_start

CODE, RANK = "saturated-activation", 32
FRACTION = 0.9
WINDOW = 3


def check(facts):
    out = []
    for name in facts.layer_names():
        epochs, sat = facts.layer_series(name, "saturated")
        if not sat or np.mean(sat[-WINDOW:]) < FRACTION:
            continue
        is_output = name == facts.doctor.output_layer
        if is_output and not facts.failing:
            continue
        _, level = facts.layer_series(name, "level")
        kind = facts.doctor.kinds.get(name)
        since = streak_start(epochs, [s >= FRACTION for s in sat]) or epochs[-1]
        mean = f" (mean activation {level[-1]:.4f})" if level else ""
        out.append(Finding(
            CODE, gated(facts), f"{kind} units in {name} saturated",
            f"{100 * sat[-1]:.0f}% of the {kind} values in {name} sit in its flat tails{mean} since epoch {since}",
            f"In its tails the {kind} is flat, so its derivative is nearly 0 and almost no gradient flows back "
            "through it: the weights before it stop learning.",
            "Scale the inputs, use smaller initial weights (Xavier: std = sqrt(1 / fan_in)) and a smaller "
            "learning rate; prefer ReLU or tanh in hidden layers; check that the sigmoid is applied once per layer.",
            since_epoch=since, where=name, link=f"{kind} in {name} saturated{mean}"))
    return out
