"""unscaled-inputs: input features far from unit scale (e.g. raw pixels 0-255)."""
from ._common import Rule, g, gated

MAX_ABS = 20.0
# Features whose scales (max |x|) differ by this much make plain gradient descent crawl, whatever the loss does.
FEATURE_RATIO = 1000.0
# A run that classifies this share of its samples right is learning, whatever its feature scales.
GOOD_ACCURACY = 0.95

RULE = Rule(
    "unscaled-inputs", "Input features are far from unit scale",
    ("`warning` when the run fails, or when it does not classify 95% of its samples right and either is a "
     "classifier (raw pixels into a network learning slowly) or has features whose scales differ by 1000x or "
     "more; `info` otherwise."),
    "Large inputs make the first layer's pre-activations and gradients just as large: ReLUs die or sigmoids "
    "saturate at once, and a normal learning rate becomes a giant step. Features of very different scales "
    "leave no good learning rate: one small enough for the largest feature barely moves the weights of the "
    "smallest, so the loss keeps falling, but far slower than on standardised features.",
    "Any |x| >= 20. Weight initialisations assume inputs of size about 1; inputs 20-255x larger make the first "
    "layer's pre-activations and its gradient (proportional to x) that much larger. The largest per-feature "
    "max |x| over the smallest (features the same on every sample, such as a column of ones for the bias, left "
    "out) >= 1000 is a warning even in a run whose loss "
    "falls: gradient descent on a layer fed such features needs about that ratio squared more steps.",
    "Scale the inputs: standardise each feature, (X - mean) / std (scratchnn.StandardScaler), or X / 255.0 for "
    "pixels. With fit(doctor=True) the doctor tries standardised inputs on a fresh copy.",
    where="`inputs`.", example="Seed 002: 12288 pixels of 0-254 with lr 0.1.")


def classifies_well(facts):
    """The last observation classifies at least 95% of its samples right: the run learns, so a spread of
    feature scales is worth an info, not a warning (a logistic regression on raw word counts)."""
    accuracy = facts.records[-1].accuracy
    return accuracy is not None and accuracy >= GOOD_ACCURACY


def check(facts):
    x = facts.inputs
    if not x or x["max_abs"] < MAX_ABS:
        return []
    ratio = x.get("feature_ratio", 1.0)
    spread = f"; the features' largest |x| differ by {g(ratio)}x" if ratio >= FEATURE_RATIO else ""
    # A classifier (its accuracy known) that is not yet right on 95% of its samples needs the scaling as much.
    classifier = facts.records[-1].accuracy is not None
    return [RULE.finding(
        "warning" if (spread or classifier) and not classifies_well(facts) else gated(facts),
        f"inputs range from {g(x['min'])} to {g(x['max'])}",
        f"inputs from {g(x['min'])} to {g(x['max'])} (mean {g(x['mean'])}, std {g(x['std'])}) over "
        f"{x['n_features']} features{spread}", since=facts.epochs[0], where="inputs",
        link=f"inputs {g(x['min'])} to {g(x['max'])} unscaled", remedy={"scale_inputs": True})]
