"""Checking what :meth:`Doctor.observe` is given, before any work.

Everything is read as arrays with samples on axis 0: ``inputs`` (n, n_features), ``targets`` and
``predictions`` (n,) or (n, n_outputs), each activation (n, n_units). The number of samples ``n``
comes from ``targets`` (else ``predictions``, else ``inputs``); an array whose *last* axis has
``n`` entries instead of its first looks transposed, and the error says so. Nothing is copied here.
"""
import numbers

import numpy as np

from ..validation import InputError

KINDS = ("relu", "leaky_relu", "sigmoid", "tanh", "linear", "softmax")
# Prefixes and suffixes learners put on gradient names: dW1, delta_w1, grad_W1, W1_grad ...
_GRAD_PREFIXES = ("delta_", "grad_", "d_", "g_", "d")
_GRAD_SUFFIXES = ("_grad", "_grads", "_gradient", ".grad")


def as_array(value, what):
    """``value`` as a float array (a view when it already is one)."""
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as err:
        raise InputError(f"{what} could not be read as an array ({err}); pass an ndarray or a rectangular list") from None
    if arr.dtype == bool or np.issubdtype(arr.dtype, np.integer):
        arr = arr.astype(np.float64)
    if not np.issubdtype(arr.dtype, np.floating):
        raise InputError(f"{what} must hold real numbers, got dtype {arr.dtype}; pass a float ndarray")
    return arr


def as_number(value, what, positive=False):
    arr = np.asarray(value)
    if arr.size != 1 or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        shape = f"an array of shape {arr.shape}" if arr.ndim else repr(value)
        raise InputError(f"{what} must be one number, got {shape}; pass a single float "
                         f"(for a per-sample loss pass its mean, e.g. float(np.mean(losses)))")
    number = float(arr.reshape(()))
    if positive and not number > 0:
        raise InputError(f"{what} must be a positive number, got {number!r}")
    return number


def as_dict(value, what):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{what} must be a dict of name -> array (e.g. {{'W1': W1, 'b1': b1}}), "
                         f"got {type(value).__name__}")
    return {str(k): as_array(v, f"{what}[{k!r}]") for k, v in value.items()}


def sample_count(targets, predictions, inputs):
    """(n, name of the array it came from) or (None, None) when no per-sample array was given."""
    for name, arr in (("targets", targets), ("predictions", predictions), ("inputs", inputs)):
        if arr is not None:
            if arr.ndim == 0:
                raise InputError(f"{name} must hold one entry per sample (samples on axis 0), got a single number")
            return arr.shape[0], name
    return None, None


def check_samples_axis(arr, what, n, source):
    """Samples on axis 0, else a ValueError saying the array looks transposed."""
    if arr.ndim == 0:
        raise InputError(f"{what} is a single number; pass one value per sample (samples on axis 0)")
    if arr.shape[0] == n:
        return
    if arr.ndim == 2 and arr.shape[1] == n:
        raise InputError(f"{what} has shape {arr.shape} but {source} has {n} samples: its samples look to be on "
                         f"axis 1 (transposed). The doctor wants samples on axis 0: pass its transpose "
                         f"(e.g. A1.T), shape {arr.shape[::-1]}")
    raise InputError(f"{what} has shape {arr.shape}: {arr.shape[0]} rows, but {source} has {n} samples; "
                     f"pass the arrays of the same batch, samples on axis 0 (if your loop keeps samples on "
                     f"axis 1, e.g. X of shape (n_features, n_samples), pass transposes everywhere: X.T, Y.T, A1.T)")


def match_grads(params, grads):
    """Map each parameter name to the name of its gradient in ``grads`` (``W1`` <- ``dW1``, ``delta_w1``)."""
    lower = {k.lower(): k for k in params}
    matched = {}
    for g in grads:
        candidates = [g]
        low = g.lower()
        for suffix in _GRAD_SUFFIXES:
            if low.endswith(suffix):
                candidates.append(g[: -len(suffix)])
        for prefix in _GRAD_PREFIXES:
            if low.startswith(prefix):
                candidates.append(g[len(prefix):])
        for c in candidates:
            p = c if c in params else lower.get(c.lower())
            if p and p not in matched:
                if params[p].shape != grads[g].shape:
                    raise InputError(f"grads[{g!r}] has shape {grads[g].shape} but params[{p!r}] has shape "
                                     f"{params[p].shape}; a gradient must have its parameter's shape (an update "
                                     f"p - lr * dp with other shapes silently broadcasts)")
                matched[p] = g
                break
    return matched


def check_kinds(kinds, layer_names):
    out = {}
    for name, kind in (kinds or {}).items():
        if kind not in KINDS:
            raise InputError(f"activation_kinds[{name!r}] is {kind!r}; use one of {', '.join(KINDS)}")
        if name not in layer_names:
            raise InputError(f"activation_kinds names layer {name!r} but neither activations nor preactivations "
                             f"has it (they have {sorted(layer_names) or 'nothing'}); use the same names")
        out[name] = kind
    return out


def check_epoch(epoch, previous):
    if epoch is None:
        return (previous + 1) if previous is not None else 1
    if not isinstance(epoch, numbers.Integral) or isinstance(epoch, bool) or epoch < 0:
        raise InputError(f"epoch must be a whole number >= 0, got {epoch!r}")
    return int(epoch)
