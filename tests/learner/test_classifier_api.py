"""A classifier as a learner expects one: labels in, labels out, probabilities on request, scores."""
import warnings

import numpy as np
import pytest

import scratchnn as sn
from scratchnn import metrics
from scratchnn.validation import InputError


def blobs(n_per_class=20, names=("setosa", "versicolor", "virginica"), seed=0):
    """Well separated 2-D clusters, one per class name."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])[:len(names)]
    X = np.concatenate([c + 0.3 * rng.normal(size=(n_per_class, 2)) for c in centres])
    y = np.repeat(np.array(names), n_per_class)
    order = rng.permutation(len(y))
    return X[order], y[order]


def softmax_net(k, seed=0):
    return sn.Sequential([sn.Dense(2, 8), sn.ReLU(), sn.Dense(8, k), sn.Softmax()], seed=seed)


def test_string_labels_with_cross_entropy_come_back_as_labels():
    X, y = blobs()
    model = softmax_net(3)
    model.fit(X, y, loss="cross_entropy", epochs=200)
    assert model.classes.classes.tolist() == ["setosa", "versicolor", "virginica"]
    predicted = model.predict(X)
    assert predicted.shape == (60,) and set(predicted) <= set(y)
    assert np.mean(predicted == y) == 1.0
    proba = model.predict_proba(X)
    assert proba.shape == (60, 3) and np.allclose(proba.sum(axis=1), 1, atol=1e-5)
    assert np.array_equal(model.classes.classes[proba.argmax(axis=1)], predicted)


def test_boolean_labels_with_bce_and_probabilities_of_the_true_class():
    X, y = blobs(names=("a", "b"))
    flags = y == "b"
    model = sn.Sequential([sn.Dense(2, 4), sn.ReLU(), sn.Dense(4, 1), sn.Sigmoid()], seed=1)
    model.fit(X, flags, loss="bce", epochs=200)
    assert model.predict(X).dtype == bool and np.array_equal(model.predict(X), flags)
    p = model.predict_proba(X).ravel()
    assert np.all(p[flags] > 0.5) and np.all(p[~flags] < 0.5)


def test_evaluate_scores_a_classifier_with_its_labels():
    X, y = blobs()
    model = softmax_net(3)
    model.fit(X[:40], y[:40], loss="cross_entropy", epochs=100)
    scores = model.evaluate(X[40:], y[40:])
    assert set(scores) == {"loss", "accuracy"}
    assert scores["accuracy"] == pytest.approx(np.mean(model.predict(X[40:]) == y[40:]))
    # The loss is the mean cross-entropy of the true classes' probabilities.
    proba = model.predict_proba(X[40:])
    truth = model.classes.encode(y[40:])
    assert scores["loss"] == pytest.approx(-np.mean(np.log(proba[np.arange(20), truth])), rel=1e-4)


def test_evaluate_scores_a_regression_with_mae_and_r2():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 3))
    # Noise keeps the fit's errors far above float32 rounding, so the scores can be checked to 1e-5.
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 + 0.1 * rng.normal(size=50)
    model = sn.Sequential([sn.Dense(3, 1)], seed=0)
    model.fit(X, y, loss="mse", epochs=300)
    scores = model.evaluate(X, y)
    out = model.predict(X).ravel()
    assert set(scores) == {"loss", "mae", "r2"}
    assert scores["mae"] == pytest.approx(np.mean(np.abs(out - y)), rel=1e-5)
    assert scores["r2"] == pytest.approx(metrics.r2_score(y, out), rel=1e-6) and scores["r2"] > 0.98
    assert scores["loss"] == pytest.approx(np.mean((out - y) ** 2), rel=1e-4)


def test_classes_are_saved_with_the_model(tmp_path):
    X, y = blobs()
    model = softmax_net(3)
    model.fit(X, y, loss="cross_entropy", epochs=50)
    loaded = sn.load(model.save(tmp_path / "iris.npz"))
    assert loaded.classes == model.classes
    assert np.array_equal(loaded.predict(X), model.predict(X))
    assert loaded.evaluate(X, y) == pytest.approx(model.evaluate(X, y))


def test_a_continuous_target_with_a_classification_loss_is_refused_before_training():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(347, 2)), rng.uniform(100, 500, size=347)
    model = sn.Sequential([sn.Dense(2, 4), sn.ReLU(), sn.Dense(4, 3), sn.Softmax()], seed=0)
    before = model.params["W1"].copy()
    with pytest.raises(InputError, match=r"looks continuous: 347 distinct values.*loss='mse'"):
        model.fit(X, y, loss="cross_entropy", epochs=5)
    assert np.array_equal(model.params["W1"], before)


@pytest.mark.parametrize("keras_name, ours", [("binary_crossentropy", "bce"), ("categorical_crossentropy", "cross_entropy"),
                                              ("sparse_categorical_crossentropy", "cross_entropy"),
                                              ("mean_squared_error", "mse")])
def test_keras_loss_names_are_aliases(keras_name, ours):
    assert sn.losses.get(keras_name).name == ours


def test_validation_split_holds_out_the_last_samples():
    X, y = blobs()
    model = softmax_net(3)
    history = model.fit(X, y, loss="cross_entropy", epochs=20, validation_split=0.25)
    assert len(history.val_loss) == 20
    # Like Keras: the last 25% of the samples (before any shuffling) are the validation set.
    assert history.val_loss[-1] == pytest.approx(model.evaluate(X[45:], y[45:])["loss"], rel=1e-5)
    assert model.training_info["n_samples"] == 45


@pytest.mark.parametrize("split", [0, 1, 1.5, -0.2, "0.2"])
def test_validation_split_must_be_a_fraction(split):
    X, y = blobs()
    with pytest.raises(InputError, match="validation_split"):
        softmax_net(3).fit(X, y, loss="cross_entropy", epochs=1, validation_split=split)


def test_validation_split_and_validation_data_together_are_refused():
    X, y = blobs()
    with pytest.raises(InputError, match="validation_split.*validation_data"):
        softmax_net(3).fit(X, y, loss="cross_entropy", epochs=1, validation_split=0.2, validation_data=(X, y))


def test_numpy_warnings_inside_fit_become_the_stopped_reason():
    X = np.random.default_rng(0).normal(size=(20, 3)) * 1e3
    y = np.ones(20) * 1e3
    model = sn.Sequential([sn.Dense(3, 16), sn.ReLU(), sn.Dense(16, 1)], seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)   # a leaked NumPy warning would raise here
        warnings.simplefilter("ignore", UserWarning)     # the scale warning is tested elsewhere
        history = model.fit(X, y, loss="mse", optimizer=sn.SGD(10.0), epochs=50)
    assert history.stopped_reason is not None
    assert "learning rate" in history.stopped_reason and "doctor=True" in history.stopped_reason


def test_text_labels_with_a_regression_loss_name_the_classification_losses():
    model = sn.Sequential([sn.Dense(2, 1)], seed=0)
    with pytest.raises(InputError, match=r"text labels such as 'setosa'.*loss='cross_entropy'"):
        model.fit(np.zeros((2, 2)), ["setosa", "virginica"], loss="mse", epochs=1)
