"""Checks on what the user passes, run before any work. Each failure names what was wrong, the
offending value or shape, and the fix. Nothing here modifies the user's arrays."""
import numbers
import os

import numpy as np


class InputError(ValueError):
    """Bad input to scratchnn: the message says what, the value or shape, and the fix."""


def describe(value):
    """A short, readable rendering of a number for error messages (``3``, not ``np.int64(3)``)."""
    if isinstance(value, (float, np.floating)):
        return f"{value:.6g}"
    return repr(int(value) if isinstance(value, np.integer) else value)


def unwrap(a, name):
    """What the user passed, as something ``np.asarray`` reads: a torch tensor's values (also one that
    requires grad), a data frame's ``to_numpy()``; None is named as the mistake."""
    if a is None:
        raise InputError(f"{name} is None; pass an array of shape (n_samples, n_features)")
    if isinstance(a, (str, bytes, dict, set)):
        raise InputError(f"{name} is a {type(a).__name__} ({_short(a)}); pass an array of numbers, "
                         f"shape (n_samples, n_features)")
    if hasattr(a, "detach") and hasattr(a, "cpu") and hasattr(a, "numpy"):      # torch.Tensor
        return a.detach().cpu().numpy()
    if not isinstance(a, np.ndarray) and not hasattr(a, "__array__"):    # data frames, old and new
        if hasattr(a, "to_numpy"):
            return a.to_numpy()
        if isinstance(getattr(a, "values", None), np.ndarray):
            return a.values
    return a


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _object_as_float(arr, name):
    """An object array (e.g. from mixed lists) as float64, or InputError naming the first entry that
    is not a number and where it is."""
    for index in np.ndindex(arr.shape):
        value = arr[index]
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.number)):
            raise InputError(f"{name}{list(index)} is {_short(value)}, not a number; every entry of {name} must be a "
                             f"number (convert text columns, fill missing values)")
    return arr.astype(np.float64)


def as_numeric_array(a, name):
    """``a`` as an array of numbers (not copied when it already is one)."""
    a = unwrap(a, name)
    if isinstance(a, np.ma.MaskedArray):
        n_masked = int(np.ma.count_masked(a))
        if n_masked:
            raise InputError(f"{name} is a masked array with {n_masked} masked entr{'y' if n_masked == 1 else 'ies'}; "
                             f"scratchnn would train on the hidden values: fill them explicitly "
                             f"({name}.filled(value)) or drop those rows")
        a = a.data
    try:
        arr = np.asarray(a)
    except (ValueError, TypeError) as err:  # ragged lists and the like
        raise InputError(f"{name} could not be read as an array ({err}); pass a rectangular list or ndarray") from None
    if arr.dtype == bool:
        return arr.astype(np.float64)
    if arr.dtype == object:
        arr = _object_as_float(arr, name)
    if not np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.complexfloating):
        raise InputError(f"{name} must hold real numbers, got dtype {arr.dtype}; convert text columns to numbers "
                         f"first (e.g. np.asarray({name}, dtype=float))")
    if arr.size == 0:
        if arr.ndim >= 2 and arr.shape[0] > 0:
            raise InputError(f"{name} has {arr.shape[0]} samples but no features (shape {arr.shape}); each sample "
                             "needs at least one value: check the columns you selected")
        raise InputError(f"{name} is empty (shape {arr.shape}); pass at least one sample")
    return arr


def check_finite(arr, name, dtype=None):
    """No NaN or infinity in ``arr``, and (with ``dtype``) no value that becomes infinite in ``dtype``."""
    if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))
        raise InputError(f"{name} contains {len(bad)} NaN or infinite value(s), the first at index "
                         f"{tuple(int(i) for i in bad[0])}; remove or impute them before training")
    if dtype is not None and np.dtype(dtype).itemsize < arr.dtype.itemsize and arr.dtype.kind in "fiu":
        limit = np.finfo(dtype).max
        if np.abs(arr).max() > limit:      # checked before the cast: after it, these would be inf
            index = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(arr)), arr.shape))
            raise InputError(f"{name} holds {describe(arr[index])} at index {index}, beyond what {np.dtype(dtype)} can "
                             f"hold (about {limit:.3g}); rescale the inputs (e.g. StandardScaler) or build the model "
                             f"with dtype='float64'")


