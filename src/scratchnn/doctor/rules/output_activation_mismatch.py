"""output-activation-mismatch: the output activation cannot produce the targets."""
import numpy as np

from ._common import Rule, g

MIN_OBSERVATIONS = 5
MARGIN = 0.05
RANGES = {"relu": (0.0, float("inf")), "sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "softmax": (0.0, 1.0),
          "softmax_over_samples": (0.0, 1.0)}

RULE = Rule(
    "output-activation-mismatch", "The output activation cannot produce the targets",
    "`error` when the run fails, `warning` otherwise.",
    "The network is asked for values its last activation can never produce, so the loss cannot go to its minimum.",
    "Any target outside the output's range: ReLU reaches [0, inf), sigmoid (0, 1), tanh (-1, 1), softmax rows of "
    "probabilities. The output layer is the layer whose activations equal the observed predictions. Integer "
    "class labels 0..k-1 (one column) with a softmax or sigmoid output of k units are class labels, not values "
    "to reach. When no activation kind is given, predictions that stay strictly inside (0, 1) at every one of "
    "5+ observations while targets lie more than 0.05 outside [0, 1] are read as a squashed (sigmoid or "
    "softmax) output; so are one-column predictions that are exactly 1 for every sample at 2+ finite "
    "observations while the parameters move (a softmax over one column is always 1). When no observed layer is "
    "the output, the forward pass rebuilt from the observed arrays (confirmed by reproducing the observed "
    "predictions and loss) names it: when every reading that reproduces the observation ends in an activation "
    "of bounded range and the targets lie outside all of those ranges, whichever it is cannot reach them "
    "(`error` when the run fails, `info` otherwise).",
    "Use a linear output (no activation) for regression targets, a sigmoid for 0/1 targets, a softmax for one-hot "
    "classes; or rescale the targets into the output's range.",
    where="the output layer.")


def class_labels(facts, name):
    """Integer targets 0..k-1 in one column for an output of k > 1 units: sparse class labels. ``name`` None:
    the output is no observed layer, and k is the number of prediction columns."""
    t = facts.targets
    units = facts.records[-1].layers.get(name, {}).get("n_units") if facts.records else None
    if name is None and facts.records and facts.records[-1].shapes is not None:
        shape = facts.records[-1].shapes[0]
        units = int(np.prod(shape[1:])) if len(shape) > 1 else 1
    return bool(t.get("integer")) and units is not None and units > 1 and t["max"] <= units - 1


def rebuilt_range(facts):
    """(kinds, lo, hi) when every reading of the rebuilt forward pass that reproduces the observation ends in an
    activation of bounded range (see :data:`RANGES`), and the targets are not class labels for it; else None."""
    kinds = facts.gradients.output_kinds
    if not kinds or any(k not in RANGES for k in kinds) or not facts.targets:
        return None
    if any(k in ("softmax", "sigmoid", "softmax_over_samples") for k in kinds) and class_labels(facts, None):
        return None
    return kinds, min(RANGES[k][0] for k in kinds), max(RANGES[k][1] for k in kinds)


def _rebuilt(facts):
    """The finding when the rebuilt output (see :func:`rebuilt_range`) cannot reach the targets."""
    found, t = rebuilt_range(facts), facts.targets
    if found is None or found[1] <= t["min"] and t["max"] <= found[2]:
        return []
    kinds, lo, hi = found
    names = kind_words(kinds)
    every = "each of the readings that reproduce the observation" if len(kinds) > 1 else "the only reading"
    return [RULE.finding(
        "error" if facts.failing else "info", f"a {names} output cannot reach targets from {g(t['min'])} to "
        f"{g(t['max'])}", f"the rebuilt forward pass (it reproduces the observed predictions and loss) ends in a "
        f"{names} ({every}), whose outputs stay within {interval(lo, hi)}; the targets range from {g(t['min'])} "
        f"to {g(t['max'])}", where="predictions", link=f"{names} output cannot reach the targets")]


def interval(lo, hi):
    """[0, 1], or [0, inf) for an unbounded top."""
    return f"[{g(lo)}, inf)" if hi == float("inf") else f"[{g(lo)}, {g(hi)}]"


def kind_words(kinds):
    """("sigmoid", "softmax", "tanh") -> "sigmoid, softmax or tanh"."""
    words = [k.replace("_", " ") for k in kinds]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def unreachable(facts):
    """True when this rule finds that the output cannot reach the targets."""
    return bool(check(facts))


def squashed(facts):
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


def _pinned_at_one(facts):
    """Every prediction exactly 1.0, one output column, at 2+ finite observations between which the parameters
    moved, with targets clearly outside [0, 1]: a softmax over a single column (e^z / e^z = 1 for any z) or a
    sigmoid at its ceiling; either way an output that cannot follow the targets."""
    t = facts.targets
    recs = [r for r in facts.records if r.pred and r.pred.get("finite")]
    if not t or len(recs) < 2 or not (t["min"] < -MARGIN or t["max"] > 1 + MARGIN):
        return None
    if any(r.pred["min"] != 1.0 or r.pred["max"] != 1.0 or np.size(r.pred["mean"]) != 1 for r in recs):
        return None
    moved = [s.update for r in recs[1:] for s in r.params.values() if s.update is not None]
    if moved and not any(np.isfinite(u) and u > 0 for u in moved):
        return None
    return len(recs)


def check(facts):
    name, t = facts.output_layer, facts.targets
    kind = facts.kinds.get(name)
    if kind is None and t and _pinned_at_one(facts):
        return [RULE.finding(
            "error" if facts.failing else "warning",
            "every prediction is exactly 1: the output cannot reach the targets",
            f"every prediction at all {_pinned_at_one(facts)} finite observations is exactly 1 (one output column), "
            f"while the parameters moved: a softmax over a single column (e^z / e^z = 1 whatever z) or a sigmoid "
            f"at its ceiling; the targets range from {g(t['min'])} to {g(t['max'])}",
            where="predictions", link="output stuck at exactly 1 cannot reach the targets")]
    if kind is None and t:
        seen = squashed(facts)
        if seen is None:
            return _rebuilt(facts) if name is None else []
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
        f"{interval(lo, hi)}", where=name, link=f"{kind} output cannot reach the targets")]
