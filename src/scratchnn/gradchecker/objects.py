"""The user's layer objects as the checker sees them: how each is called, where its parameters and
gradients live, and a promise to leave it exactly as it was.

Calling conventions (found by trying, once, at the point being checked):

* ``forward(h)`` returns the output, or stores it in ``.output`` (also ``.out``, ``.outputs``); a
  ``training``/``train``/``is_training`` argument is passed ``True`` (dropout, batch norm).
* ``backward(g)`` returns dL/d(input), or stores it in ``.dinputs`` (also ``.dinput``, ``.dx``,
  ``.dX``, ``.grad_input``, ``.grad_inputs``, ``.dA_prev``); a returned tuple's first item counts,
  and the items after it (``(dX, dW, db)`` or ``(dX, [dW, db])``) are parameter gradients.

Parameters: an explicit mapping ``{"gamma": "gamma_grad"}``; else the ``params``/``grads`` dicts of
scratchnn's layer protocol; else every floating array attribute that existed before the check,
did not change in forward, and has a gradient attribute named after it by
:mod:`scratchnn.vocabulary` (``weights``/``dweights``, ``W``/``dW``, ``gamma``/``dgamma``,
``x``/``x_grad``, ``_W``/``_grad_W`` ...) once backward has run; without such attributes, the
gradients backward returns after dL/d(input), paired with those arrays by shape, in order.
An explicit mapping names a returned gradient by its position: ``{"W": 0, "b": 1}``.
"""
import inspect
from dataclasses import dataclass, field

import numpy as np

from ..validation import InputError
from ..vocabulary import parameter_of

OUTPUT_ATTRS = ("output", "out", "outputs")
INPUT_GRAD_ATTRS = ("dinputs", "dinput", "dx", "dX", "grad_input", "grad_inputs", "dA_prev")
TRAINING_ARGS = ("training", "train", "is_training")


def _slot_names(obj):
    """The names of the ``__slots__`` declared along ``type(obj)``'s classes (``@dataclass(slots=True)``
    included), private ones mangled as Python stores them."""
    names = []
    for cls in type(obj).__mro__:
        declared = cls.__dict__.get("__slots__", ())
        for name in ([declared] if isinstance(declared, str) else declared):
            if name in ("__dict__", "__weakref__"):
                continue
            if name.startswith("__") and not name.endswith("__"):
                name = f"_{cls.__name__.lstrip('_')}{name}"
            if name not in names:
                names.append(name)
    return names


def attributes(obj):
    """An object's instance attributes as a dict: its ``__dict__`` and the ``__slots__`` that are set."""
    attrs = dict(vars(obj)) if hasattr(obj, "__dict__") else {}
    for name in _slot_names(obj):
        try:
            attrs[name] = getattr(obj, name)
        except AttributeError:          # a slot never assigned
            pass
    return attrs


def set_attributes(obj, attrs):
    """Make ``obj``'s instance attributes exactly ``attrs`` (the inverse of :func:`attributes`)."""
    slots = _slot_names(obj)
    for name in slots:
        if name in attrs:
            setattr(obj, name, attrs[name])
        elif hasattr(obj, name):
            delattr(obj, name)
    if hasattr(obj, "__dict__"):
        vars(obj).clear()
        vars(obj).update({k: v for k, v in attrs.items() if k not in slots})


class Snapshot:
    """Everything a check may touch, saved so that :meth:`restore` puts it back exactly: each
    object's attributes (the same objects, with the same contents, and no new ones), the contents
    of dicts and lists they hold, the state of random generators, and NumPy's global generator."""

    def __init__(self, objects):
        self.objects = [(obj, attributes(obj)) for obj in objects]
        self.arrays, self.containers, self.generators = [], [], []
        seen = set()
        for _, attrs in self.objects:
            for value in attrs.values():
                self._save(value, seen, depth=0)
        self.global_state = np.random.get_state()

    def _save(self, value, seen, depth):
        if id(value) in seen or depth > 2:
            return
        seen.add(id(value))
        if isinstance(value, np.ndarray):
            self.arrays.append((value, value.copy()))
        elif isinstance(value, dict):
            self.containers.append((value, dict(value)))
            for item in value.values():
                self._save(item, seen, depth + 1)
        elif isinstance(value, list):
            self.containers.append((value, list(value)))
            for item in value:
                self._save(item, seen, depth + 1)
        elif isinstance(value, np.random.Generator):
            self.generators.append((value.bit_generator, value.bit_generator.state))
        elif isinstance(value, np.random.RandomState):
            self.generators.append((value, value.get_state()))

    def reset_generators(self):
        """Put every random generator back to its saved state (the same draws in every evaluation)."""
        for gen, state in self.generators:
            if isinstance(gen, np.random.RandomState):
                gen.set_state(state)
            else:
                gen.state = state

    def restore(self):
        for obj, attrs in self.objects:
            set_attributes(obj, attrs)
        for container, items in self.containers:
            container.clear()
            container.update(items) if isinstance(container, dict) else container.extend(items)
        for array, saved in self.arrays:
            if array.tobytes() != saved.tobytes():
                np.copyto(array, saved)
        self.reset_generators()
        np.random.set_state(self.global_state)


