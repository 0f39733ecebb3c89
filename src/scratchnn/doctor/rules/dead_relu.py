"""dead-relu: ReLU units that output 0 for every sample, observation after observation."""
import numpy as np

from ._common import Rule, observations_since

MIN_OBSERVATIONS = 3
LAYER_FRACTION = 0.5

RULE = Rule(
    "dead-relu", "ReLU units output 0 for every sample", "`error` when a whole layer is dead and the run fails; "
    "`warning` when at least half of a layer (or the output ReLU) is dead and the run fails; otherwise `info`.",
    "A ReLU with z <= 0 on every sample outputs 0 and passes back zero gradient, so no update can bring it back: "
    "the layer has lost those units for good.",
    "A unit counts as dead when it is silent on every sample of each of the last 3 observations (3 different "
    "batches in minibatch training, so one unlucky batch is not enough). A convolution filter counts as dead "
    "when it is silent at every position of every sample. A few dead units are normal in a ReLU network that "
    "learns; half a layer is not. When the loop passes no hidden activations, a forward pass rebuilt from its "
    "arrays (confirmed by reproducing its predictions and loss) shows them at the last finite observation, the output "
    "layer included (a ReLU output whose predictions are all 0): there a whole layer must be 0 on every sample "
    "under every reading of the observation, with the loop's own gradient into those units exactly 0.",
    "Lower the learning rate, scale the inputs, initialise weights with He init (std = sqrt(2 / fan_in)) and "
    "small positive biases, or use leaky ReLU.",
    where="the layer.",
    example="Seed 000: the first step is too large and all 4 hidden ReLUs and the output ReLU die; the output is "
            "0 forever.")
OUTPUT_FIX = "Use a linear output for regression (no ReLU on the last layer): a dead output ReLU predicts 0 forever. "


def _rebuilt(facts):
    """Dead units in ReLU layers (the output included) the loop never passed, seen through the rebuilt forward pass (see
    :mod:`scratchnn.doctor.rebuild_hidden`): one observation, so the whole layer must be dead to count."""
    out = []
    for layer in facts.gradients.dead:
        if layer.units < layer.n_units:
            continue
        severity = "error" if facts.failing else "info"
        where = f"the {'output ' if layer.output else ''}layer of {layer.weight}"
        units = f"the one unit of {where}" if layer.n_units == 1 else f"all {layer.n_units} units of {where}"
        title = "the output ReLU is dead" if layer.output and layer.n_units == 1 else \
            f"all {layer.n_units} ReLU units in {where} dead"
        out.append(RULE.finding(
            severity, title,
            f"the rebuilt forward pass (it reproduces the observed predictions and loss) at epoch {facts.gradients.epoch} "
            f"gives 0 for every sample from {units} (z <= 0 everywhere), and your gradient into "
            f"{'it' if layer.n_units == 1 else 'them'} is exactly 0", since=facts.gradients.epoch, where=where,
            fix=(OUTPUT_FIX if layer.output else "") + RULE.fix,
            link="output ReLU dead" if layer.output and layer.n_units == 1 else
            f"{layer.n_units} of {layer.n_units} ReLUs after {layer.weight} dead"))
    return out


def check(facts):
    if not facts.silent_since:
        return _rebuilt(facts)
    out = []
    need = min(MIN_OBSERVATIONS, len(facts.records))
    for name, since in facts.silent_since.items():
        dead = np.array([s >= 0 and observations_since(facts, s) >= need for s in since])
        k, n = int(dead.sum()), len(since)
        if k == 0:
            continue
        is_output = name == facts.output_layer
        serious = facts.failing and (k / n >= LAYER_FRACTION or is_output)
        severity = ("error" if k == n else "warning") if serious else "info"
        start = int(since[dead].max())
        title = "the output ReLU is dead" if is_output and n == 1 else f"{k} of {n} ReLU units in {name} dead"
        out.append(RULE.finding(
            severity, title, f"{k} of {n} units of layer {name!r} are 0 for every sample since epoch {start}",
            fix=(OUTPUT_FIX if is_output else "") + RULE.fix, since=start, where=name,
            link="output ReLU dead" if is_output and n == 1 else f"{k} of {n} ReLUs in {name} dead"))
    return out
