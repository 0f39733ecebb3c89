"""The rules, one small module each (ruff's layout).

Every module has ``RULE`` (a :class:`~._common.Rule`: code, title, what / threshold / fix text,
once) and ``check(facts) -> list[Finding]``; its thresholds are constants beside ``RULE``. The
causal order in which findings are told is decided in :mod:`scratchnn.doctor.order`, and
``docs/doctor/rules/<code>.md`` is generated from ``RULE`` (``python -m scratchnn.doctor.rules``).
"""
from . import (complex_values, constant_output, dead_relu, exploding_gradients, gradient_mismatch, gradient_scale,
               gradient_shape, gradients_unchecked, loss_diverging, loss_plateau, lr_too_high, non_finite, output_activation_mismatch,
               overfitting, rule_failed, saturated_activation, shape_mismatch, symmetric_units, unread_input,
               unscaled_inputs, vanishing_gradients, weights_not_updating)

RULES = [shape_mismatch, gradient_shape, complex_values, weights_not_updating, gradient_scale, gradient_mismatch,
         unscaled_inputs, output_activation_mismatch, symmetric_units, lr_too_high, exploding_gradients,
         loss_diverging, non_finite, dead_relu, saturated_activation, vanishing_gradients, constant_output,
         loss_plateau, overfitting, gradients_unchecked, unread_input, rule_failed]
BY_CODE = {m.RULE.code: m.RULE for m in RULES}


def run_rules(facts):
    """Every rule's findings. A rule that raises becomes one info line naming it (report() never raises).

    The failing-run gate applies to every rule: on a run that learns, nothing is an ``error``."""
    if not facts.records:
        return []
    out = []
    for rule in RULES:
        try:
            found = rule.check(facts)
        except Exception as err:
            found = [rule_failed.failed(rule, err)]
        for f in found:
            if f.severity == "error" and not facts.failing:
                f.severity = "warning"
        out += found
    return out
