"""output-activation-mismatch: the output activation cannot produce the targets."""
import numpy as np

from ._common import Rule, g

MIN_OBSERVATIONS = 5
MARGIN = 0.05
RANGES = {"relu": (0.0, float("inf")), "sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "softmax": (0.0, 1.0)}

RULE = Rule(
    "output-activation-mismatch", "The output activation cannot produce the targets",
    "`error` when the run fails, `warning` otherwise.",
    "The network is asked for values its last activation can never produce, so the loss cannot go to its minimum.",
    "Any target outside the output's range: ReLU reaches [0, inf), sigmoid (0, 1), tanh (-1, 1), softmax rows of "
    "probabilities. The output layer is the layer whose activations equal the observed predictions. Integer "
    "class labels 0..k-1 (one column) with a softmax or sigmoid output of k units are class labels, not values "
    "to reach. When no activation kind is given, predictions that stay strictly inside (0, 1) at every one of "
    "5+ observations while targets lie more than 0.05 outside [0, 1] are read as a squashed (sigmoid or "
    "softmax) output.",
    "Use a linear output (no activation) for regression targets, a sigmoid for 0/1 targets, a softmax for one-hot "
    "classes; or rescale the targets into the output's range.",
    where="the output layer.")


MIN_ONES = 2
ONE_UNIT = ("A softmax normalises each sample's outputs to sum to 1; over a single output unit that is exp(z) / "
            "exp(z) = 1 whatever z is, so the network predicts 1 for every input and its weights cannot change it "
            "(a sigmoid saturated on every sample looks the same).")
ONE_UNIT_FIX = ("For regression use a linear output (no activation); for two classes use one sigmoid unit, or a "
                "softmax over two units (one per class).")


def class_labels(facts, name):
    """Integer targets 0..k-1 in one column for an output of k > 1 units: sparse class labels."""
    t = facts.targets
    units = facts.records[-1].layers.get(name, {}).get("n_units") if facts.records else None
    return bool(t.get("integer")) and units is not None and units > 1 and t["max"] <= units - 1


def _squashed(facts):
    """Predictions that stayed strictly inside (0, 1) at every one of at least MIN_OBSERVATIONS observations,
    with targets clearly outside [0, 1] (a linear output fitting them would have left that interval)."""
    t = facts.targets
    preds = [r.pred for r in facts.records if r.pred and r.pred.get("finite")]
    if not t or len(preds) < MIN_OBSERVATIONS or not (t["min"] < -MARGIN or t["max"] > 1 + MARGIN):
        return None
    if any(p["min"] <= 0 or p["max"] >= 1 for p in preds):
        return None
    shapes = facts.records[-1].shapes
    if shapes is not None and np.prod(shapes[0]) != np.prod(shapes[1]):
        return None  # class labels against probability columns
    return min(p["min"] for p in preds), max(p["max"] for p in preds)


def _ones_column(facts):
    """How many observations predicted exactly 1.0 for every sample of a single output column, when every finite
    one did (at least MIN_ONES of them, the weights moving between them) and the targets lie outside [0, 1]; else 0.
    Only a softmax over that one unit (each row normalised over itself) or a sigmoid saturated on every sample
    gives exactly 1 everywhere, and neither reaches such targets."""
    t = facts.targets
    recs = [r for r in facts.records if r.pred and r.pred.get("finite")]
    if not t or len(recs) < MIN_ONES or not (t["min"] < -MARGIN or t["max"] > 1 + MARGIN):
        return 0
    if any(r.shapes is None or np.prod(r.shapes[0]) != r.pred["n"] or r.pred["min"] != 1 or r.pred["max"] != 1
           for r in recs):
        return 0
    moved = any(s.update for r in recs[1:] for s in r.params.values())
    return len(recs) if moved else 0


def _softmax_of_one(facts, name):
    """A finding when the output is a softmax over one unit (declared), or every prediction is exactly 1.0."""
    units = facts.records[-1].layers.get(name, {}).get("n_units") if name is not None else None
    declared = facts.kinds.get(name) == "softmax" and units == 1
    seen = _ones_column(facts)
    if not declared and not seen:
        return []
    evidence = (f"the output {name} is a softmax over 1 unit" if declared else
                f"every prediction at all {seen} finite observations is exactly 1.0, one column, while the weights "
                f"change and the targets range from {g(facts.targets['min'])} to {g(facts.targets['max'])}")
    return [RULE.finding(
        "error", "the output is exactly 1 for every sample, as a softmax over a single unit gives", evidence,
        message=ONE_UNIT, fix=ONE_UNIT_FIX, where=name or "predictions", link="softmax over one output is always 1")]


def check(facts):
    name, t = facts.output_layer, facts.targets
    kind = facts.kinds.get(name)
    one = _softmax_of_one(facts, name)
    if one:
        return one
    if kind is None and t:
        seen = _squashed(facts)
        if seen is None:
            return []
        return [RULE.finding(
            "error", "the output never leaves (0, 1) but the targets do",
            f"every prediction at all {len(facts.records)} observations lay in (0, 1) (from {g(seen[0])} to "
            f"{g(seen[1])}), as a sigmoid or softmax output gives; the targets range from {g(t['min'])} to "
            f"{g(t['max'])}", where="predictions", link="squashed output cannot reach the targets")]
    if kind not in RANGES or not t:
        return []
    lo, hi = RANGES[kind]
    if lo <= t["min"] and t["max"] <= hi or (kind in ("softmax", "sigmoid") and class_labels(facts, name)):
        return []
    return [RULE.finding(
        "error", f"a {kind} output cannot reach targets from {g(t['min'])} to {g(t['max'])}",
        f"targets range from {g(t['min'])} to {g(t['max'])}; the {kind} output of {name} only reaches "
        f"[{g(lo)}, {g(hi)}]", where=name, link=f"{kind} output cannot reach the targets")]
