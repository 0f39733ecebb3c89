"""Match a user's gradients to their parameters by name, and diagnose shapes before any numerics.

``params`` is any nesting of dict / list / tuple with ndarray leaves. Each leaf gets the name a
learner would write: a top-level dict key stays bare (``W1``), deeper levels read like Python
(``layers[0].W``). ``grads`` is either the same nesting, or a flat dict whose keys follow one of
the common conventions for the parameter ``W1`` (``dW1``, ``grad_W1``, ``W1_grad``, ``delta_w1`` ...:
see :mod:`scratchnn.vocabulary`, the one place that lists them).

Shape problems are found here, each with its own message: a gradient missing, one that matches no
parameter, a transposed shape, a shape ``(m, *shape)`` that was not summed over the batch, and a
same-size shape that only needs a reshape. A layout NumPy broadcasts onto the parameter (a ``(3,)``
gradient for a ``(1, 3)`` bias: ``b -= lr * db`` works) is no problem: its numbers give the verdict
and the layout is a note.
"""
from dataclasses import dataclass

import difflib

import numpy as np

from ..validation import InputError
from ..vocabulary import gradient_keys, match_gradients, stems


@dataclass
class Leaf:
    """One parameter: its user-facing ``name``, where it lives (``path``), and its array."""

    name: str
    path: tuple
    value: np.ndarray


def _child_name(prefix, key):
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    if prefix == "":
        return str(key)
    return f"{prefix}.{key}" if str(key).isidentifier() else f"{prefix}[{key!r}]"


def flatten(tree, what="params"):
    """List the ndarray leaves of a dict/list/tuple nesting as :class:`Leaf` objects, in order.

    Scalars (Python or NumPy numbers) are not allowed as leaves because the checker must be able
    to give the loss a perturbed copy of each one; wrap them as ``np.array(x)``.
    """
    leaves = []

    def walk(node, prefix, path):
        if isinstance(node, np.ndarray):
            if np.iscomplexobj(node):
                raise InputError(f"{what} {prefix or '<array>'} is complex (dtype {node.dtype}); the checker "
                                 f"compares real gradients: pass the real arrays (e.g. x.real) or check the real "
                                 f"and imaginary parts as two real parameters")
            leaves.append(Leaf(prefix or "<array>", path, node))
        elif isinstance(node, dict):
            for key, child in node.items():
                walk(child, _child_name(prefix, key), path + (key,))
        elif isinstance(node, (list, tuple)):
            for i, child in enumerate(node):
                walk(child, _child_name(prefix, i), path + (i,))
        else:
            where = f" at {prefix}" if prefix else ""
            raise InputError(f"{what}{where} holds a {type(node).__name__} ({node!r:.40}); every leaf must be "
                            f"a NumPy array: wrap numbers as np.array(value) and nest only dict/list/tuple")

    walk(tree, "", ())
    return leaves


def rebuild(tree, values):
    """A new nesting like ``tree`` whose leaves are ``values`` (in :func:`flatten` order)."""
    it = iter(values)

    def build(node):
        if isinstance(node, np.ndarray):
            return next(it)
        if isinstance(node, dict):
            return {key: build(child) for key, child in node.items()}
        if isinstance(node, (list, tuple)):
            return type(node)(build(child) for child in node) if not hasattr(node, "_fields") \
                else type(node)(*(build(child) for child in node))
        raise TypeError(f"cannot rebuild a {type(node).__name__}")

    return build(tree)


@dataclass
class Pairing:
    """A parameter and the gradient the user gave for it (``grad`` is None when missing)."""

    leaf: Leaf
    grad_name: str | None
    grad: np.ndarray | None


@dataclass
class StructureProblem:
    """A problem found before numerics: ``pattern`` is one of missing, extra, transpose, shape."""

    name: str
    pattern: str
    message: str
    shape: tuple = ()


def pair_gradients(params_leaves, grads):
    """Pair each parameter leaf with its gradient; return (pairings, problems for extra keys)."""
    grad_leaves = flatten(grads, what="grads")
    by_name = {leaf.name: leaf for leaf in grad_leaves}
    matched = match_gradients([leaf.name for leaf in params_leaves], list(by_name))
    used = set(matched.values())
    pairings = []
    for leaf in params_leaves:
        match = matched.get(leaf.name)
        pairings.append(Pairing(leaf, match, None if match is None else by_name[match].value))
    missing = {p.leaf.name for p in pairings if p.grad is None}
    problems = []
    for leaf in grad_leaves:
        if leaf.name in used:
            continue
        hint = _did_you_mean(leaf.name, missing)
        problems.append(StructureProblem(
            leaf.name, "extra",
            f"grads has '{leaf.name}' but params has no parameter of that name{hint}", leaf.value.shape))
    return pairings, problems


