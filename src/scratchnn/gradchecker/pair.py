"""``gradcheck_pair``: check a forward/backward *function pair* (CS231n, deeplearning.ai) or a loss
function that returns its own gradients.

Two forms:

* ``forward(*inputs.values(), *args)`` returns ``(out, cache)`` and ``backward(dout, cache)`` returns
  the gradients of the inputs (a step with several outputs returns ``(out_1, ..., out_k, cache)``
  and is followed by ``backward(dout_1, ..., dout_k, cache)``: CS231n's ``lstm_step``), in the order of ``inputs`` (a tuple, or one array; ``None`` for an
  input it does not differentiate). A forward that returns ``out`` alone is followed by
  ``backward(dout, *inputs.values(), *args)``. With an upstream gradient ``dout`` (default: a fixed
  random array of ``out``'s shape) the scalar checked is

  .. math::  L = \\sum_k \\sum \\text{dout}_k \\odot \\text{out}_k, \\qquad \\partial L / \\partial \\text{out}_k = \\text{dout}_k.

* ``backward=None``: ``forward(*inputs.values(), *args)`` returns ``(loss, *grads)`` (CS231n's
  ``svm_loss_naive(W, X, y, reg) -> (loss, dW)``); ``L`` is that loss.

Results are named by the keys of ``inputs``. The arrays in ``inputs`` and ``args`` are never
written to: every call gets fresh float64 copies of the inputs.
"""
import numpy as np

from ..validation import InputError
from .batch import shared_dimensions
from .check import gradcheck


def as_inputs(inputs, what="inputs"):
    """``inputs`` as ``{name: float64 copy}``, or an InputError saying what to pass."""
    if not isinstance(inputs, dict) or not inputs:
        raise InputError(f"{what} must be a non-empty dict {{name: array}} of what the gradients are taken "
                         f"with respect to, e.g. {{'x': x, 'w': w, 'b': b}}; got {type(inputs).__name__}")
    out = {}
    for name, value in inputs.items():
        arr = np.asarray(value)
        if np.iscomplexobj(arr):
            raise InputError(f"{what}[{name!r}] is complex (dtype {arr.dtype}); the checker compares real "
                             f"gradients: pass real arrays")
        if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool) or arr.size == 0:
            raise InputError(f"{what}[{name!r}] must be a non-empty array of numbers, got dtype {arr.dtype} shape "
                             f"{arr.shape}; pass fixed data (labels, settings) in args instead")
        out[str(name)] = np.array(arr, dtype=np.float64)
    return out


def _split(returned, name):
    """``(outs, cache, has_cache)`` from what forward returned: ``(out, cache)``, ``out`` alone, or
    ``(out_1, ..., out_k, cache)`` for a step with several outputs (an LSTM's ``next_h, next_c``)."""
    if isinstance(returned, tuple) and len(returned) >= 2:
        return list(returned[:-1]), returned[-1], True
    return [returned], None, False


def _as_output(out, name):
    try:
        arr = np.asarray(out, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"{name} must return an array (or (array, cache)), got {type(out).__name__}") from None
    return arr


def _gradients(returned, names, where):
    """``{name: gradient}`` from a backward's tuple / single array (None entries left out)."""
    if isinstance(returned, dict):
        return {str(k): np.asarray(v, dtype=np.float64) for k, v in returned.items() if v is not None}
    items = list(returned) if isinstance(returned, (tuple, list)) else [returned]
    if len(items) != len(names):
        raise InputError(f"{where} returned {len(items)} gradient(s) for {len(names)} input(s) "
                         f"({', '.join(names)}); list in inputs every array it differentiates, in its order "
                         f"(None for one it does not)")
    return {n: np.asarray(g, dtype=np.float64) for n, g in zip(names, items) if g is not None}


def _batch_sizes(inputs, args):
    arrays = [np.asarray(a) for a in args if isinstance(a, (np.ndarray, list))]
    if arrays:
        return shared_dimensions(arrays)
    first = next(iter(inputs.values()))
    return (first.shape[0],) if first.ndim >= 2 and first.shape[0] >= 2 else ()


