"""unread-input: something observe() was given could not be used as given."""
from ._common import Rule

SHOWN = 5

RULE = Rule(
    "unread-input", "Part of what observe() was given could not be used as given", "always `info`.",
    "observe() never breaks the training loop: what it cannot read (a ragged list, a transposed or mismatched "
    "array, an unknown activation kind, an epoch that goes back) is left out or read another way, and said here, "
    "so that fewer rules can speak about it.",
    "Any argument that is not what the docs describe; the same problem is said once, at its first epoch.",
    "Pass arrays with samples on axis 0, dicts of name -> array, the activation kinds relu, leaky_relu, sigmoid, "
    "tanh, linear or softmax, and one Doctor per run (scratchnn.doctor.reset()).")


def check(facts):
    found = [p for p in facts.problems if p.code == RULE.code]
    if not found:
        return []
    more = f" (and {len(found) - SHOWN} more)" if len(found) > SHOWN else ""
    return [RULE.finding("info", f"{len(found)} thing(s) observe() could not use as given",
                         "; ".join(f"epoch {p.epoch}: {p.text}" for p in found[:SHOWN]) + more,
                         since=found[0].epoch, where=found[0].where)]
