"""The defaults of docs/defaults.md: Adam's lr follows the input width; raw pixels are warned about."""
import warnings

import numpy as np
import pytest

import scratchnn as sn
from scratchnn import datasets


def lr_used(n_features):
    X = np.random.default_rng(0).normal(size=(8, n_features))
    model = sn.Sequential([sn.Dense(n_features, 2), sn.ReLU(), sn.Dense(2, 1)], seed=0)
    history = model.fit(X, np.zeros(8), epochs=1)
    return history.metrics["lr"][0] if "lr" in history.metrics else model.training_info["optimizer"]["lr"]


@pytest.mark.parametrize("n_features, lr", [(3, 0.01), (100, 0.01), (200, 1 / 200), (12288, 1 / 12288)])
def test_default_adam_lr_is_one_over_the_input_width_at_most_0_01(n_features, lr):
    assert lr_used(n_features) == pytest.approx(lr)


def test_seed_002_photos_divided_by_255_learn_with_the_defaults():
    # Seed 1 is one of the starts that Adam(0.01) lost on these photos (docs/defaults.md).
    data = datasets.cat_photos()
    model = sn.Sequential([sn.Dense(12288, 64), sn.ReLU(), sn.Dense(64, 1), sn.Sigmoid()], seed=1)
    history = model.fit(data.X / 255.0, data.y, loss="bce", epochs=300)
    assert min(history.loss) < 0.01


def test_raw_pixels_are_warned_about_before_training_with_the_fix():
    data = datasets.cat_photos()
    model = sn.Sequential([sn.Dense(12288, 2), sn.ReLU(), sn.Dense(2, 1), sn.Sigmoid()], seed=0)
    before = model.params["W1"].copy()
    with pytest.warns(UserWarning, match=r"inputs range from 0 to 25\d .*X / 255\.0.*StandardScaler") as record:
        model.fit(data.X, data.y, loss="bce", epochs=1)
    assert len(record) == 1 and record[0].filename == __file__  # points at the user's fit call
    assert not np.array_equal(model.params["W1"], before)


def test_scaled_inputs_are_not_warned_about():
    data = datasets.cat_photos()
    model = sn.Sequential([sn.Dense(12288, 2), sn.ReLU(), sn.Dense(2, 1), sn.Sigmoid()], seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(data.X / 255.0, data.y, loss="bce", epochs=1)


def test_the_command_line_uses_the_same_default_lr(scratchnn):
    wide = scratchnn("fit", "--dataset", "cat_photos", "--loss", "bce", "--epochs", "1", "--no-doctor", "--out", "c.npz")
    assert wide.returncode == 0, wide.stderr
    assert f"adam lr {1 / 12288:g}," in wide.stdout
    narrow = scratchnn("fit", "--dataset", "xor", "--loss", "bce", "--epochs", "1", "--no-doctor", "--out", "x.npz")
    assert "adam lr 0.01," in narrow.stdout


def test_standardized_inputs_with_a_rare_large_z_score_are_not_warned_about():
    """A column that is almost always 0 has z-scores of 30 and more where it is not: standardized
    as well as it can be, so no warning (scikit-learn's digits have such corner pixels)."""
    X = np.random.default_rng(0).normal(size=(1000, 4))
    X[:, 0] = 0.0
    X[0, 0] = 1.0
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    assert X.max() > 30
    model = sn.Sequential([sn.Dense(4, 2), sn.ReLU(), sn.Dense(2, 1)], seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(X, np.zeros(1000), epochs=1)