def gradcheck_pair(forward, backward, inputs, args=(), dout=None, *, seed=0, **options):
    """Check a forward/backward function pair, or a loss function returning ``(loss, *grads)``
    (``backward=None``); see the module docstring.

    Parameters
    ----------
    forward : ``forward(*inputs.values(), *args)`` -> ``(out, cache)``, ``out``, ``(out_1, ..., out_k, cache)``
        (or ``(loss, *grads)`` with ``backward=None``).
    backward : ``backward(dout, cache)`` (``backward(dout_1, ..., dout_k, cache)``) -> gradients in the
        order of ``inputs``; or None.
    inputs : ``{name: array}`` the gradients are taken with respect to (any rank, 0-d included).
    args : further arguments of ``forward``, held fixed (data, labels, ``conv_param`` ...).
    dout : the upstream gradient dL/d(out), a tuple of them for several outputs (default: fixed random
        numbers of each output's shape).
    options : passed to :func:`gradcheck` (``rtol``, ``batch_size`` ...).

    Returns
    -------
    GradReport with one result per differentiated input, named by its key.
    """
    if not callable(forward):
        raise InputError(f"forward must be a function, got {type(forward).__name__}")
    if backward is not None and not callable(backward):
        raise InputError(f"backward must be a function or None (for a forward returning (loss, *grads)), "
                         f"got {type(backward).__name__}")
    if not isinstance(args, (tuple, list)):
        args = (args,)
    base = as_inputs(inputs)
    names = list(base)
    fname = getattr(forward, "__name__", "forward")
    bname = getattr(backward, "__name__", "backward")

    def call_forward(p):
        return forward(*[np.array(p[n]) for n in names], *args)

    if options.get("batch_size") is None:
        options["batch_size"] = _batch_sizes(base, args)

    if backward is None:
        first = call_forward(base)
        if not isinstance(first, (tuple, list)) or len(first) < 2:
            raise InputError(f"with backward=None, {fname} must return (loss, *grads), e.g. (loss, dW); got "
                             f"{type(first).__name__}")
        given = _gradients(tuple(first[1:]), names, fname)
        tree = {n: base[n] for n in names if n in given}

        def loss_fn(p):
            return first_item(call_forward({**base, **p}), fname)

        def grad_fn(p):
            return _gradients(tuple(call_forward({**base, **p})[1:]), names, fname)

        return gradcheck(loss_fn, tree, grad_fn, seed=seed, **options)

    outs0, _, has_cache = _split(call_forward(base), fname)
    outs0 = [_as_output(o, fname) for o in outs0]
    douts = _upstream(dout, outs0, seed, fname)

    def call_backward(p):
        _, cache, _ = _split(call_forward(p), fname)
        extra = (cache,) if has_cache else (*[np.array(p[n]) for n in names], *args)
        return _gradients(backward(*[d.copy() for d in douts], *extra), names, bname)

    given = call_backward(base)
    tree = {n: base[n] for n in names if n in given}
    options.setdefault("loss_scale", float(sum(np.sum(np.abs(d * o)) for d, o in zip(douts, outs0))))

    def loss_fn(p):
        outs = [np.asarray(o) for o in _split(call_forward({**base, **p}), fname)[0]]
        value = float(sum(np.sum(d * o.astype(np.float64)) for d, o in zip(douts, outs)))
        low = any(o.dtype in (np.float32, np.float16) for o in outs)
        return np.float32(value) if low else value    # the checker widens its step for a float32 loss

    def grad_fn(p):
        return call_backward({**base, **p})

    return gradcheck(loss_fn, tree, grad_fn, seed=seed, **options)


def _upstream(dout, outs, seed, fname):
    """One upstream gradient per output: ``dout`` as given (an array, or a tuple with one per output),
    else fixed random numbers of each output's shape."""
    if dout is None:
        rng = np.random.default_rng(seed)
        return [rng.standard_normal(o.shape) for o in outs]
    douts = list(dout) if len(outs) > 1 and isinstance(dout, (tuple, list)) else [dout]
    if len(douts) != len(outs):
        raise InputError(f"{fname} returned {len(outs)} outputs before its cache; pass dout as a tuple of "
                         f"{len(outs)} arrays, one per output, or leave it out")
    douts = [np.array(d, dtype=np.float64) for d in douts]
    for k, (d, o) in enumerate(zip(douts, outs)):
        if d.shape != o.shape:
            where = "dout" if len(outs) == 1 else f"dout[{k}]"
            raise InputError(f"{where} has shape {d.shape} but {fname} returned out of shape {o.shape}; "
                             f"they must match")
    return douts


def first_item(returned, name):
    """The loss of a ``(loss, *grads)`` return value."""
    if not isinstance(returned, (tuple, list)) or not returned:
        raise InputError(f"{name} must return (loss, *grads); got {type(returned).__name__}")
    return returned[0]