def _did_you_mean(grad_key, missing):
    """A hint when a key is a near-miss of a parameter left without gradient (``db_1`` for ``b1``)."""
    for stem in stems(grad_key):
        close = difflib.get_close_matches(stem, sorted(missing), n=1, cutoff=0.6)
        if close:
            return f" (did you mean the gradient of '{close[0]}'? name it 'd{close[0]}')"
    return ""


def missing_problem(leaf):
    keys = ", ".join(repr(k) for k in gradient_keys(leaf.name)[1:5])
    return StructureProblem(leaf.name, "missing",
                            f"no gradient for '{leaf.name}': grads needs a key {leaf.name!r} or one of {keys}",
                            leaf.value.shape)


def _broadcasts_onto(grad_shape, param_shape):
    """Same entries, and ``grad`` broadcasts to exactly ``param``'s shape: only axes of length 1 differ."""
    if int(np.prod(grad_shape)) != int(np.prod(param_shape)):
        return False
    try:
        return np.broadcast_shapes(grad_shape, param_shape) == param_shape
    except ValueError:
        return False


def _axes_order(grad_shape, param_shape):
    """The axis order taking ``grad_shape`` to ``param_shape`` (3 or more distinct-length axes), or None."""
    if len(param_shape) < 3 or sorted(grad_shape) != sorted(param_shape) or len(set(param_shape)) != len(param_shape):
        return None
    return tuple(grad_shape.index(n) for n in param_shape)


def shape_problem(name, grad_name, param_shape, grad_shape):
    """Explain a gradient whose shape differs from its parameter's, or None when they match.

    Returns ``(pattern, message, fix, reading)`` where ``fix(g)`` turns the gradient into the
    parameter's shape so the numbers can still be checked (None when no such reading exists) and
    ``reading`` says how ("transposed", "summed", "reshaped"). A gradient not
    summed over the batch is checked summed: if the loss averages, the numbers then say "= m".
    """
    param_shape, grad_shape = tuple(param_shape), tuple(grad_shape)
    if param_shape == grad_shape:
        return None
    said = f"{grad_name} has shape {grad_shape} but {name} has shape {param_shape}"
    if _broadcasts_onto(grad_shape, param_shape):
        return ("layout", f"{said}; NumPy broadcasts it onto {name} (an update {name} -= lr * {grad_name} works), "
                          f"so it was judged by its numbers", lambda g: g.reshape(param_shape), "reshaped")
    if _broadcasts_onto(param_shape, grad_shape):
        return ("layout", f"{said}: the same numbers with extra axes of length 1, so it was judged by its numbers; "
                          f"an update {name} = {name} - lr * {grad_name} would turn {name} into shape {grad_shape}: "
                          f"return {grad_name}.reshape({param_shape})", lambda g: g.reshape(param_shape), "reshaped")
    if len(param_shape) == 2 and grad_shape == param_shape[::-1]:
        return ("transpose", f"{said}: it is transposed; return {grad_name}.T "
                             f"(a gradient always has its parameter's shape)", lambda g: g.T, "transposed")
    perm = _axes_order(grad_shape, param_shape)
    if perm is not None:
        return ("transpose", f"{said}: its axes are in another order; return {grad_name}.transpose{perm} "
                             f"(a gradient always has its parameter's shape)", lambda g: g.transpose(perm),
                f"transposed with .transpose{perm}")
    if len(grad_shape) == len(param_shape) + 1 and grad_shape[1:] == param_shape and grad_shape[0] > 1:
        m = grad_shape[0]
        return ("shape", f"{said}: not summed over the batch (one row per each of the {m} samples); "
                         f"sum or average over axis 0, as your loss does", lambda g: g.sum(axis=0), "summed")
    unsummed = [k for k in range(len(param_shape)) if len(grad_shape) == len(param_shape)
                and param_shape[k] == 1 and grad_shape[k] > 1
                and grad_shape[:k] + grad_shape[k + 1:] == param_shape[:k] + param_shape[k + 1:]]
    if unsummed:    # samples in columns: (H, m) where the parameter is (H, 1)
        k = unsummed[0]
        return ("shape", f"{said}: not summed over the batch along axis {k} ({grad_shape[k]} samples); "
                         f"sum or average over axis {k} with keepdims=True, as your loss does",
                lambda g: g.sum(axis=k, keepdims=True), "summed")
    if int(np.prod(grad_shape)) == int(np.prod(param_shape)):
        return ("shape", f"{said}: same number of entries, different layout; "
                         f"check how it was built, then {grad_name}.reshape({param_shape})",
                lambda g: g.reshape(param_shape), "reshaped")
    return ("shape", f"{said}: they must be equal; check which arrays the formula multiplies", None, "")
