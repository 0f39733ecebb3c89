r"""Input scaling, fitted on training data and reused on new data (``fit`` / ``transform``).

Networks learn best when every input feature is on a scale near 1: raw pixels of 0-255 make the
first layer's pre-activations hundreds of times too large (seed 002's story).

* :class:`StandardScaler`: :math:`x' = (x - \mu) / \sigma` per feature (:math:`\sigma = 1` where a feature is constant).
* :class:`MinMaxScaler`: :math:`x' = (x - \min) / (\max - \min)` per feature, into [0, 1]; or with
  ``per_feature=False`` one range for all features (pixels: divide by 255, keep relative brightness).
"""
import numpy as np

from .validation import InputError, as_numeric_array, check_finite


class _Scaler:
    def _check(self, X):
        X = as_numeric_array(X, "X")
        if X.ndim != 2:
            raise InputError(f"scalers take X of shape (n_samples, n_features), got {X.shape}")
        check_finite(X, "X")
        return X

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def _check_fitted(self):
        if not hasattr(self, "shift_"):
            raise InputError(f"{type(self).__name__} is not fitted yet: call fit(X_train) first")

    def transform(self, X):
        self._check_fitted()
        X = self._check(X)
        if self.shift_.ndim and X.shape[1] != self.shift_.shape[0]:
            raise InputError(f"X has {X.shape[1]} features but the scaler was fitted on {self.shift_.shape[0]}; "
                             "transform data with the same columns as the training data")
        return (X - self.shift_) / self.scale_

    def inverse_transform(self, X):
        self._check_fitted()
        X = self._check(X)
        if self.shift_.ndim and X.shape[1] != self.shift_.shape[0]:
            raise InputError(f"X has {X.shape[1]} features but the scaler was fitted on {self.shift_.shape[0]}")
        return X * self.scale_ + self.shift_

    def to_dict(self):
        """The fitted scaling as JSON-able lists (what ``scratchnn fit`` stores with a model)."""
        return {"kind": self.kind, "shift": np.atleast_1d(self.shift_).tolist(),
                "scale": np.atleast_1d(self.scale_).tolist()}


KINDS = ("none", "standard", "minmax")


def check_record(record):
    """Raise :class:`InputError` unless ``record`` is what :meth:`_Scaler.to_dict` writes."""
    if not isinstance(record, dict) or record.get("kind", "none") not in KINDS:
        kind = record.get("kind") if isinstance(record, dict) else record
        raise InputError(f"unknown scaler kind {kind!r}; known: {', '.join(KINDS)}")
    if record.get("kind", "none") == "none":
        return
    values = {}
    for key in ("shift", "scale"):
        v = record.get(key)
        if not (isinstance(v, list) and v and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v)):
            raise InputError(f"the scaler's {key!r} must be a non-empty list of numbers, got {str(v)[:60]}")
        values[key] = np.asarray(v, dtype=np.float64)
        if not np.all(np.isfinite(values[key])):
            raise InputError(f"the scaler's {key!r} holds a value that is not finite")
    if len(values["shift"]) != len(values["scale"]) or np.any(values["scale"] == 0):
        raise InputError("the scaler's 'shift' and 'scale' must have the same length and no scale of 0")


def from_dict(record):
    """The scaler a :meth:`to_dict` record describes (None for ``{"kind": "none"}`` or no record)."""
    if not record:
        return None
    check_record(record)
    if record.get("kind", "none") == "none":
        return None
    scaler = {"standard": StandardScaler, "minmax": MinMaxScaler}[record["kind"]]()
    # One value for every feature (MinMaxScaler(per_feature=False)) is kept as a scalar.
    scaler.shift_, scaler.scale_ = (np.asarray(record[k], dtype=np.float64) for k in ("shift", "scale"))
    if scaler.shift_.size == 1:
        scaler.shift_, scaler.scale_ = scaler.shift_.reshape(()), scaler.scale_.reshape(())
    return scaler


class StandardScaler(_Scaler):
    """Zero mean and unit variance per feature."""

    kind = "standard"

    def fit(self, X):
        X = self._check(X).astype(np.float64)
        self.shift_ = X.mean(axis=0)
        std = X.std(axis=0)
        self.scale_ = np.where(std > 0, std, 1.0)  # a constant feature is centred, not divided by 0
        return self


class MinMaxScaler(_Scaler):
    """Map the training range to [0, 1], per feature or (``per_feature=False``) globally."""

    kind = "minmax"

    def __init__(self, per_feature=True):
        if not isinstance(per_feature, (bool, np.bool_)):
            raise InputError(f"MinMaxScaler(per_feature=...) must be True or False, got {per_feature!r}")
        self.per_feature = bool(per_feature)

    def fit(self, X):
        X = self._check(X).astype(np.float64)
        axis = 0 if self.per_feature else None
        self.shift_ = np.asarray(X.min(axis=axis))
        span = np.asarray(X.max(axis=axis)) - self.shift_
        self.scale_ = np.where(span > 0, span, 1.0)
        return self
