"""Reading what :meth:`Doctor.observe` is given, whatever a training loop hands it.

The user's loop is sacred: ``observe`` raises only when there is no loss value to record.
Everything else is read as well as it can be, and what could not be used as given becomes a
:class:`~scratchnn.doctor.record.Problem` that a rule reports (``gradient-shape``,
``complex-values``, ``unread-input``):

* lists, integers, booleans, float16/float32, NumPy scalars and torch tensors
  (``.detach().cpu().numpy()``) are read as float arrays; complex arrays with a zero imaginary part
  are read as real, others are set aside (a real network has real gradients);
* samples go on axis 0: ``inputs`` (n, n_features), ``targets`` / ``predictions`` (n,) or
  (n, k), activations (n, units) or (n, C, H, W). ``n`` comes from ``targets`` (else
  ``predictions``, else ``inputs``). A loop that keeps samples on axis 1 everywhere (``X`` of shape
  (n_features, n)) is read transposed, and so is a single 2-D array whose axis 1 has the n samples;
* a gradient is matched to its parameter by name (``dW1``, ``grad_W1``, ``W1_grad``, ``delta_w1``);
  one whose shape differs is kept out of the gradient summaries and described instead (what
  ``p - lr * g`` does with it), unless NumPy broadcasts it onto exactly the parameter's shape
  with the same number of entries (``(20,)`` for ``(1, 20)``), which is harmless.

Nothing is copied here unless a conversion needs it, and the caller's arrays are never modified.
"""
import math
import numbers

import numpy as np

from ..validation import InputError
from ..vocabulary import ACTIVATION_KINDS, activation_kind, parameter_of
from .record import Problem

KINDS = ACTIVATION_KINDS


def to_numpy(value):
    """A torch-like tensor (``.detach()``, ``.cpu()``, ``.numpy()``) as a NumPy array; anything else as is."""
    for method in ("detach", "cpu", "numpy"):
        if hasattr(value, method) and not isinstance(value, np.ndarray) and callable(getattr(value, method)):
            value = getattr(value, method)()
    return value


def read_array(value, what, problems):
    """``value`` as a real float array, or None (with a Problem saying why) when it cannot be one."""
    if value is None:
        return None
    try:
        arr = np.asarray(to_numpy(value))
    except Exception as err:  # ragged lists, objects NumPy cannot read
        problems.append(Problem("unread-input", what, f"{what} could not be read as an array "
                                f"({type(err).__name__}); it was left out"))
        return None
    if np.iscomplexobj(arr):
        imag = np.abs(arr.imag)
        if arr.size and np.any(imag != 0):
            problems.append(Problem("complex-values", what, f"{what} holds complex numbers (largest imaginary part "
                                    f"{float(np.nanmax(imag)):.3g}); it was left out",
                                    detail={"imag": float(np.nanmax(imag))}))
            return None
        arr = arr.real
    if arr.dtype == bool or np.issubdtype(arr.dtype, np.integer):
        return arr.astype(np.float64)
    if not np.issubdtype(arr.dtype, np.floating):
        problems.append(Problem("unread-input", what, f"{what} has dtype {arr.dtype}, not numbers; it was left out"))
        return None
    if arr.dtype == np.float16:
        return arr.astype(np.float32)
    if arr.dtype.itemsize > 8:
        return arr.astype(np.float64)
    return arr


def read_loss(value):
    """The loss as one float. Raises InputError only when there is no loss value at all."""
    problems = []
    if value is None:
        raise InputError("observe needs loss=<the training loss of this step or epoch>")
    try:
        arr = read_array(value, "loss", problems)
    except Exception:
        arr = None
    if arr is None and problems and problems[-1].code == "complex-values":
        arr = np.real(np.asarray(to_numpy(value)))  # said in the report; the real part is still the loss
        problems[-1].text = problems[-1].text.replace("it was left out", "its real part was used")
    if arr is None or arr.size == 0:
        shape = "an empty array" if arr is not None else repr(value)[:60]
        raise InputError(f"observe needs the loss as a number, got {shape}; pass a single float "
                         f"(for a per-sample loss its mean, e.g. float(np.mean(losses)))")
    if arr.size > 1:
        problems.append(Problem("unread-input", "loss", f"loss was an array of shape {arr.shape}, not one number; "
                                f"its mean was used"))
        with np.errstate(all="ignore"):
            return float(np.mean(arr, dtype=np.float64)), problems
    return float(arr.reshape(())), problems


def read_number(value, what, problems, positive=False):
    """One finite number, or None with a Problem (never raises)."""
    if value is None:
        return None
    arr = read_array(value, what, problems)
    if arr is None:
        return None
    if arr.size != 1 or not np.isfinite(arr).all() or (positive and not float(arr.reshape(-1)[0]) > 0):
        shown = f"an array of shape {arr.shape}" if arr.size != 1 else f"{float(arr.reshape(-1)[0])!r}"
        need = "a positive finite number" if positive else "one finite number"
        problems.append(Problem("unread-input", what, f"{what} should be {need}, got {shown}; it was left out"))
        return None
    return float(arr.reshape(()))


