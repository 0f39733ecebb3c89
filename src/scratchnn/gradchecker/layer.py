"""``gradcheck_layer``: check the ``backward`` of layer objects against their ``forward``.

``layers`` is one object or a list applied in order (a network). The scalar checked is

.. math::  L = \\text{value\\_fn}(y) \\quad\\text{or, without a loss,}\\quad L = \\sum r \\odot y

with ``y`` the last layer's output and ``r`` a fixed random array (then ``dL/dy = r``). The
upstream gradient handed to the last ``backward`` is the user's ``grad_fn(y)`` (or ``r``), and each
``backward`` hands its result to the layer below, exactly as in training. Checked, each against
float64 central differences of ``L``:

* ``layers[i].<attr>``: every parameter's gradient (``layers[0].weights``, ``layers[1].gamma``);
* ``layers[i].input``: dL/d(input of layer i), what ``layers[i].backward`` returns (or stores);
* ``loss.input``: ``grad_fn(y)`` against the numeric gradient of ``value_fn`` (with ``loss`` only).

Each result is the end-to-end gradient of ``L``: an error in ``layers[2].backward`` shows in
``layers[2]`` and in every layer below it (``report.where_it_goes_wrong`` names the highest).
How layers are called and where their arrays live is found by :mod:`.objects`. Random layers
(dropout) draw the same numbers in every evaluation: NumPy's global generator is reseeded with
``seed`` before each forward pass, and generators held by a layer are reset to their state. All
objects are left exactly as they were (attributes, arrays, generators, NumPy's global state).
"""
import numpy as np

from ..validation import InputError
from .check import gradcheck
from .objects import INPUT_GRAD_ATTRS, RETURNED, LayerPlan, Snapshot, attributes, find_params, require_methods, \
    training_argument, unchecked_arrays
from .report import GradReport


def _as_list(layers):
    if isinstance(layers, (list, tuple)):
        items = list(layers)
    elif isinstance(getattr(layers, "layers", None), list) and all(hasattr(l, "backward") for l in layers.layers):
        items = list(layers.layers)   # a model (scratchnn's Sequential): its layers, in order
    else:
        items = [layers]
    if not items:
        raise InputError("layers is empty: pass one layer object or a list of them, e.g. [dense1, relu1, dense2]")
    for i, layer in enumerate(items):
        require_methods(layer, f"layers[{i}]")
    if len({id(l) for l in items}) != len(items):
        raise InputError("the same layer object appears twice in layers; a layer keeps its forward's values for "
                         "its backward, so each position needs its own object")
    return items


def _as_input(x):
    try:
        x = np.asarray(x)
    except (TypeError, ValueError) as err:
        raise InputError(f"x could not be read as an array ({err}); pass an ndarray of inputs") from None
    if np.iscomplexobj(x):
        raise InputError(f"x is complex (dtype {x.dtype}); the checker compares real gradients: pass real inputs")
    if x.ndim < 1 or x.size == 0 or not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
        raise InputError(f"x must be a non-empty array of numbers with samples on axis 0, got shape {x.shape} "
                         f"dtype {x.dtype}")
    return np.array(x, dtype=np.float64)


def _as_mappings(params, count):
    if params is None:
        return [None] * count
    if isinstance(params, dict):
        params = [params]
    if not isinstance(params, (list, tuple)) or len(params) != count:
        raise InputError(f"params must be one mapping per layer ({count}), e.g. [{{'gamma': 'gamma_grad'}}, {{}}], "
                         f"or None to find them; got {params!r:.80}")
    return list(params)


def _as_loss(loss):
    if loss is None:
        return None
    if not (isinstance(loss, (tuple, list)) and len(loss) == 2 and all(callable(f) for f in loss)):
        raise InputError("loss must be a pair (value_fn, grad_fn): value_fn(output) -> float, "
                         "grad_fn(output) -> dL/d(output), your hand-written gradient; or None")
    return tuple(loss)


