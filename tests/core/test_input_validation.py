"""Bad input raises InputError (a ValueError) before any work, naming the problem and the
offending value or shape; the user's arrays are never modified."""
import re

import numpy as np
import pytest

import scratchnn as sn
from scratchnn import InputError


def regressor(seed=0, n_out=1):
    return sn.Sequential([sn.Dense(3, 4), sn.ReLU(), sn.Dense(4, n_out)], seed=seed)


def classifier(last=sn.Sigmoid, n_out=1):
    return sn.Sequential([sn.Dense(3, 4), sn.Tanh(), sn.Dense(4, n_out), last()], seed=0)


rng = np.random.default_rng(0)
X = rng.normal(size=(10, 3))
y = rng.normal(size=10)


def with_value(a, index, value):
    a = np.array(a, dtype=float)
    a[index] = value
    return a


def assert_untouched_on_error(model, call, pattern):
    """The error is raised, says ``pattern``, and no weight moved (it came before any work)."""
    before = {k: v.copy() for k, v in model.params.items()}
    with pytest.raises(InputError, match=pattern) as info:
        call()
    assert isinstance(info.value, ValueError)
    for k, v in model.params.items():
        assert np.array_equal(v, before[k]), f"{k} changed although the input was refused"
    return str(info.value)


@pytest.mark.parametrize("bad, where", [(np.nan, "(2, 1)"), (np.inf, "(7, 0)"), (-np.inf, "(0, 2)")])
def test_nan_or_inf_in_X(bad, where):
    index = tuple(int(i) for i in where.strip("()").split(", "))
    model = regressor()
    Xbad = with_value(X, index, bad)
    message = f"X contains 1 NaN .*index {re.escape(where)}"
    assert_untouched_on_error(model, lambda: model.fit(Xbad, y, epochs=1), message)
    with pytest.raises(InputError, match=message):
        model.predict(Xbad)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_or_inf_in_y(bad):
    model = regressor()
    # The index is the one in the array the user passed (y is 1-D here).
    assert_untouched_on_error(model, lambda: model.fit(X, with_value(y, 4, bad), epochs=1),
                              r"y contains 1 NaN .*index \(4,\)")


@pytest.mark.parametrize("labels", [[0, np.nan, 2, 1], [[1, 0, 0], [0, np.nan, 1], [0, 0, 1], [0, 1, 0]]])
def test_nan_class_labels_are_called_nan(labels):
    model = classifier(sn.Softmax, 3)
    assert_untouched_on_error(model, lambda: model.fit(X[:4], np.array(labels), loss="cross_entropy", epochs=1),
                              r"y contains 1 NaN or infinite value\(s\), the first at index \(1,")


def test_row_targets_are_never_broadcast_against_column_outputs():
    # Seed 002's bug: y of shape (1, n) against predictions (n, 1) broadcasts to (n, n).
    model = regressor()
    msg = assert_untouched_on_error(model, lambda: model.fit(X, y.reshape(1, -1), epochs=1), r"\(1, 10\)")
    assert "transposed" in msg and "y.T" in msg
    with pytest.raises(InputError, match=r"\(1, 10\)"):
        model.evaluate(X, y.reshape(1, -1))
    with pytest.raises(InputError, match=r"\(1, 10\)"):
        model.fit(X, y, epochs=1, validation_data=(X, y.reshape(1, -1)))


def test_row_targets_refused_even_when_one_sample():
    model = regressor(n_out=3)
    # One sample of 3 outputs is fine as (1, 3); the same numbers as (3, 1) are refused.
    model.fit(X[:1], y[:3].reshape(1, 3), epochs=1)
    assert_untouched_on_error(model, lambda: model.fit(X[:1], y[:3].reshape(3, 1), epochs=1), r"\(3, 1\)")


def test_targets_with_the_wrong_number_of_outputs():
    model = regressor(n_out=2)
    msg = assert_untouched_on_error(model, lambda: model.fit(X, y.reshape(-1, 1), epochs=1), r"shape \(10, 1\)")
    assert "2 output" in msg


def test_targets_with_the_wrong_number_of_samples():
    model = regressor()
    assert_untouched_on_error(model, lambda: model.fit(X, y[:7], epochs=1), r"X has 10 samples but y has 7")


def test_wrong_number_of_features():
    model = regressor()
    X4 = rng.normal(size=(10, 4))
    assert_untouched_on_error(model, lambda: model.fit(X4, y, epochs=1), r"4 features \(shape \(10, 4\)\).*expects 3")
    with pytest.raises(InputError, match=r"4 features .*expects 3"):
        model.predict(X4)
    msg = assert_untouched_on_error(model, lambda: model.fit(X.T.copy()[:, :10], y[:3], epochs=1), r"shape \(3, 10\)")
    assert "transposed" in msg


def test_one_dimensional_X_is_refused_with_the_reshape_to_use():
    model = sn.Sequential([sn.Dense(1, 1)], seed=0)
    msg = assert_untouched_on_error(model, lambda: model.fit(np.arange(5.0), np.arange(5.0), epochs=1), r"shape \(5,\)")
    assert "reshape(-1, 1)" in msg


# Three whole-number labels are three classes (labels.py): too many for one sigmoid output.
@pytest.mark.parametrize("labels, pattern", [([0, 1, 2, 1], r"3 distinct class labels \(0, 1, 2\).*'cross_entropy'"),
                                             ([0, -0.5, 1, 1], r"\[0, 1\], got values from -0.5 to 1")])
