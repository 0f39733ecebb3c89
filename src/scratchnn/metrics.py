r"""Scores that say how good a model is, beyond its loss: what :meth:`Sequential.evaluate` returns.

* :func:`accuracy`: the fraction of samples whose predicted label is the true one;
* :func:`mean_absolute_error`: :math:`\frac{1}{n}\sum_i |\hat y_i - y_i|`, in the target's own units;
* :func:`r2_score`: :math:`R^2 = 1 - \sum_i (y_i - \hat y_i)^2 / \sum_i (y_i - \bar y)^2` -- 1 is
  perfect, 0 is no better than always predicting the mean, below 0 is worse than that.
  Several outputs: the mean of the per-output scores (scikit-learn's ``uniform_average``).

Each takes arrays with samples on axis 0 and returns a float.
"""
import numpy as np

from .labels import class_index
from .validation import InputError

CLASSIFICATION = ("bce", "cross_entropy")


def _pair(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred):
        raise InputError(f"y_true has {len(y_true)} samples but y_pred has {len(y_pred)}; pass one prediction per sample")
    if len(y_true) == 0:
        raise InputError("cannot score 0 samples; pass at least one")
    return y_true, y_pred


def accuracy(y_true, y_pred):
    """Fraction of samples with ``y_pred == y_true`` (labels of any kind, shape (n,))."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(y_true.reshape(len(y_true), -1) == y_pred.reshape(len(y_pred), -1)))


def _regression_pair(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = y_true.astype(np.float64).reshape(len(y_true), -1)
    y_pred = y_pred.astype(np.float64).reshape(len(y_pred), -1)
    if y_true.shape != y_pred.shape:
        raise InputError(f"y_true has shape {y_true.shape} but y_pred has {y_pred.shape}; they must match")
    return y_true, y_pred


def mean_absolute_error(y_true, y_pred):
    """Mean of ``|y_pred - y_true|`` over every sample and output."""
    y_true, y_pred = _regression_pair(y_true, y_pred)
    return float(np.mean(np.abs(y_pred - y_true)))


def r2_score(y_true, y_pred):
    """Coefficient of determination, averaged over outputs; a constant target scores 1.0 when
    predicted exactly and 0.0 otherwise (scikit-learn's convention)."""
    y_true, y_pred = _regression_pair(y_true, y_pred)
    residual = np.sum((y_true - y_pred) ** 2, axis=0)
    total = np.sum((y_true - y_true.mean(axis=0)) ** 2, axis=0)
    constant = total == 0
    safe_total = np.where(constant, 1.0, total)
    scores = np.where(constant, np.where(residual == 0, 1.0, 0.0), 1.0 - residual / safe_total)
    return float(np.mean(scores))


def scores(loss_name, loss_value, y_true, outputs, predicted_labels=None):
    """The dict ``evaluate`` returns: ``loss`` plus ``accuracy`` for classification losses (from the
    labels predicted), ``mae`` and ``r2`` for the others (from the raw outputs)."""
    result = {"loss": float(loss_value)}
    if loss_name in CLASSIFICATION:
        if predicted_labels is None:  # a model without remembered classes: targets as the loss reads them
            y_true, predicted_labels = class_index(y_true), class_index(outputs)
        result["accuracy"] = accuracy(y_true, predicted_labels)
    else:
        result["mae"] = mean_absolute_error(y_true, outputs)
        result["r2"] = r2_score(y_true, outputs)
    return result