def check_inputs(X, n_features, name="X", dtype=None):
    """Validate inputs for a model with ``n_features`` inputs (computing in ``dtype``); returns the
    array (not copied)."""
    X = as_numeric_array(X, name)
    if X.ndim == 0:
        raise InputError(f"{name} is a single number ({describe(X[()])}); pass a 2-D array (n_samples, n_features), "
                         f"e.g. [[{describe(X[()])}]] for one sample of one feature")
    if X.ndim == 1:
        raise InputError(f"{name} has shape {X.shape} but samples go on axis 0 and features on axis 1: pass "
                         f"{name}.reshape(-1, 1) for {X.shape[0]} samples of one feature, or "
                         f"{name}.reshape(1, -1) for one sample of {X.shape[0]} features")
    if X.ndim != 2:
        raise InputError(f"{name} must be 2-D (n_samples, n_features), got shape {X.shape}; flatten each sample "
                         f"first, e.g. {name}.reshape(len({name}), -1)")
    if X.shape[1] != n_features:
        hint = (f" It looks transposed: pass {name}.T (shape {X.shape[::-1]})."
                if X.shape[0] == n_features else "")
        raise InputError(f"{name} has {X.shape[1]} features (shape {X.shape}) but the first layer expects "
                         f"{n_features}.{hint}")
    check_finite(X, name, dtype)
    return X


def check_same_length(X, y):
    if len(y) != len(X):
        hint = " It looks transposed: pass y.T." if np.ndim(y) == 2 and np.shape(y)[1] == len(X) else ""
        raise InputError(f"X has {len(X)} samples but y has {len(y)} (shape {np.shape(y)}); they must match on "
                         f"axis 0.{hint}")


