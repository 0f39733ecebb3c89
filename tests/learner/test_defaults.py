"""The defaults of docs/defaults.md: Adam's lr follows the input width, a network of at most 20
parameters gets Adam(0.03, eps=0.01); raw pixels are warned about."""
import warnings

import numpy as np
import pytest

import scratchnn as sn
from scratchnn import datasets


def optimizer_used(n_features, hidden=8):
    X = np.random.default_rng(0).normal(size=(8, n_features))
    model = sn.Sequential([sn.Dense(n_features, hidden), sn.ReLU(), sn.Dense(hidden, 1)], seed=0)
    model.fit(X, np.zeros(8), epochs=1)
    return model.training_info["optimizer"]


def lr_used(n_features):
    return optimizer_used(n_features)["lr"]


@pytest.mark.parametrize("n_features, lr", [(3, 0.01), (100, 0.01), (200, 1 / 200), (12288, 1 / 12288)])
def test_default_adam_lr_is_one_over_the_input_width_at_most_0_01(n_features, lr):
    assert lr_used(n_features) == pytest.approx(lr)


@pytest.mark.parametrize("hidden, n_params, lr, eps", [(1, 6, 0.03, 0.01), (4, 21, 0.01, 1e-8), (8, 41, 0.01, 1e-8)])
def test_a_network_of_at_most_20_parameters_gets_adam_0_03_with_eps_0_01(hidden, n_params, lr, eps):
    used = optimizer_used(3, hidden)
    assert 3 * hidden + hidden + hidden + 1 == n_params
    assert (used["name"], used["lr"], used["eps"]) == ("Adam", pytest.approx(lr), pytest.approx(eps))


def test_xor_start_that_plain_adam_leaves_in_a_local_minimum_learns_with_the_default():
    """Seed 1 is one of the 11 starts in 100 where 2-3-1 sigmoid XOR under Adam(0.01) ends with two
    outputs at 0.5 (loss 0.125, still there after 20,000 epochs); the tiny-network default learns it."""
    data = datasets.xor()

    def mean_error(optimizer):
        model = sn.Sequential([sn.Dense(2, 3), sn.Sigmoid(), sn.Dense(3, 1), sn.Sigmoid()], seed=1)
        model.fit(data.X, data.y, loss="mse", optimizer=optimizer, epochs=2000)
        return np.mean(np.abs(model.predict(data.X).ravel() - data.y))

    assert mean_error(sn.Adam(0.01)) > 0.2
    assert mean_error(None) < 0.05


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


def test_the_command_line_uses_the_same_default_optimizer(scratchnn):
    wide = scratchnn("fit", "--dataset", "cat_photos", "--loss", "bce", "--epochs", "1", "--no-doctor", "--out", "c.npz")
    assert wide.returncode == 0, wide.stderr
    assert f"adam lr {1 / 12288:g}," in wide.stdout
    narrow = scratchnn("fit", "--dataset", "xor", "--loss", "bce", "--epochs", "1", "--no-doctor", "--out", "x.npz")
    assert "network 2-8-1," in narrow.stdout and "adam lr 0.01," in narrow.stdout        # 33 parameters
    tiny = scratchnn("fit", "--dataset", "xor", "--layers", "2,3,1", "--loss", "bce", "--epochs", "1", "--no-doctor",
                     "--out", "t.npz")
    assert "network 2-3-1," in tiny.stdout and "adam lr 0.03 eps 0.01," in tiny.stdout


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