def read_epoch(epoch, previous, problems):
    """The epoch as an int that never goes back; the next number after ``previous`` when missing or odd."""
    following = (previous + 1) if previous is not None else 1
    if epoch is None:
        return following
    try:
        value = to_numpy(epoch)
        if isinstance(value, np.ndarray) and value.size == 1:
            value = value.reshape(()).item()
        ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(float(value)) \
            and 0 <= value < 2**62 and float(value) == int(value)
    except Exception:  # objects that claim to be numbers and are not
        ok = False
    if not ok:
        problems.append(Problem("unread-input", "epoch", f"epoch {epoch!r} is not a whole number >= 0; "
                                f"observation numbered {following} instead"))
        return following
    value = int(value)
    if previous is not None and value < previous:
        problems.append(Problem("unread-input", "epoch", f"epoch went back from {previous} to {value}; "
                                f"observation numbered {following} instead (one Doctor per run: scratchnn.doctor.reset())"))
        return following
    return value


def read_dict(value, what, problems):
    """A dict of name -> array. A list or tuple of arrays is named by position (``param0``, ``dparam0``)."""
    if value is None:
        return {}
    value = to_numpy(value)
    if isinstance(value, (list, tuple)):
        stem = "dparam" if what == "grads" else "param" if what == "params" else what.rstrip("s")
        value = {f"{stem}{i}": v for i, v in enumerate(value)}
    if not isinstance(value, dict):
        problems.append(Problem("unread-input", what, f"{what} should be a dict of name -> array "
                                f"(e.g. {{'W1': W1}}), got {type(value).__name__}; it was left out"))
        return {}
    out = {}
    for k, v in value.items():
        arr = read_array(v, f"{what}[{str(k)!r}]", problems)
        if arr is not None:
            if arr.size == 0:
                problems.append(Problem("unread-input", f"{what}[{str(k)!r}]", f"{what}[{str(k)!r}] is empty "
                                        f"(shape {arr.shape}); it was left out"))
                continue
            out[str(k)] = arr
    return out


def read_kinds(kinds, layer_names, problems):
    """Activation kinds by layer name, normalised (``"ReLU"`` -> ``"relu"``); unknown kinds left out."""
    out = {}
    if kinds is None:
        return out
    if not isinstance(kinds, dict):
        problems.append(Problem("unread-input", "activation_kinds", "activation_kinds should be a dict of "
                                f"layer name -> kind, got {type(kinds).__name__}; it was left out"))
        return out
    for name, kind in kinds.items():
        low = activation_kind(kind) if kind is not None else "linear"
        if low is None:
            problems.append(Problem("unread-input", f"activation_kinds[{str(name)!r}]", f"activation kind {kind!r} "
                                    f"is not one of {', '.join(KINDS)}; that layer is read without a kind"))
        elif str(name) not in layer_names:
            problems.append(Problem("unread-input", f"activation_kinds[{str(name)!r}]", f"activation_kinds names "
                                    f"layer {str(name)!r} but no activations or preactivations have it "
                                    f"(they have {sorted(layer_names) or 'none'})"))
        else:
            out[str(name)] = low
    return out


def samples_layout(targets, predictions, inputs):
    """(n, axis): how many samples, and whether they sit on axis 0 or on axis 1 everywhere.

    Axis 1 is chosen only when the per-sample arrays agree on their axis-1 length and not on
    axis 0 (``X`` (n_features, n), ``Y`` (1, n)): the layout of many course notebooks."""
    arrays = [a for a in (targets, predictions, inputs) if a is not None and a.ndim >= 1]
    if not arrays:
        return None, 0
    n0 = arrays[0].shape[0]
    two_d = [a for a in arrays if a.ndim == 2]
    if len(two_d) == len(arrays) and len(arrays) >= 2:
        agree0 = sum(a.shape[0] == n0 for a in arrays)
        n1 = arrays[0].shape[1]
        agree1 = sum(a.shape[1] == n1 for a in arrays)
        if agree1 == len(arrays) and agree0 < len(arrays):
            return n1, 1
    if len(arrays) == 1 and arrays[0].ndim == 2 and arrays[0].shape[0] == 1 and arrays[0].shape[1] > 1:
        return arrays[0].shape[1], 1  # targets (1, n): a row of samples
    return n0, 0


def on_samples_axis(arr, what, n, axis, problems):
    """``arr`` with its samples on axis 0 (transposed when that is clearly where they are), or None."""
    if arr is None or n is None:
        return arr
    if arr.ndim == 0:
        problems.append(Problem("unread-input", what, f"{what} is a single number, not one value per sample; "
                                "it was left out"))
        return None
    if axis == 1 and arr.ndim == 2 and arr.shape[1] == n:
        return arr.T
    if arr.shape[0] == n:
        return arr
    if arr.ndim == 2 and arr.shape[1] == n:
        problems.append(Problem("unread-input", what, f"{what} has shape {arr.shape}: its {n} samples are on axis 1; "
                                f"it was read transposed, {arr.shape[::-1]}"))
        return arr.T
    problems.append(Problem("unread-input", what, f"{what} has shape {arr.shape} but the batch has {n} samples; "
                            "it was left out (pass the arrays of the same batch, samples on axis 0)"))
    return None


