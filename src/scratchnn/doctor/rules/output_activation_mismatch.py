"""output-activation-mismatch: the output activation cannot produce the targets.

A ReLU output reaches [0, inf), a sigmoid (0, 1), a tanh (-1, 1), a softmax rows of probabilities.
Targets outside that range can never be predicted, whatever the weights: always an error.
"""
from ._common import Finding, g

CODE, RANK = "output-activation-mismatch", 12
RANGES = {"relu": (0.0, float("inf")), "sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "softmax": (0.0, 1.0)}


def check(facts):
    name, t = facts.doctor.output_layer, facts.doctor.targets
    kind = facts.doctor.kinds.get(name)
    if kind not in RANGES or not t:
        return []
    lo, hi = RANGES[kind]
    if lo <= t["min"] and t["max"] <= hi:
        return []
    return [Finding(
        CODE, "error", f"a {kind} output cannot reach targets from {g(t['min'])} to {g(t['max'])}",
        f"targets range from {g(t['min'])} to {g(t['max'])}; the {kind} output of {name} only reaches [{g(lo)}, {g(hi)}]",
        "The network is asked for values its last activation can never produce, so the loss cannot go to its minimum.",
        "Use a linear output (no activation) for regression targets, a sigmoid for 0/1 targets, a softmax "
        "for one-hot classes; or rescale the targets into the output's range.",
        where=name, link=f"{kind} output cannot reach the targets")]
