"""The rules, one small module each, in causal order (a cause before the symptoms it produces).

Every module has ``CODE`` (stable, used in ``report.codes`` and the docs), ``RANK`` (its place in
the causal order: setup bugs < step size < unit states < output < loss curve) and
``check(facts) -> list[Finding]``. Thresholds and their reasons sit at the top of each module and
in docs/doctor/rules/<code>.md.
"""
from . import (constant_output, dead_relu, exploding_gradients, gradient_mismatch, loss_diverging, loss_plateau,
               lr_too_high, non_finite, output_activation_mismatch, saturated_activation, shape_mismatch,
               symmetric_units, unscaled_inputs, vanishing_gradients, weights_not_updating)

RULES = sorted([shape_mismatch, weights_not_updating, gradient_mismatch, unscaled_inputs, output_activation_mismatch,
                symmetric_units, lr_too_high, exploding_gradients, loss_diverging, non_finite, dead_relu,
                saturated_activation, vanishing_gradients, constant_output, loss_plateau], key=lambda m: m.RANK)
RANKS = {m.CODE: m.RANK for m in RULES}


def run_rules(facts):
    """Every rule's findings, in causal order."""
    if not facts.records:
        return []
    return [f for rule in RULES for f in rule.check(facts)]
