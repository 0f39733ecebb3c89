"""``gradcheck_torch``: check the hand-written ``backward`` of a ``torch.autograd.Function``.

``function`` is the Function's ``apply`` (or any callable of tensors, e.g. ``lambda x, w:
MyConv.apply(x, w, 2, 1)``); ``inputs`` the arguments it is called with. The tensors among them
that ``requires_grad`` are checked, in float64: with fixed random upstream gradients ``r_k`` (one
per output) the scalar

.. math::  L = \\sum_k \\sum r_k \\odot \\text{output}_k

is differenced centrally on NumPy copies (under ``torch.no_grad()``), and the gradients your
``backward`` gives are read from ``torch.autograd.backward(outputs, r)`` (a ``None`` gradient counts
as zeros). Torch's own ``gradcheck`` answers yes/no with two Jacobians; this says, per input, what
is wrong. Results are named by ``names`` (one per checked input, or one per input), else
``input0``, ``input1`` ... by position. PyTorch is needed only here: ``pip install "scratchnn[torch]"``.

An ``nn.Module`` is checked on a float64 copy of itself. A callable that only works in the inputs'
own dtype (a float32 module inside a lambda) is checked in that dtype, with float32's wider step
and tolerance, and the report says so.
"""
import copy

import numpy as np

from ..validation import InputError
from .check import gradcheck


def _torch():
    try:
        import torch
    except ImportError:
        raise InputError('gradcheck_torch needs PyTorch, which is not installed: pip install "scratchnn[torch]" '
                         '(or pip install torch); gradcheck, gradcheck_layer and gradcheck_pair need only NumPy') from None
    return torch


def _names(names, inputs, checked):
    if names is None:
        return [f"input{i}" for i in checked]
    names = [str(n) for n in names]
    if len(names) == len(checked):
        return names
    if len(names) == len(inputs):
        return [names[i] for i in checked]
    raise InputError(f"names has {len(names)} entries; give one per input that requires_grad ({len(checked)}) "
                     f"or one per input ({len(inputs)})")


def _outputs(returned, torch):
    items = returned if isinstance(returned, (tuple, list)) else (returned,)
    return [o for o in items if isinstance(o, torch.Tensor) and o.is_floating_point()]


def gradcheck_torch(function, inputs, names=None, *, seed=0, **options):
    """Check ``function``'s backward on the inputs that ``requires_grad`` (see the module docstring).

    Parameters
    ----------
    function : a Function's ``apply`` or any callable of tensors returning a tensor or a tuple of them.
    inputs : a tuple (or one tensor) of the arguments; non-tensors (stride, flags) are passed as given.
    names : names of the checked inputs (or of all inputs), else ``input0``, ``input1`` ...
    options : passed to :func:`gradcheck` (``rtol``, ``batch_size`` ...).
    """
    torch = _torch()
    if not callable(function):
        raise InputError(f"function must be callable (e.g. MyFunction.apply), got {type(function).__name__}")
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    checked = [i for i, t in enumerate(inputs) if isinstance(t, torch.Tensor) and t.requires_grad]
    if not checked:
        raise InputError("no input requires_grad: create the tensors to check with requires_grad=True, "
                         "e.g. torch.randn(3, 4, dtype=torch.float64, requires_grad=True)")
    for i in checked:
        if inputs[i].is_complex():
            raise InputError(f"input {i} is complex ({inputs[i].dtype}); the checker compares real gradients")
    labels = _names(names, inputs, checked)
    base = {name: inputs[i].detach().cpu().numpy().astype(np.float64) for name, i in zip(labels, checked)}
    if isinstance(function, torch.nn.Module):
        function = copy.deepcopy(function).to(torch.float64)    # the user's module keeps its dtype
    dtype = torch.float64

    def as_args(p, grad):
        args = list(inputs)
        for name, i in zip(labels, checked):
            args[i] = torch.tensor(p[name], dtype=dtype, requires_grad=grad)
        for i, t in enumerate(args):
            if i not in checked and isinstance(t, torch.Tensor) and t.is_floating_point():
                args[i] = t.detach().to(dtype)
        return args

    try:
        with torch.no_grad():
            outs = _outputs(function(*as_args(base, False)), torch)
    except RuntimeError:    # e.g. float32 weights inside: check in the inputs' own dtype instead
        dtype = inputs[checked[0]].dtype
        with torch.no_grad():
            outs = _outputs(function(*as_args(base, False)), torch)
    if not outs:
        raise InputError("function returned no floating-point tensor; it must return the output tensor(s)")
    rng = np.random.default_rng(seed)
    upstream = [rng.standard_normal(tuple(o.shape)) for o in outs]
    scale = sum(float(np.sum(np.abs(r * o.to(torch.float64).numpy()))) for r, o in zip(upstream, outs))
    options.setdefault("loss_scale", scale)
    if options.get("batch_size") is None:
        options["batch_size"] = _batch_size(base)

    def loss_fn(p):
        with torch.no_grad():
            outs = _outputs(function(*as_args(p, False)), torch)
        value = float(sum(np.sum(r * o.to(torch.float64).numpy()) for r, o in zip(upstream, outs)))
        return value if dtype == torch.float64 else np.float32(value)    # the checker widens for float32

    def grad_fn(p):
        args = as_args(p, True)
        outs = _outputs(function(*args), torch)
        pairs = [(o, torch.from_numpy(r)) for o, r in zip(outs, upstream) if o.requires_grad]
        if pairs:
            torch.autograd.backward([o for o, _ in pairs], [r.to(o.dtype) for o, r in pairs])
        grads = {}
        for name, i in zip(labels, checked):
            g = args[i].grad
            grads[name] = np.zeros_like(p[name]) if g is None else g.detach().cpu().numpy().astype(np.float64)
        return grads

    return gradcheck(loss_fn, base, grad_fn, seed=seed, **options)


def _batch_size(base):
    first = next(iter(base.values()))
    return (first.shape[0],) if first.ndim >= 2 and first.shape[0] >= 2 else ()
