"""Convolutional networks learn real images: scikit-learn's digits to >= 98% test accuracy on
the fixed split of ``examples/cnn_digits.py``, seed 002's photos to BCE < 0.01 within 300 epochs
(3 starts here; ``examples/cnn_cat_photos.py`` measures 20), and ``fit(doctor=True)`` on them
runs and finds nothing of severity warning or error."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

import scratchnn as sn

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def digits():
    pytest.importorskip("sklearn")
    return example("cnn_digits")


def test_digits_cnn_reaches_98_percent_on_the_held_out_set_and_the_doctor_is_content(digits):
    X_train, y_train, X_test, y_test = digits.digits_split()
    assert X_train.shape == (1347, 1, 8, 8) and X_test.shape == (450, 1, 8, 8)
    model = digits.digits_cnn(seed=0)
    history = model.fit(X_train, y_train, loss="cross_entropy", optimizer=sn.Adam(3e-3), epochs=10, batch_size=32,
                        doctor=True)
    assert digits.accuracy(model, X_test, y_test) >= 0.98
    assert history.doctor.ok and not [f for f in history.doctor.findings if f.severity != "info"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_cnn_fits_seed_002s_photos_to_bce_below_001_within_300_epochs(seed):
    photos = example("cnn_cat_photos")
    X, y = photos.photos()
    assert X.shape == (10, 3, 64, 64)
    assert photos.epochs_to_goal(seed, X, y) is not None
