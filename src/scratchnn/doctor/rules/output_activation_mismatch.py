"""output-activation-mismatch: the output activation cannot produce the targets."""
from ._common import Rule, g

RANGES = {"relu": (0.0, float("inf")), "sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "softmax": (0.0, 1.0)}

RULE = Rule(
    "output-activation-mismatch", "The output activation cannot produce the targets",
    "`error` when the run fails, `warning` otherwise.",
    "The network is asked for values its last activation can never produce, so the loss cannot go to its minimum.",
    "Any target outside the output's range: ReLU reaches [0, inf), sigmoid (0, 1), tanh (-1, 1), softmax rows of "
    "probabilities. The output layer is the layer whose activations equal the observed predictions. Integer "
    "class labels 0..k-1 (one column) with a softmax or sigmoid output of k units are class labels, not values "
    "to reach.",
    "Use a linear output (no activation) for regression targets, a sigmoid for 0/1 targets, a softmax for one-hot "
    "classes; or rescale the targets into the output's range.",
    where="the output layer.")


def class_labels(facts, name):
    """Integer targets 0..k-1 in one column for an output of k > 1 units: sparse class labels."""
    t = facts.targets
    units = facts.records[-1].layers.get(name, {}).get("n_units") if facts.records else None
    return bool(t.get("integer")) and units is not None and units > 1 and t["max"] <= units - 1


def check(facts):
    name, t = facts.output_layer, facts.targets
    kind = facts.kinds.get(name)
    if kind not in RANGES or not t:
        return []
    lo, hi = RANGES[kind]
    if lo <= t["min"] and t["max"] <= hi or (kind in ("softmax", "sigmoid") and class_labels(facts, name)):
        return []
    return [RULE.finding(
        "error", f"a {kind} output cannot reach targets from {g(t['min'])} to {g(t['max'])}",
        f"targets range from {g(t['min'])} to {g(t['max'])}; the {kind} output of {name} only reaches "
        f"[{g(lo)}, {g(hi)}]", where=name, link=f"{kind} output cannot reach the targets")]
