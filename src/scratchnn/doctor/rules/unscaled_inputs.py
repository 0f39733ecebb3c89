"""unscaled-inputs: input features far from unit scale (e.g. raw pixels 0-255)."""
from ._common import Rule, g, gated

MAX_ABS = 20.0

RULE = Rule(
    "unscaled-inputs", "Input features are far from unit scale", "`warning` when the run fails, `info` otherwise.",
    "Large inputs make the first layer's pre-activations and gradients just as large: ReLUs die or sigmoids "
    "saturate at once, and a normal learning rate becomes a giant step.",
    "Any |x| >= 20. Weight initialisations assume inputs of size about 1; inputs 20-255x larger make the first "
    "layer's pre-activations and its gradient (proportional to x) that much larger.",
    "Scale the inputs: standardise each feature, (X - mean) / std (scratchnn.StandardScaler), or X / 255.0 for "
    "pixels. With fit(doctor=True) the doctor tries standardised inputs on a fresh copy.",
    where="`inputs`.", example="Seed 002: 12288 pixels of 0-254 with lr 0.1.")


def check(facts):
    x = facts.inputs
    if not x or x["max_abs"] < MAX_ABS:
        return []
    return [RULE.finding(
        gated(facts), f"inputs range from {g(x['min'])} to {g(x['max'])}",
        f"inputs from {g(x['min'])} to {g(x['max'])} (mean {g(x['mean'])}, std {g(x['std'])}) over "
        f"{x['n_features']} features", since=facts.epochs[0], where="inputs",
        link=f"inputs {g(x['min'])} to {g(x['max'])} unscaled", remedy={"scale_inputs": True})]