def check_positive_int(value, name, allow_none=False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise InputError(f"{name} must be a positive whole number, got {value!r}")
    return int(value)


def check_positive_number(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise InputError(f"{name} must be a positive number, got {value!r}; typical values are 1e-3 to 1e-1")
    return float(value)


def check_fraction(value, name, low=0.0, high=1.0):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not low <= value < high:
        raise InputError(f"{name} must be a number in [{low}, {high}), got {value!r}")
    return float(value)


# -- hyperparameters: called at the top of every public constructor and function ----------------------
def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def check_number(value, name, low=None, high=None, low_open=False, high_open=False, hint=""):
    """A finite real number in the given range (bounds optional; open with ``*_open``); returns a float."""
    if not _is_real(value) or not np.isfinite(value):
        raise InputError(f"{name} must be a finite number, got {value!r}{'; ' + hint if hint else ''}")
    below = low is not None and (value <= low if low_open else value < low)
    above = high is not None and (value >= high if high_open else value > high)
    if below or above:
        span = (f"{'(' if low_open else '['}{'-inf' if low is None else describe(low)}, "
                f"{'inf' if high is None else describe(high)}{')' if high_open else ']'}")
        raise InputError(f"{name} must be in {span}, got {describe(value)}{'; ' + hint if hint else ''}")
    return float(value)


def check_whole(value, name, low=None, high=None, allow_none=False):
    """A whole number (not a bool, not 2.5) in [low, high]; returns an int (or None if allowed)."""
    if value is None and allow_none:
        return None
    kind = "a positive whole number" if low == 1 and high is None else "a whole number"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise InputError(f"{name} must be {kind}, got {value!r}")
    if low == 1 and high is None and value < 1:
        raise InputError(f"{name} must be {kind}, got {value}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise InputError(f"{name} must be between {low if low is not None else '-inf'} and "
                         f"{high if high is not None else 'inf'}, got {value}")
    return int(value)


def check_seed(value, name="seed"):
    """None, a whole number >= 0, or a ``numpy.random.Generator`` (what ``default_rng`` accepts)."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    return check_whole(value, name, low=0)


def check_choice(value, name, choices):
    if not isinstance(value, str) or value not in choices:
        raise InputError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def check_flag(value, name):
    if not isinstance(value, (bool, np.bool_)):
        raise InputError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_list_of(values, name, kind, example):
    """A list or tuple whose items are all instances of ``kind`` (a single item is named as the mistake)."""
    if isinstance(values, kind):
        raise InputError(f"{name} must be a list, got a single {type(values).__name__}; wrap it: [{example}]")
    if not isinstance(values, (list, tuple)):
        raise InputError(f"{name} must be a list of {kind.__name__} objects, got {values!r}; e.g. [{example}]")
    for i, item in enumerate(values):
        if not isinstance(item, kind):
            raise InputError(f"{name}[{i}] is {item!r}, not a {kind.__name__}; e.g. [{example}]")
    return list(values)


def check_layer_list(layers):
    """``Sequential``'s layers: a list or tuple (one layer alone, None or a string is the mistake named)."""
    if hasattr(layers, "forward"):
        raise InputError(f"Sequential takes a list of layers, got a single {type(layers).__name__}; wrap it in a "
                         f"list: Sequential([{type(layers).__name__}(...)])")
    if not isinstance(layers, (list, tuple)):
        raise InputError(f"Sequential takes a list of layers, got {layers!r}; e.g. Sequential([Dense(3, 4), ReLU(), "
                         "Dense(4, 1)])")
    return list(layers)


def check_dtype(dtype):
    """The computing dtype: float32 or float64 (as a ``numpy.dtype``)."""
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        resolved = None
    if resolved not in (np.float32, np.float64):
        raise InputError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
    return resolved


def check_callbacks(callbacks):
    """A list or tuple of objects with ``on_epoch_end`` (a single callback is named as the mistake)."""
    if hasattr(callbacks, "on_epoch_end"):
        raise InputError(f"callbacks must be a list, got a single {type(callbacks).__name__}; wrap it: "
                         f"callbacks=[{type(callbacks).__name__}(...)]")
    if not isinstance(callbacks, (list, tuple)):
        raise InputError(f"callbacks must be a list of callbacks, got {callbacks!r}")
    for i, cb in enumerate(callbacks):
        if not hasattr(cb, "on_epoch_end"):
            raise InputError(f"callbacks[{i}] ({cb!r}) is not a callback: it has no on_epoch_end method; "
                             "subclass scratchnn.Callback")
    return list(callbacks)


def check_schedule(schedule, lr):
    """A schedule object (callable ``(base_lr, epoch) -> lr``) that never ends above the base rate ``lr``."""
    if schedule is None:
        return None
    if isinstance(schedule, (str, type)) or not callable(schedule):
        raise InputError(f"schedule must be a schedule object such as CosineDecay(t_max=100), got {schedule!r}")
    lr_min = getattr(schedule, "lr_min", None)
    if lr_min is not None and lr_min > lr:
        raise InputError(f"the schedule's lr_min {describe(lr_min)} is above the learning rate {describe(lr)}: it would "
                         f"raise the rate {describe(lr_min / lr)}x instead of decaying it; choose lr_min < {describe(lr)}")
    return schedule


def check_pair(value, name, example):
    """Two items (a tuple or list), e.g. Adam's ``betas``."""
    if not isinstance(value, (tuple, list, np.ndarray)) or np.ndim(value) != 1 or len(value) != 2:
        raise InputError(f"{name} must be a pair of numbers, e.g. {example}, got {value!r}")
    return tuple(value.tolist() if isinstance(value, np.ndarray) else value)


def check_parameter_memory(n_values, dtype, what):
    """Refuse a layer whose parameters would not fit in this machine's memory, before allocating them
    (a typo such as Dense(3, 100000000000) would otherwise die in a MemoryError or the OOM killer)."""
    n_bytes = int(n_values) * np.dtype(dtype).itemsize
    try:
        limit = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    except (ValueError, OSError, AttributeError):      # not POSIX: keep a fixed bound
        limit = 8 * 2**30
    if n_bytes > limit:
        raise InputError(f"{what} has {int(n_values):,} parameters ({n_bytes / 2**30:,.1f} GiB), more than half of "
                         f"this machine's memory ({limit / 2**30:,.1f} GiB); check the layer sizes for a typo")
