"""dead-relu: ReLU units that output 0 for every sample, observation after observation.

A unit counts as dead when z <= 0 on every sample of each of the last 3 observations (3 batches
in minibatch training, so one unlucky batch is not enough). Severity: warning when the run
fails and at least half of a layer (or the output layer) is dead; otherwise info, since a few
dead units are normal in a ReLU net that learns.
"""
import numpy as np

from ._common import Finding, observations_since

CODE, RANK = "dead-relu", 30
MIN_OBSERVATIONS = 3
LAYER_FRACTION = 0.5


def check(facts):
    out = []
    need = min(MIN_OBSERVATIONS, len(facts.records))
    for name, since in facts.doctor.silent_since.items():
        dead = np.array([s >= 0 and observations_since(facts, s) >= need for s in since])
        k, n = int(dead.sum()), len(since)
        if k == 0:
            continue
        is_output = name == facts.doctor.output_layer
        serious = facts.failing and (k / n >= LAYER_FRACTION or is_output)
        severity = ("error" if k == n else "warning") if serious else "info"
        start = int(since[dead].max())
        title = "the output ReLU is dead" if is_output and n == 1 else f"{k} of {n} ReLU units in {name} dead"
        fix = ("Use a linear output for regression (no ReLU on the last layer): a dead output ReLU predicts "
               "0 forever. " if is_output else "")
        out.append(Finding(
            CODE, severity, title,
            f"{k} of {n} units of layer {name!r} are 0 for every sample since epoch {start}",
            "A ReLU with z <= 0 on every sample outputs 0 and passes back zero gradient, so no update can "
            "bring it back: the layer has lost those units for good.",
            fix + "Lower the learning rate, scale the inputs, initialise weights with He init "
            "(std = sqrt(2 / fan_in)) and small positive biases, or use leaky ReLU.",
            since_epoch=start, where=name,
            link="output ReLU dead" if is_output and n == 1 else f"{k} of {n} ReLUs in {name} dead"))
    return out