RETURNED = "<returned by backward>"


@dataclass
class Slot:
    """Where one array lives on a layer: an attribute (``key`` None), a key of a dict attribute, or
    (``attr`` RETURNED) the position ``key`` among the gradients backward returned after dx."""

    attr: str
    key: object = None

    def get(self, layer, returned=()):
        if self.attr == RETURNED:
            return returned[self.key] if self.key < len(returned) else None
        value = getattr(layer, self.attr, None)
        return value if self.key is None else (value or {}).get(self.key)

    def set(self, layer, array):
        if self.key is None:
            setattr(layer, self.attr, array)
        else:
            getattr(layer, self.attr)[self.key] = array


@dataclass
class LayerPlan:
    """How to call one layer and where its arrays are."""

    layer: object
    training_arg: str | None = None
    output_attr: str | None = None          # where forward stores its output, when it returns None
    input_grad_attr: str | None = None      # where backward stores dx, when it returns none
    has_input_grad: bool = True
    low_precision: bool = False             # its output came back float32/float16 even from float64 input
    params: list = field(default_factory=list)   # (label, param Slot, grad Slot)
    returned_grads: list = field(default_factory=list)   # what the last backward returned after dx

    def forward(self, h, where="layer"):
        """The layer's output for input ``h``, as float64: returned, or stored in ``.output``."""
        returned = self.layer.forward(h, **({self.training_arg: True} if self.training_arg else {}))
        if returned is None:
            self.output_attr = self.output_attr or next(
                (a for a in OUTPUT_ATTRS if isinstance(getattr(self.layer, a, None), np.ndarray)), None)
            if self.output_attr is None:
                raise InputError(f"{where}.forward returned None and set no .output: return the output "
                                 f"or store it in self.output")
            returned = getattr(self.layer, self.output_attr)
        self.low_precision |= np.asarray(returned).dtype in (np.float32, np.float16)
        return np.array(returned, dtype=np.float64)

    def backward(self, g):
        """dL/d(input) as float64 (returned, a returned tuple's first item, or stored in ``.dinputs``
        and the like), or None when the layer gives none."""
        returned = self.layer.backward(g)
        self.returned_grads = []
        if isinstance(returned, (tuple, list)) and returned:
            returned, extra = returned[0], list(returned[1:])
            if len(extra) == 1 and isinstance(extra[0], (tuple, list, dict)):    # (dX, [dW, db])
                extra = list(extra[0].values() if isinstance(extra[0], dict) else extra[0])
            self.returned_grads = [e for e in extra if isinstance(e, np.ndarray) or np.isscalar(e)]
        if not isinstance(returned, np.ndarray):
            self.input_grad_attr = self.input_grad_attr or next(
                (a for a in INPUT_GRAD_ATTRS if isinstance(getattr(self.layer, a, None), np.ndarray)), None)
            returned = None if self.input_grad_attr is None else getattr(self.layer, self.input_grad_attr)
        return None if returned is None else np.array(returned, dtype=np.float64)


def _floating(a):
    return np.issubdtype(np.asarray(a).dtype, np.floating)


def training_argument(layer):
    try:
        names = inspect.signature(layer.forward).parameters
    except (TypeError, ValueError):
        return None
    return next((n for n in TRAINING_ARGS if n in names), None)


def require_methods(layer, where):
    missing = [name for name in ("forward", "backward") if not callable(getattr(layer, name, None))]
    if missing:
        raise InputError(f"{where} ({type(layer).__name__}) has no {' or '.join(missing)} method: a layer needs "
                         f"forward(x) returning (or storing in .output) its output and backward(dy) returning "
                         f"(or storing in .dinputs) dL/dx; for a function pair use gradcheck_pair")


