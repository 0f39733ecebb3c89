"""The seed tasks as built-in datasets, all shipped inside the package (nothing is downloaded).

Each loader returns a :class:`Dataset`; samples are on axis 0.

=============  ==========================================================  ============
name           task (seed)                                                 shape
=============  ==========================================================  ============
next_number    3 previous numbers -> next (seed 000); 2 windows held out   (10, 3)
cat_photos     64x64x3 photo patches, pixels 0-255, cat vs not (seed 002)  (10, 12288)
xor            XOR of two bits (the answer in seed 002)                    (4, 2)
and_gate       AND of two bits (the answer in seed 003)                    (4, 2)
=============  ==========================================================  ============
"""
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..validation import InputError

_DATA = Path(__file__).resolve().parent / "data"

# Seed 000's series: the first 13 numbers train, the last two are held out.
NEXT_NUMBER_SERIES = (2.16, 3.19, 1.85, 4.84, 0.55, 4.20, 1.68, 4.74, 0.14, 5.68,
                      0.48, 5.03, 0.18, 5.99, 0.09)


@dataclass
class Dataset:
    """Training arrays ``X`` (n_samples, n_features) and ``y`` (n_samples,), optional held-out ones."""

    name: str
    description: str
    X: np.ndarray
    y: np.ndarray
    X_test: np.ndarray | None = None
    y_test: np.ndarray | None = None
    extra: dict = field(default_factory=dict)


def sliding_window(series, window):
    """Turn a 1-D series into (previous ``window`` values -> next value) pairs.

    Returns ``X`` of shape (len(series) - window, window) and ``y`` of shape (len(series) - window,).
    """
    series = np.asarray(series, dtype=np.float64)
    if series.ndim != 1:
        raise InputError(f"a sequence must be 1-D, got shape {series.shape}; pass a flat list of numbers")
    if not (isinstance(window, (int, np.integer)) and window >= 1):
        raise InputError(f"window must be a positive whole number, got {window!r}")
    if len(series) <= window:
        raise InputError(f"a sequence of {len(series)} numbers is too short for a window of {window}: "
                         f"it needs at least {window + 1} numbers (window + 1 for one training pair)")
    X = np.lib.stride_tricks.sliding_window_view(series[:-1], window).copy()
    return X, series[window:].copy()


def next_number():
    """Seed 000: predict the next number from the 3 before it; 10 training windows, 2 held out."""
    X_all, y_all = sliding_window(NEXT_NUMBER_SERIES, 3)
    return Dataset("next_number", "seed 000: next number from the 3 previous (10 train, 2 held out)",
                   X_all[:10], y_all[:10], X_all[10:], y_all[10:])


def cat_photos():
    """Seed 002: ten 64x64x3 photo patches, pixel values 0-255 (float32), label 1 = cat.

    ``X`` is flattened to (10, 12288) as seed 002 feeds it; ``extra["images"]`` keeps the
    (10, 64, 64, 3) uint8 images and ``extra["names"]`` where each patch was cut from
    (photographs from scikit-image's CC0 / public-domain samples; see tools/make_cat_photos.py).
    """
    with np.load(_DATA / "cat_photos.npz", allow_pickle=False) as f:
        images, labels, names = f["images"], f["labels"], f["names"]
    X = images.reshape(len(images), -1).astype(np.float32)
    return Dataset("cat_photos", "seed 002: 10 photo patches 64x64x3, pixels 0-255, cat (1) vs not (0)",
                   X, labels.astype(np.float32), extra={"images": images, "names": list(names)})


def _truth_table(name, description, outputs):
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    return Dataset(name, description, X, np.array(outputs, dtype=np.float32))


def xor():
    """XOR of two bits, the classic that needs a hidden layer (the answer in seed 002)."""
    return _truth_table("xor", "XOR of two bits (4 samples)", [0, 1, 1, 0])


def and_gate():
    """AND of two bits (the data of the answer in seed 003)."""
    return _truth_table("and_gate", "AND of two bits (4 samples)", [0, 0, 0, 1])


LOADERS = {"next_number": next_number, "cat_photos": cat_photos, "xor": xor, "and_gate": and_gate}


def names():
    """Names of the built-in datasets."""
    return list(LOADERS)


def load(name):
    """Load a built-in dataset by name (see :func:`names`)."""
    if name not in LOADERS:
        raise InputError(f"unknown dataset {name!r}; the built-in ones are: {', '.join(LOADERS)}")
    return LOADERS[name]()