def test_bce_labels_outside_zero_one(labels, pattern):
    model = classifier()
    Xs = X[:4]
    assert_untouched_on_error(model, lambda: model.fit(Xs, np.array(labels), loss="bce", epochs=1), pattern)


# Labels other than the indices 0..2 are classes of their own (labels.py): four do not fit 3 outputs.
@pytest.mark.parametrize("labels, pattern", [([0, 1, 3, 2], r"4 distinct class labels \(0, 1, 2, 3\).*4 outputs"),
                                             ([0, 1.5, 2, 1], r"class indices 0\.\.2.*0 to 2"),
                                             ([-1, 0, 1, 2], r"4 distinct class labels \(-1, 0, 1, 2\).*4 outputs")])
def test_cross_entropy_labels_that_are_not_class_indices(labels, pattern):
    model = classifier(sn.Softmax, 3)
    assert_untouched_on_error(model, lambda: model.fit(X[:4], np.array(labels), loss="cross_entropy", epochs=1),
                              pattern)


def test_cross_entropy_one_hot_rows_must_sum_to_one():
    model = classifier(sn.Softmax, 3)
    bad = np.array([[1, 0, 0], [1, 1, 0], [0, 0, 1], [0, 1, 0]], dtype=float)
    assert_untouched_on_error(model, lambda: model.fit(X[:4], bad, loss="cross_entropy", epochs=1), "sum to 1")


@pytest.mark.parametrize("which", ["X", "y"])
def test_non_numeric_arrays(which):
    model = regressor()
    text = np.array([["a", "b", "c"]] * 10) if which == "X" else np.array(["0"] * 10)
    args = (text, y) if which == "X" else (X, text)
    assert_untouched_on_error(model, lambda: model.fit(*args, epochs=1),
                              rf"{which} must hold real numbers, got dtype <U1")


def test_ragged_X():
    model = regressor()
    assert_untouched_on_error(model, lambda: model.fit([[1, 2, 3], [1, 2]], [1, 2], epochs=1), "X could not be read")


@pytest.mark.parametrize("shape", [(0, 3), (0,)])
def test_empty_data(shape):
    model = regressor()
    assert_untouched_on_error(model, lambda: model.fit(np.zeros(shape), np.zeros(0), epochs=1),
                              f"X is empty {re.escape(f'(shape {shape}')}")
    with pytest.raises(InputError, match="X is empty"):
        model.predict(np.zeros(shape))


@pytest.mark.parametrize("lr", [0, -0.1, np.nan, np.inf])
def test_non_positive_learning_rate(lr):
    for make in (sn.SGD, sn.Adam):
        with pytest.raises(InputError, match=rf"learning rate lr must be a positive number, got {lr!r}"):
            make(lr)


@pytest.mark.parametrize("name, value", [("epochs", 0), ("epochs", -3), ("epochs", 2.5), ("batch_size", 0),
                                         ("batch_size", -1), ("batch_size", 1.5)])
def test_non_positive_epochs_or_batch_size(name, value):
    model = regressor()
    assert_untouched_on_error(model, lambda: model.fit(X, y, **{name: value}),
                              rf"{name} must be a positive whole number, got {value!r}")


def test_users_arrays_are_unmodified_by_fit_and_predict():
    model = classifier(sn.Softmax, 3)
    Xu = rng.normal(size=(10, 3))
    yu = rng.integers(0, 3, size=10)
    X_copy, y_copy = Xu.copy(), yu.copy()
    # Read-only arrays make any in-place write an error, on top of the bit-exact comparison.
    Xu.flags.writeable = yu.flags.writeable = False
    model.fit(Xu, yu, loss="cross_entropy", epochs=3, batch_size=4, validation_data=(Xu, yu))
    model.predict(Xu)
    model.evaluate(Xu, yu)
    assert np.array_equal(Xu, X_copy) and Xu.dtype == X_copy.dtype
    assert np.array_equal(yu, y_copy) and yu.dtype == y_copy.dtype


def test_float64_input_to_float64_model_is_not_modified_by_training():
    # No dtype conversion is needed here, so a missing copy would let training write into X.
    model = sn.Sequential([sn.Dense(3, 4), sn.ReLU(), sn.Dense(4, 1)], seed=0, dtype="float64")
    Xu, yu = X.copy(), y.reshape(-1, 1).copy()
    Xu.flags.writeable = yu.flags.writeable = False  # any write into them raises
    for batch_size in (None, 3):
        model.fit(Xu, yu, epochs=5, batch_size=batch_size, validation_data=(Xu, yu),
                  callbacks=[sn.EarlyStopping(patience=2)])
    model.predict(Xu)
    model.loss_and_grads(Xu, yu)
    assert np.array_equal(Xu, X) and np.array_equal(yu, y.reshape(-1, 1))


def test_validation_data_is_checked_like_training_data():
    model = regressor()
    assert_untouched_on_error(model, lambda: model.fit(X, y, epochs=1, validation_data=(X[:, :2], y)), "2 features")
    assert_untouched_on_error(model, lambda: model.fit(X, y, epochs=1, validation_data=X), "pair")


def test_a_layer_object_used_twice_is_refused():
    # Learners write `act = Tanh()` once and put it after every Dense; one object cannot keep the
    # inputs of two positions for backward, so the model says so.
    act = sn.Tanh()
    with pytest.raises(InputError, match=r"layer 3 \(Tanh\(\)\) is the same object as an earlier layer"):
        sn.Sequential([sn.Dense(3, 4), act, sn.Dense(4, 4), act, sn.Dense(4, 1)], seed=0, dtype="float64")
