"""symmetric-units: units that are copies of each other, so the layer works like one unit.

Two signs: every parameter started at the same constant (zero or constant init; units that start
equal get equal gradients and stay equal forever), or at the last 3 observations some units of a
layer compute exactly the same value as another unit on every sample (all-zero units aside: those
are dead-relu). Warning when the run fails, info otherwise.
"""
from ._common import Finding, g, gated

CODE, RANK = "symmetric-units", 14
WINDOW = 3


def check(facts):
    out = []
    init = facts.doctor.initial_params
    sizes = sum(facts.records[0]["params"][n]["size"] for n in facts.records[0]["params"]) if facts.records[0]["params"] else 0
    if init and init["constant"] and sizes > 1:
        out.append(Finding(
            CODE, gated(facts), f"all weights start at {g(init['value'])}",
            f"all {sizes} parameter values ({', '.join(init['names'])}) were {g(init['value'])} at the first observation",
            "Units that start with the same weights compute the same output and receive the same gradient, so "
            "they stay identical forever; with zero weights the gradients of earlier layers are also zero at first.",
            "Initialise weights randomly, e.g. np.random.randn(fan_in, fan_out) * np.sqrt(2 / fan_in) (He) or "
            "* np.sqrt(1 / fan_in) (Xavier); biases may start at 0.",
            since_epoch=facts.epochs[0], link=f"all weights start at {g(init['value'])}"))
    for name in facts.layer_names():
        epochs, dup = facts.layer_series(name, "symmetric")
        if len(dup) >= min(WINDOW, len(facts.records)) and min(dup[-WINDOW:]) > 0:
            n = facts.records[-1]["layers"][name]["n_units"]
            out.append(Finding(
                CODE, gated(facts), f"units in {name} are copies of each other",
                f"{dup[-1]} of {n} units in {name} compute exactly the same values as another unit on every sample",
                "Identical units get identical gradients and never become different: the layer has fewer "
                "distinct units than it seems.",
                "Initialise the weights randomly (not zeros or a constant), e.g. He init.",
                since_epoch=epochs[-len(dup[-WINDOW:])], where=name, link=f"{dup[-1]} copied units in {name}"))
    return out
