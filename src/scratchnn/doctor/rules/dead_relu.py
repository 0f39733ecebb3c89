"""dead-relu: ReLU units that output 0 for every sample, observation after observation."""
import numpy as np

from ._common import Rule, g, observations_since
from .output_activation_mismatch import kind_words

MIN_OBSERVATIONS = 3
LAYER_FRACTION = 0.5
# Part of a layer seen dead through the rebuilt forward pass (one observation) counts only on this many samples:
# as many as three observations of batches of 10.
MIN_SAMPLES = 30

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
    "layer included (a ReLU output whose predictions are all 0): there units count when they are 0 on every "
    "sample under every reading of the observation (one as close as any makes the layer a ReLU; a sigmoid reading "
    "counts when it is below 1e-12: its slope is as small), with the loop's "
    "own gradient into them exactly 0, or, for a whole layer, with z < 0 on every sample (no gradient of the loss "
    "comes back through it, whatever the loop's gradient says); a whole layer is `error` (when the run fails), at "
    "least half of one `warning` when the observation holds at least 30 samples (as many as three batches of 10). "
    "Readings that reproduce the predictions while no usual loss gives the logged value (an L2 penalty ...) "
    "count for this; readings that do not also reproduce the first observation's predictions do not (activations "
    "do not change during training), when some do; a unit whose z is exactly 0 on every sample (all-zero inputs "
    "or weights) is not counted.",
    "Lower the learning rate, scale the inputs, initialise weights with He init (std = sqrt(2 / fan_in)) and "
    "small positive biases, or use leaky ReLU.",
    where="the layer.",
    example="Seed 000: the first step is too large and all 4 hidden ReLUs and the output ReLU die; the output is "
            "0 forever.")
OUTPUT_FIX = "Use a linear output for regression (no ReLU on the last layer): a dead output ReLU predicts 0 forever. "


def _rebuilt(facts):
    """Dead units in ReLU layers (the output included) the loop never passed, seen through the rebuilt forward pass (see
    :mod:`scratchnn.doctor.rebuild_hidden`): one observation, so a whole layer, or at least half of one on
    MIN_SAMPLES samples or more."""
    out = []
    for layer in facts.gradients.dead:
        whole = layer.units == layer.n_units
        if not whole and (layer.units < LAYER_FRACTION * layer.n_units or layer.samples < MIN_SAMPLES):
            continue
        severity = ("error" if whole else "warning") if facts.failing else "info"
        where = f"the {'output ' if layer.output else ''}layer of {layer.weight}"
        units = f"the one unit of {where}" if layer.n_units == 1 else \
            f"all {layer.n_units} units of {where}" if whole else f"{layer.units} of the {layer.n_units} units of {where}"
        title = "the output ReLU is dead" if layer.output and layer.n_units == 1 else \
            f"all {layer.n_units} ReLU units in {where} dead" if whole else \
            f"{layer.units} of {layer.n_units} ReLU units in {where} dead"
        below = " (a sigmoid: below 1e-12)" if "sigmoid" in layer.also else ""
        also = (f"; other readings of the observation make the layer a {kind_words(layer.also)}, 0 there too{below}: "
                f"stuck either way") if layer.also else ""
        out.append(RULE.finding(
            severity, title,
            f"the rebuilt forward pass (it reproduces the observed {layer.reproduces}) at epoch {facts.gradients.epoch} "
            f"gives 0 on every one of the {layer.samples} observed samples from {units} (z <= {g(layer.z_max)} "
            f"everywhere{also}), and {_gradient_words(layer)}",
            since=facts.gradients.epoch, where=where, fix=(OUTPUT_FIX if layer.output else "") + RULE.fix,
            link="output ReLU dead" if layer.output and layer.n_units == 1 else
            f"{layer.units} of {layer.n_units} ReLUs after {layer.weight} dead"))
    return out


def _gradient_words(layer):
    them = "it" if layer.units == 1 else "them"
    if layer.no_gradient:
        return f"your gradient into {them} is exactly 0"
    return (f"your gradient into {them} is not 0, although a ReLU at z < 0 passes back none of the gradient of the "
            f"loss on the samples (a penalty term, gradients accumulated over steps, or a missing ReLU derivative?)")


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
