"""Initializers draw the documented distributions, Sequential picks them by the activation that
follows, and the scalers map features as documented without touching the user's array."""
import numpy as np
import pytest

import scratchnn as sn
from scratchnn import init

SHAPE = (400, 300)  # 120,000 draws: sample moments within ~1% of the true ones


def draw(initializer, shape=SHAPE, seed=0):
    return initializer(shape, np.random.default_rng(seed))


@pytest.mark.parametrize("initializer, std", [(init.he, np.sqrt(2 / 400)), (init.lecun, np.sqrt(1 / 400)),
                                              (init.normal(0.1), 0.1)])
def test_gaussian_initializers_have_the_documented_std(initializer, std):
    w = draw(initializer)
    assert abs(w.mean()) < 0.02 * std
    assert w.std() == pytest.approx(std, rel=0.02)


def test_xavier_is_uniform_within_the_glorot_bound():
    bound = np.sqrt(6 / (400 + 300))
    w = draw(init.xavier)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.99 * bound
    assert w.var() == pytest.approx(bound**2 / 3, rel=0.02)  # variance of U(-a, a) is a^2/3
    assert init.glorot is init.xavier


def test_uniform_zeros_and_constant():
    w = draw(init.uniform(0, 1))
    assert w.min() >= 0 and w.max() < 1 and w.mean() == pytest.approx(0.5, abs=0.01)
    assert not draw(init.zeros).any()
    assert np.all(draw(init.constant(0.3)) == 0.3)
    with pytest.raises(ValueError, match="a < b"):
        init.uniform(1, 0)
    with pytest.raises(ValueError, match="std >= 0"):
        init.normal(-1)


def test_initializers_by_name_and_config():
    assert init.get("he") is init.he
    rebuilt = init.get(init.normal(0.2).config())
    assert rebuilt.config() == {"name": "normal", "std": 0.2, "mean": 0.0}
    assert np.array_equal(draw(rebuilt), draw(init.normal(0.2)))
    with pytest.raises(ValueError, match="unknown initializer 'kaiming'"):
        init.get("kaiming")


def test_sequential_chooses_init_and_bias_by_the_next_activation():
    model = sn.Sequential([sn.Dense(400, 300), sn.ReLU(), sn.Dense(300, 200), sn.Sigmoid(), sn.Dense(200, 1)],
                          seed=0, dtype="float64")
    p = model.params
    bound = 1 / np.sqrt(400)                                                 # fan_in_uniform before ReLU
    assert np.abs(p["W1"]).max() <= bound and p["W1"].std() == pytest.approx(bound / np.sqrt(3), rel=0.02)
    assert np.abs(p["W2"]).max() <= np.sqrt(6 / 500)                         # Glorot before sigmoid
    assert np.abs(p["W3"]).max() <= np.sqrt(6 / 201)                         # Glorot for a linear output
    assert np.all(p["b1"] == sn.Dense.RELU_BIAS) and not p["b2"].any() and not p["b3"].any()
    explicit = sn.Sequential([sn.Dense(3, 2, init="zeros", bias_init=0.5), sn.ReLU(), sn.Dense(2, 1)], seed=0)
    assert not explicit.params["W1"].any() and np.all(explicit.params["b1"] == 0.5)
    assert explicit.params["W1"].dtype == np.float32


def test_dense_rejects_bad_sizes():
    for bad in (0, -2, 2.0, True):
        with pytest.raises(ValueError, match="positive whole number"):
            sn.Dense(bad, 3)
    chain = r"Dense\(3, 4\) is followed by Dense\(5, 1\); make the second one Dense\(4, 1\)"
    with pytest.raises(ValueError, match=chain):
        sn.Sequential([sn.Dense(3, 4), sn.ReLU(), sn.Dense(5, 1)])


def test_standard_scaler():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(50, 10, 200), rng.uniform(0, 255, 200), np.full(200, 7.0)])
    X_copy = X.copy()
    scaler = sn.StandardScaler().fit(X)
    Z = scaler.transform(X)
    np.testing.assert_allclose(Z[:, :2].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z[:, :2].std(axis=0), 1, rtol=1e-12)
    assert np.all(Z[:, 2] == 0)  # a constant feature is centred, not divided by zero
    # New data is mapped with the training statistics, not its own.
    new = np.array([[60.0, 0.0, 7.0]])
    np.testing.assert_allclose(scaler.transform(new)[0, 0], (60 - X[:, 0].mean()) / X[:, 0].std())
    np.testing.assert_allclose(scaler.inverse_transform(Z), X, rtol=1e-12)
    assert np.array_equal(X, X_copy)
    with pytest.raises(sn.InputError, match="X has 2 features but the scaler was fitted on 3"):
        scaler.transform(X[:, :2])
    with pytest.raises(sn.InputError, match="not fitted yet"):
        sn.StandardScaler().transform(X)
    with pytest.raises(sn.InputError, match="NaN"):
        sn.StandardScaler().fit(np.array([[1.0], [np.nan]]))


def test_min_max_scaler_per_feature_and_global():
    X = np.array([[0.0, 10.0], [51.0, 20.0], [255.0, 30.0]])
    np.testing.assert_allclose(sn.MinMaxScaler().fit_transform(X), [[0, 0], [0.2, 0.5], [1, 1]])
    # One range for all features: pixels divided by the global span 0..255 keep relative brightness.
    np.testing.assert_allclose(sn.MinMaxScaler(per_feature=False).fit_transform(X), X / 255)


@pytest.mark.parametrize("make", [lambda: sn.StandardScaler(), lambda: sn.MinMaxScaler(),
                                  lambda: sn.MinMaxScaler(per_feature=False)])
def test_a_scaler_survives_a_json_round_trip(make):
    import json
    from scratchnn.preprocessing import from_dict
    rng = np.random.default_rng(0)
    X = rng.normal(3, 2, size=(20, 4)) * [1, 10, 100, 0.1]
    scaler = make().fit(X)
    again = from_dict(json.loads(json.dumps(scaler.to_dict())))
    X_new = rng.normal(size=(5, 4))
    np.testing.assert_array_equal(again.transform(X_new), scaler.transform(X_new))
    assert from_dict({"kind": "none"}) is None and from_dict(None) is None