class _Network:
    """The layers, how each is called, and where its arrays are, found at the point being checked."""

    def __init__(self, layers, mappings, seed):
        self.layers, self.mappings, self.seed = layers, mappings, seed
        self.plans = [LayerPlan(layer, training_argument(layer)) for layer in layers]
        self.snapshot = None

    def _reset_randomness(self):
        np.random.seed(self.seed)
        self.snapshot.reset_generators()

    def discover(self, x, upstream_of):
        """One forward and backward pass to learn the conventions; swaps parameters to float64."""
        before = [attributes(layer) for layer in self.layers]
        inputs, h = [], x
        self._reset_randomness()
        for i, plan in enumerate(self.plans):
            inputs.append(h.copy())
            h = plan.forward(inputs[-1].copy(), f"layers[{i}]")
        g = upstream_of(h)
        for i in range(len(self.plans) - 1, -1, -1):
            dx = self.plans[i].backward(g.copy())
            if dx is None:
                if i > 0:
                    raise InputError(f"layers[{i}].backward returned nothing and set none of "
                                     f"{', '.join('.' + a for a in INPUT_GRAD_ATTRS)}: return dL/d(input) or store "
                                     f"it in self.dinputs, so that layers[{i - 1}] can be given it")
                self.plans[0].has_input_grad = False
                break
            g = dx
        self.unchecked = []
        for i, plan in enumerate(self.plans):
            plan.params = find_params(plan.layer, f"layers[{i}]", before[i], inputs[i], self.mappings[i],
                                      plan.returned_grads)
            if self.mappings[i] is None and not isinstance(getattr(plan.layer, "params", None), dict):
                self.unchecked += [f"layers[{i}].{a}" for a in unchecked_arrays(plan.layer, before[i], inputs[i],
                                                                                  plan.params)]
        # Gradient arrays the layer made before the check and fills in place (weights_gradient +=
        # ..., reset by its optimizer step) start every backward pass from their contents before it.
        saved = {id(array): content for array, content in self.snapshot.arrays}
        self.accumulators = [(plan, g_slot, saved[id(held)].astype(np.float64))
                             for plan in self.plans for _, _, g_slot in plan.params if g_slot.attr != RETURNED
                             for held in [g_slot.get(plan.layer)] if id(held) in saved]
        self._widen()
        return inputs

    def _widen(self):
        """Every parameter (and existing gradient array) becomes a float64 copy, wherever it is held."""
        for plan in self.plans:
            for _, p_slot, g_slot in plan.params:
                for slot in (p_slot, g_slot):
                    original = None if slot.attr == RETURNED else slot.get(plan.layer)
                    if isinstance(original, np.ndarray):
                        _replace_everywhere(plan.layer, original, np.array(original, dtype=np.float64, order="C"))

    def values(self):
        return {f"layers[{i}].{label}": np.array(p_slot.get(plan.layer), dtype=np.float64)
                for i, plan in enumerate(self.plans) for label, p_slot, _ in plan.params}

    def set_params(self, p):
        for i, plan in enumerate(self.plans):
            for label, p_slot, _ in plan.params:
                p_slot.get(plan.layer)[...] = p[f"layers[{i}].{label}"]

    def forward(self, p, base_inputs):
        """The output at parameters ``p``; ``p["layers[i].input"]`` moves layer i's input (i >= 1)
        by its difference from the input it had at the point being checked."""
        self.set_params(p)
        self._reset_randomness()
        h = p.get("layers[0].input", base_inputs[0]).copy()
        for i, plan in enumerate(self.plans):
            key = f"layers[{i}].input"
            if i > 0 and key in p:
                h = h + (p[key] - base_inputs[i])
            h = plan.forward(h)
        return h

    def backward(self, g):
        """``{name: gradient}`` from one backward pass handed ``g``."""
        grads = {}
        for plan, g_slot, start in self.accumulators:
            held = g_slot.get(plan.layer)
            if isinstance(held, np.ndarray) and held.shape == start.shape:
                held[...] = start
        for i in range(len(self.plans) - 1, -1, -1):
            plan = self.plans[i]
            dx = plan.backward(g.copy())
            for label, _, g_slot in plan.params:
                value = g_slot.get(plan.layer, plan.returned_grads)
                grads[f"layers[{i}].{label}"] = None if value is None else np.array(value, dtype=np.float64)
            if dx is None:
                break
            grads[f"layers[{i}].input"] = dx
            g = dx
        return {k: v for k, v in grads.items() if v is not None}


