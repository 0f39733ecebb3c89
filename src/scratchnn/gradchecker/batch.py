"""Guess the batch size m, so a factor of exactly m can be named ("missing division by m").

The loss function usually closes over its data (``X``, ``Y``). The dimensions those arrays share
are the candidates for m; a factor is only called "= m" when it equals one of them exactly. Arrays are
looked for in the function's closure, default arguments, the module globals it names, and the
arguments of a ``functools.partial``. The parameters themselves are skipped.
"""
import functools

import numpy as np


def _arrays_in(value, depth=0):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, (dict, list, tuple)) and depth < 2:
        items = value.values() if isinstance(value, dict) else value
        for item in list(items)[:50]:
            yield from _arrays_in(item, depth + 1)


def _captured(fn, depth=0):
    """Values a function can see besides its argument (closure, defaults, named globals)."""
    if depth > 2:
        return
    if isinstance(fn, functools.partial):
        yield from fn.args
        yield from fn.keywords.values()
        yield from _captured(fn.func, depth + 1)
        return
    code = getattr(fn, "__code__", None)
    if code is None:
        return
    for cell in fn.__closure__ or ():
        try:
            value = cell.cell_contents
        except ValueError:   # an empty cell
            continue
        yield value
        if callable(value):
            yield from _captured(value, depth + 1)
    yield from fn.__defaults__ or ()
    for name in code.co_names:
        value = fn.__globals__.get(name)
        if isinstance(value, (np.ndarray, dict, list, tuple)):
            yield value
        elif callable(value) and getattr(value, "__module__", None) == fn.__module__:
            yield from _captured(value, depth + 1)


def _data_arrays(loss_fn, params):
    """The arrays ``loss_fn`` can see, other than the parameters, each once."""
    own = {id(a) for a in _arrays_in(params)}
    seen, arrays = set(), []
    for value in _captured(loss_fn):
        for array in _arrays_in(value):
            if id(array) not in own and id(array) not in seen:
                seen.add(id(array))
                arrays.append(array)
    return arrays


def _torch_integers_in(value, depth=0):
    """Integer torch tensors (an index argument of a ``torch.autograd.Function``) as arrays."""
    if type(value).__name__ == "Tensor" and type(value).__module__.startswith("torch"):
        if not value.is_floating_point() and not value.is_complex():
            yield value.detach().cpu().numpy()
    elif isinstance(value, (dict, list, tuple)) and depth < 2:
        items = value.values() if isinstance(value, dict) else value
        for item in list(items)[:50]:
            yield from _torch_integers_in(item, depth + 1)


def index_arrays(loss_fn, params):
    """Integer arrays (or torch tensors) ``loss_fn`` can see: the indices of an embedding lookup or a
    scatter, which a mask diagnosis compares with the wrong rows ("rows picked more than once")."""
    found = [a for a in _data_arrays(loss_fn, params) if np.issubdtype(a.dtype, np.integer)]
    found += [a for value in _captured(loss_fn) for a in _torch_integers_in(value)
              if np.issubdtype(a.dtype, np.integer)]
    return tuple(found)


def infer_batch_sizes(loss_fn, params):
    """Candidate values of m: dimensions (>= 2) that the data arrays ``loss_fn`` can see share.

    Inputs and targets both carry the sample axis (``X`` (m, d) and ``y`` (m,), or seed 002's
    ``x`` (d, m) and ``y`` (1, m)), so a dimension found in two or more arrays is the batch size;
    a feature count usually appears in one. With a single data array all its dimensions count.
    """
    return shared_dimensions(_data_arrays(loss_fn, params))


def shared_dimensions(arrays):
    """Dimensions (>= 2) found in two or more of ``arrays``; with none shared, all of them."""
    counts = {}
    for array in arrays:
        for n in {int(n) for n in np.shape(array) if n >= 2}:
            counts[n] = counts.get(n, 0) + 1
    shared = sorted(n for n, c in counts.items() if c >= 2)
    return tuple(shared if shared else sorted(counts))
