"""symmetric-units: units that are copies of each other, so the layer works like one unit."""
from ._common import Rule, g, gated

WINDOW = 3

RULE = Rule(
    "symmetric-units", "Units are copies of each other", "`warning` when the run fails, `info` otherwise.",
    "Units that start with the same weights compute the same output and receive the same gradient, so they stay "
    "identical forever and a layer of n such units works like one unit; with zero weights the gradients of "
    "earlier layers are also zero at first.",
    "Exact equality, at the first observation: every parameter at one constant, or a weight matrix whose units "
    "(all columns of an (inputs, units) matrix, or all rows of a (units, inputs) one) are identical. Symmetry "
    "survives the update, so this holds whether observe() comes before or after the first step. Only in a "
    "network with a hidden layer (two weight arrays, or two layers observed): a single layer's units (a linear "
    "regression's theta at 0) see different targets and part at the first step. Also: some units "
    "of a layer computing exactly the same values as another unit on every sample at each of the last 3 "
    "observations (all-zero units aside: those are dead-relu).",
    "Initialise weights randomly, e.g. np.random.randn(fan_in, fan_out) * np.sqrt(2 / fan_in) (He) or "
    "* np.sqrt(1 / fan_in) (Xavier); biases may start at 0.",
    where="the layer or weight matrix.",
    example="Seed 003: all five weights and biases start at 0; the answer's first point is \"NEVER initialize all "
            "weights to the same constant\".")


def check(facts):
    out = []
    init = facts.initial_params if facts.has_hidden_layer() else None
    first = facts.records[0].epoch
    if init and init["constant"] and init["size"] > 1:
        out.append(RULE.finding(
            gated(facts), f"all weights start at {g(init['value'])}",
            f"all {init['size']} parameter values ({', '.join(init['names'])}) were {g(init['value'])} at the first "
            "observation", since=first, link=f"all weights start at {g(init['value'])}"))
    elif init:
        for name, (units, axis, value) in init.get("symmetric", {}).items():
            if value is not None:
                title, evidence = (f"every weight of {name} starts at {g(value)}",
                                   f"all entries of {name} were {g(value)} at the first observation: its units are identical")
            else:
                title, evidence = (f"all {units} units of {name} start with the same weights",
                                   f"{name} has {units} identical {axis} at the first observation")
            out.append(RULE.finding(gated(facts), title, evidence, since=first, where=name,
                                    link=f"identical units in {name}"))
    for name in facts.layer_names():
        epochs, dup = facts.layer_series(name, "symmetric")
        if len(dup) >= min(WINDOW, len(facts.records)) and min(dup[-WINDOW:]) > 0:
            n = facts.records[-1].layers[name]["n_units"]
            out.append(RULE.finding(
                gated(facts), f"units in {name} are copies of each other",
                f"{dup[-1]} of {n} units in {name} compute exactly the same values as another unit on every sample",
                since=epochs[-len(dup[-WINDOW:])], where=name, link=f"{dup[-1]} copied units in {name}"))
    return out
