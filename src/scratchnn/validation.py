"""Checks on what the user passes, run before any work. Each failure names what was wrong, the
offending value or shape, and the fix. Nothing here modifies the user's arrays."""
import numbers

import numpy as np


class InputError(ValueError):
    """Bad input to scratchnn: the message says what, the value or shape, and the fix."""


def describe(value):
    """A short, readable rendering of a number for error messages (``3``, not ``np.int64(3)``)."""
    if isinstance(value, (float, np.floating)):
        return f"{value:.6g}"
    return repr(int(value) if isinstance(value, np.integer) else value)


def as_numeric_array(a, name):
    """``a`` as an array of numbers (not copied when it already is one)."""
    try:
        arr = np.asarray(a)
    except (ValueError, TypeError) as err:  # ragged lists and the like
        raise InputError(f"{name} could not be read as an array ({err}); pass a rectangular list or ndarray") from None
    if arr.dtype == bool:
        return arr.astype(np.float64)
    if not np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.complexfloating):
        raise InputError(f"{name} must hold real numbers, got dtype {arr.dtype}; convert text columns to numbers "
                         f"first (e.g. np.asarray({name}, dtype=float))")
    if arr.size == 0:
        raise InputError(f"{name} is empty (shape {arr.shape}); pass at least one sample")
    return arr


def check_finite(arr, name):
    if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))
        raise InputError(f"{name} contains {len(bad)} NaN or infinite value(s), the first at index "
                         f"{tuple(int(i) for i in bad[0])}; remove or impute them before training")


def check_inputs(X, n_features, name="X"):
    """Validate inputs for a model with ``n_features`` inputs; returns the array (not copied)."""
    X = as_numeric_array(X, name)
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
    check_finite(X, name)
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