def _candidates(layer, before, forward_input):
    """Floating array attributes that existed before the check and are not the input cache."""
    found = {}
    for attr, value in attributes(layer).items():
        if attr not in before or attr in INPUT_GRAD_ATTRS or attr in OUTPUT_ATTRS:
            continue
        if isinstance(value, np.ndarray) and value.size and _floating(value) and value is not forward_input:
            if before[attr] is value and not (value.shape == forward_input.shape and np.array_equal(value, forward_input)):
                found[attr] = value
    return found


def find_params(layer, where, before, forward_input, explicit, returned=()):
    """``[(attribute label, param Slot, grad Slot)]`` for one layer (after one forward and backward;
    ``returned``: the gradients its backward returned after dx)."""
    if explicit is not None:
        if not isinstance(explicit, dict):
            raise InputError(f"params for {where} must be a dict {{parameter attribute: gradient attribute}}, "
                             f"e.g. {{'gamma': 'gamma_grad'}}, or None to find them; got {type(explicit).__name__}")
        pairs = []
        for p_attr, g_attr in explicit.items():
            if isinstance(g_attr, int):
                if not 0 <= g_attr < len(returned):
                    raise InputError(f"params maps {where}.{p_attr} to returned gradient {g_attr}, but its backward "
                                     f"returned {len(returned)} gradient(s) after dL/d(input)")
                pairs.append((str(p_attr), Slot(str(p_attr)), Slot(RETURNED, g_attr)))
                continue
            for attr in (p_attr, g_attr):
                if not isinstance(getattr(layer, str(attr), None), np.ndarray):
                    have = sorted(a for a, v in attributes(layer).items() if isinstance(v, np.ndarray))
                    raise InputError(f"params names {where}.{attr}, which is not an array attribute after "
                                     f"forward and backward; its array attributes: {', '.join(have) or 'none'}")
            pairs.append((str(p_attr), Slot(str(p_attr)), Slot(str(g_attr))))
        return pairs
    table, grads = getattr(layer, "params", None), getattr(layer, "grads", None)
    if isinstance(table, dict) and isinstance(grads, dict) and table:
        return [(str(k), Slot("params", k), Slot("grads", k)) for k in table if k in grads]
    candidates = _candidates(layer, before, forward_input)
    stripped = {attr.lstrip("_"): attr for attr in candidates}
    pairs, taken = [], set()
    for g_attr, value in attributes(layer).items():
        if g_attr in INPUT_GRAD_ATTRS or not isinstance(value, np.ndarray):
            continue
        # a gradient array made in __init__ and filled in place (weights_gradient += ...) existed
        # before the check too: it is a gradient when its name points at another array
        others = [name for name in stripped if stripped[name] != g_attr]
        match = parameter_of(g_attr.lstrip("_"), others, taken=taken)
        if match is not None:      # any shape: a wrong one is diagnosed by the checker ("not summed ...")
            taken.add(match)
            pairs.append((stripped[match], Slot(stripped[match]), Slot(g_attr)))
    gradient_attrs = {g.attr for _, _, g in pairs}
    pairs = [pair for pair in pairs if pair[0] not in gradient_attrs]
    candidates = {a: v for a, v in candidates.items() if a not in gradient_attrs}
    if not pairs and returned:
        pairs = _pair_returned(candidates, returned)
    order = list(candidates)
    return sorted(pairs, key=lambda pair: order.index(pair[0]))


def unchecked_arrays(layer, before, forward_input, pairs):
    """Array attributes that look like parameters but got no gradient (so went unchecked)."""
    paired = {label for label, _, _ in pairs} | {g.attr for _, _, g in pairs}
    return [a for a in _candidates(layer, before, forward_input) if a not in paired]


def _pair_returned(candidates, returned):
    """Returned gradients paired with parameter arrays by shape (else by size), in their orders."""
    pairs, free = [], list(candidates)
    for k, grad in enumerate(returned):
        shape, size = np.shape(grad), np.size(grad)
        attr = next((a for a in free if candidates[a].shape == shape), None) or \
            next((a for a in free if candidates[a].size == size), None)
        if attr is not None:
            free.remove(attr)
            pairs.append((attr, Slot(attr), Slot(RETURNED, k)))
    order = list(candidates)
    return sorted(pairs, key=lambda pair: order.index(pair[0]))
