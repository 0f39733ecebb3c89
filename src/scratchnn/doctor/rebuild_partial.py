"""The later layers' gradients, when the inputs were not observed but a hidden layer's activations were.

The input of layer k is the output of layer k - 1. A loop that passes ``activations={"hidden": a1}``
but not ``inputs=X`` determines the network from layer k on: its parameters, ``a1`` as its inputs,
and the observed predictions and loss to confirm it. That sub-network is rebuilt and checked like a
whole one; the layers before it cannot be checked. So only a *wrong* verdict is kept (a wrong
gradient of W2 is wrong whatever W1's is); "right" for the later layers says nothing about the
earlier ones, where a missing activation derivative usually sits, and is reported as not checked.
"""
from dataclasses import replace

import numpy as np

from .rebuild_network import NotRebuilt, input_views, networks
from .rebuild_points import steps_along


def later_layers(point):
    """[CheckPoint]: per observed activation and per layer k >= 1 it can feed (its width is that layer's input
    width), the parameters of layers k, k + 1 ... with the activation as the inputs; the deepest network (the
    smallest k) first. ``point.inputs`` is None."""
    params = {k: np.asarray(v, dtype=np.float64) for k, v in point.params.items()}
    try:
        nets = networks(params)
    except NotRebuilt:
        return []
    found = []
    for net in nets:
        dims = net.dims(params)
        for k in range(1, len(dims)):
            names = [n for layer in net.layers[k:] for n in (layer.weight, layer.bias) if n is not None]
            kept = lambda arrays: None if arrays is None else {n: arrays[n] for n in names if n in arrays}
            for layer_name, a in (point.activations or {}).items():
                if input_views(a, dims[k][0]):
                    found.append((k, replace(
                        point, params=kept(point.params), grads=kept(point.grads),
                        previous_params=kept(point.previous_params), previous_grads=kept(point.previous_grads),
                        inputs=a, inputs_from=f"activations[{layer_name!r}], the input of {net.layers[k].weight}",
                        skipped=tuple(n for n in point.params if n not in names))))
    return [p for _, p in sorted(found, key=lambda item: item[0])]


def partial_verdict(check, point):
    """``check`` (a RebuildCheck of the later layers of ``point``) as the report may state it.

    "Right" becomes "not checked" (the earlier layers were not). "Wrong" stands only when the gradient belongs to
    the point where the activation used as input was computed, the point the rebuild reproduced: the one step
    between the last two observations must say so (at the observed parameters: the previous gradient led here,
    observe() before the update; at the previous ones: this gradient led here, observe() after it). A loop that
    logs the activation of the new parameters next to the gradient from before its update would otherwise have
    its right gradient checked through another layer's input."""
    skipped = ", ".join(point.skipped)
    if check.report is None:
        return check
    rebuilt = check.rebuilt.split(" (and ")[0]     # what the other readings' verdict was is no verdict here
    if check.report.ok:
        return replace(check, report=None, missing="inputs",
                       reason=f"through {rebuilt}, the later layers' gradients are right; {skipped} could not "
                              f"be checked: the inputs were not observed (pass inputs=X to observe())")
    along = steps_along(point, {k: np.asarray(v, dtype=np.float64) for k, v in point.params.items()})
    needed = "previous" if check.at.startswith("the observed parameters") and "+ lr" not in check.at.split(";")[0] \
        else "this"
    if along is not None and along == (needed,):
        return check
    return replace(check, report=None, missing="inputs",
                   reason=f"through {rebuilt}: the observed activation and gradient may come from different "
                          f"parameters (the step between the last two observations does not say which), so the later "
                          f"layers' gradients were not judged; {skipped} could not be checked: the inputs were not "
                          f"observed (pass inputs=X to observe())")