def match_grads(params, grads, problems=None, n_samples=None):
    """Map each parameter name to the name of its gradient (``W1`` <- ``dW1``, ``delta_w1``; the
    spellings are :mod:`scratchnn.vocabulary`'s; names that pair nothing pair in order when all their
    shapes agree). A gradient of another shape is left unmatched and
    described in ``problems`` (see the module docstring), except a harmless broadcast onto the
    parameter's exact shape. ``n_samples`` (the batch size, when known) lets the problem say that a
    parameter grows one entry per sample."""
    problems = [] if problems is None else problems
    matched = {}
    # A key equal to a parameter's name pairs first (gradients mirroring the parameters), then by spelling.
    order = [g for g in grads if g in params] + [g for g in grads if g not in params]
    for g in order:
        p = g if g in params and g not in matched else parameter_of(g, list(params), taken=matched)
        if p is None:
            continue
        if params[p].shape != grads[g].shape and not harmless_broadcast(params[p].shape, grads[g].shape):
            problems.append(shape_problem(p, params[p].shape, g, grads[g].shape, n_samples))
            matched[p] = None  # taken: no other key pairs with it
            continue
        matched[p] = g
    # Names that pair nothing (dlw, dlc for w, c): in the order given, when every shape agrees.
    free_p = [p for p in params if p not in matched]
    free_g = [g for g in grads if g not in matched.values()]
    if free_p and len(free_p) == len(free_g) and all(params[p].shape == grads[g].shape for p, g in zip(free_p, free_g)):
        matched.update(zip(free_p, free_g))
    return {p: g for p, g in matched.items() if g is not None}


def harmless_broadcast(p_shape, g_shape):
    """True when ``p - lr * g`` has p's shape and every entry of p gets its own entry of g."""
    try:
        return np.broadcast_shapes(p_shape, g_shape) == tuple(p_shape) and \
            int(np.prod(g_shape)) == int(np.prod(p_shape))
    except ValueError:
        return False


def shape_problem(p, p_shape, g, g_shape, n_samples=None):
    """What ``p - lr * g`` does when the gradient ``g`` has another shape than its parameter ``p``."""
    size = int(np.prod(p_shape))
    try:
        b = np.broadcast_shapes(p_shape, g_shape)
    except ValueError:
        b = None
    if b == tuple(p_shape):
        if int(np.prod(g_shape)) == 1:
            does = f"all {size} entries of {p} get the same step"
        else:
            does = (f"its {int(np.prod(g_shape))} entries are repeated over {p}'s {size}: entries that should get "
                    "different steps get the same one")
        text = f"{g} {tuple(g_shape)} is broadcast over {p} {tuple(p_shape)}: {does}"
        kind = "broadcast"
    elif b is not None:
        text = f"{g} {tuple(g_shape)} against {p} {tuple(p_shape)}: p - lr * g broadcasts to {b}, so {p} changes shape"
        text += per_sample_text(p, p_shape, b, n_samples) + " (or an in-place update raises)"
        kind = "grows"
    else:
        looks = " (it looks transposed)" if tuple(g_shape)[::-1] == tuple(p_shape) else ""
        text = f"{g} {tuple(g_shape)} cannot update {p} {tuple(p_shape)}{looks}"
        kind = "incompatible"
    return Problem("gradient-shape", f"grads[{g!r}]", text, detail={"param": p, "kind": kind})


def per_sample_text(p, old_shape, new_shape, n_samples):
    """What a parameter of ``old_shape`` that became ``new_shape`` by gaining an axis of the batch size has become
    ("" when it did not): one copy per training sample, which fits the training set and has no use on new inputs."""
    if not (n_samples and n_samples > 1 and n_samples in tuple(new_shape) and n_samples not in tuple(old_shape)):
        return ""
    return (f", one entry per sample of the batch ({n_samples}): a separate {p} for each training sample fits the "
            f"training set sample by sample and cannot be applied to new inputs")


def changed_shape_problem(p, old_shape, new_shape, n_samples=None):
    """A parameter whose shape changed between two observations: the update broadcast something of
    another shape into it (usually its gradient; see :func:`shape_problem`)."""
    text = (f"{p} changed shape from {tuple(old_shape)} to {tuple(new_shape)} between two observations: the update "
            f"broadcast an array of another shape into it (its gradient, probably)")
    text += per_sample_text(p, old_shape, new_shape, n_samples)
    return Problem("gradient-shape", f"params[{p!r}]", text, detail={"param": p, "kind": "grows"})
