"""unscaled-inputs: input features far from unit scale (e.g. raw pixels 0-255).

Threshold: any |x| >= 20. Weight initialisations assume inputs of size about 1; inputs 20-255x
larger make the first layer's pre-activations and its gradient (which is proportional to x) that
much larger, which kills ReLUs, saturates sigmoids and turns a normal learning rate into a huge
step. Warning when the run fails, info otherwise.
"""
from ._common import Finding, g, gated

CODE, RANK = "unscaled-inputs", 10
MAX_ABS = 20.0


def check(facts):
    x = facts.doctor.inputs
    if not x or x["max_abs"] < MAX_ABS:
        return []
    hint = "X / 255.0 for pixels, or " if x["min"] >= 0 and x["max"] <= 255 and x["max"] > 100 else ""
    return [Finding(
        CODE, gated(facts), f"inputs range from {g(x['min'])} to {g(x['max'])}",
        f"inputs from {g(x['min'])} to {g(x['max'])} (mean {g(x['mean'])}, std {g(x['std'])}) over {x['n_features']} features",
        "Large inputs make the first layer's pre-activations and gradients just as large: ReLUs die or "
        "sigmoids saturate at once, and a normal learning rate becomes a giant step.",
        f"Scale the inputs: {hint}standardise each feature, (X - mean) / std (scratchnn.StandardScaler).",
        since_epoch=facts.epochs[0], where="inputs", link=f"inputs {g(x['min'])} to {g(x['max'])} unscaled",
        remedy={"scale_inputs": True})]