def _replace_everywhere(layer, original, wide):
    """Point every attribute (and dict entry) of ``layer`` that holds ``original`` at ``wide``."""
    for attr, value in attributes(layer).items():
        if value is original:
            setattr(layer, attr, wide)
        elif isinstance(value, dict):
            for key, item in list(value.items()):
                if item is original:
                    value[key] = wide


def gradcheck_layer(layers, x, params=None, loss=None, *, seed=0, **options):
    """Check the backward pass of one layer object or a list of them (see the module docstring).

    Parameters
    ----------
    layers : a layer object, or a list applied in order; each has ``forward`` and ``backward``.
    x : the input of the first layer, samples on axis 0 (any rank: ``(n, d)``, ``(n, C, H, W)``).
    params : None (found by themselves), or one mapping per layer ``{"gamma": "gamma_grad"}``
        naming parameter and gradient attributes (``{}`` for a layer without parameters).
    loss : None, or ``(value_fn, grad_fn)``: your loss of the last output and its gradient.
    seed : seeds the random upstream gradient, NumPy's global generator before each forward, the probes.
    options : passed to :func:`gradcheck` (``rtol``, ``batch_size`` (default ``x.shape[0]``), ...).

    Returns
    -------
    GradReport with results ``layers[i].input``, ``layers[i].<parameter>`` in layer order, then
    ``loss.input``.
    """
    items = _as_list(layers)
    x = _as_input(x)
    mappings, loss = _as_mappings(params, len(items)), _as_loss(loss)
    net = _Network(items, mappings, seed)
    if options.get("batch_size") is None:
        options["batch_size"] = x.shape[0]     # samples are on axis 0
    net.snapshot = Snapshot(items)
    try:
        r_random = None

        def upstream_of(y):
            nonlocal r_random
            if loss is not None:
                return _loss_gradient(loss, y)
            if r_random is None:
                r_random = np.random.default_rng(seed).standard_normal(y.shape)
            return r_random

        inputs = net.discover(x, upstream_of)
        base = net.values()
        tree = {}
        for i in range(len(items)):
            if i > 0 or net.plans[0].has_input_grad:    # only the first layer may skip dL/dx
                tree[f"layers[{i}].input"] = inputs[i].copy()
            tree.update({k: v for k, v in base.items() if k.startswith(f"layers[{i}].")})
        y0 = net.forward({**base, **tree}, inputs)
        upstream = upstream_of(y0).copy()
        value = loss[0] if loss is not None else (lambda y: float(np.sum(upstream * y)))
        if loss is None:
            options.setdefault("loss_scale", float(np.sum(np.abs(upstream * y0))))

        def loss_fn(p):
            loss_value = value(net.forward(p, inputs))
            # A layer computing in float32 whatever it is given: let the checker widen step and tolerance.
            return np.float32(loss_value) if any(plan.low_precision for plan in net.plans) else loss_value

        def grad_fn(p):
            net.forward(p, inputs)
            return net.backward(upstream)

        report = gradcheck(loss_fn, tree, grad_fn, seed=seed, **options)
        if loss is not None:
            report = _with_loss_input(report, loss, y0, seed, options)
        if net.unchecked:
            report.warnings.append(f"not checked, no gradient found for: {', '.join(net.unchecked)}; if they are "
                                   f"parameters, name their gradient attributes with params=[{{'name': 'its "
                                   f"gradient attribute'}}, ...] (one mapping per layer)")
        return report
    finally:
        net.snapshot.restore()


def _loss_gradient(loss, y):
    g = loss[1](y.copy())
    g = np.asarray(g, dtype=np.float64) if g is not None else None
    if g is None or g.size != y.size:
        raise InputError(f"loss grad_fn(output) must return dL/d(output) of the output's shape {y.shape}, got "
                         f"{'None' if g is None else g.shape}")
    return g.reshape(y.shape)


def _with_loss_input(report, loss, y0, seed, options):
    """Append the check of ``grad_fn`` against the numeric gradient of ``value_fn`` at ``y0``."""
    value_fn, grad_fn = loss
    given = np.asarray(grad_fn(y0.copy()), dtype=np.float64)
    own = gradcheck(lambda p: value_fn(p["loss.input"]), {"loss.input": y0.copy()}, {"loss.input": given},
                    seed=seed, **options)
    return GradReport(report.results + own.results, report.rtol, report.evaluations + own.evaluations,
                      report.warnings + [w for w in own.warnings if w not in report.warnings])
