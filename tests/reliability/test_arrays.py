"""Hostile arrays, in the spirit of scikit-learn's check_estimator: every public entry point that
takes data (fit, predict, evaluate, the scalers) refuses each with an InputError that names the
problem, and the caller's array is never modified."""
import numpy as np
import pytest

from scratchnn import Dense, InputError, MinMaxScaler, ReLU, Sequential, StandardScaler


def _masked():
    return np.ma.masked_array(np.ones((6, 3)), mask=np.eye(6, 3, dtype=bool))


BAD_X = {
    "NaN": (lambda: np.where(np.eye(6, 3) > 0, np.nan, 1.0), "NaN or infinite"),
    "inf": (lambda: np.full((6, 3), np.inf), "NaN or infinite"),
    "-inf in one cell": (lambda: np.pad(np.ones((5, 3)), ((0, 1), (0, 0)), constant_values=-np.inf), "NaN or infinite"),
    "complex": (lambda: np.ones((6, 3)) + 1j, "real numbers"),
    "strings": (lambda: np.full((6, 3), "1.0"), "real numbers"),
    "objects": (lambda: np.full((6, 3), None, dtype=object), "X[0, 0] is None, not a number"),
    "ragged list": (lambda: [[1, 2, 3], [1, 2]], "could not be read as an array"),
    "empty": (lambda: np.empty((0, 3)), "empty"),
    "no features": (lambda: np.empty((6, 0)), "no features"),
    "1-D": (lambda: np.ones(6), "reshape"),
    "3-D": (lambda: np.ones((6, 3, 1)), "2-D"),
    "scalar": (lambda: np.float64(3.0), "a single number"),
    "wrong width": (lambda: np.ones((6, 4)), "4 features"),
    "transposed": (lambda: np.ones((3, 6)), "transposed"),
    "masked entries": (_masked, "masked"),
    "beyond float32": (lambda: np.full((6, 3), 1e39), "beyond what float32 can hold"),
    "float64 max": (lambda: np.full((6, 3), np.finfo(np.float64).max), "beyond what float32 can hold"),
}

def model():
    return Sequential([Dense(3, 4), ReLU(), Dense(4, 1)], seed=0)


ENTRY_POINTS = {
    "fit": lambda m, X: m.fit(X, np.ones(6), epochs=1),
    "predict": lambda m, X: m.predict(X),
    "evaluate": lambda m, X: m.evaluate(X, np.ones(6)),
    "validation data": lambda m, X: m.fit(np.ones((6, 3)), np.ones(6), epochs=1, validation_data=(X, np.ones(6))),
}


def _frozen(X):
    """A copy to compare with afterwards (ragged lists and masked arrays included)."""
    if isinstance(X, (np.ndarray, np.generic)):
        return X.copy()
    return [list(r) for r in X]


def _same(X, before):
    if isinstance(X, np.ma.MaskedArray):
        return np.array_equal(X.data, before.data) and np.array_equal(X.mask, before.mask)
    if isinstance(X, (np.ndarray, np.generic)):
        return X.dtype == before.dtype and np.array_equal(X, before, equal_nan=X.dtype.kind == "f")
    return X == before


@pytest.mark.parametrize("entry", ENTRY_POINTS.values(), ids=ENTRY_POINTS.keys())
@pytest.mark.parametrize("make,phrase", BAD_X.values(), ids=BAD_X.keys())
def test_bad_inputs_are_refused_and_not_modified(entry, make, phrase):
    X = make()
    before = _frozen(X)
    m = model()
    weights = {k: v.copy() for k, v in m.params.items()}
    with pytest.raises(InputError) as info:
        entry(m, X)
    assert phrase in str(info.value), str(info.value)
    assert _same(X, before)
    assert all(np.array_equal(m.params[k], v) for k, v in weights.items())   # refused before any step


def test_values_beyond_float32_are_fine_in_a_float64_model():
    m = Sequential([Dense(3, 1)], seed=0, dtype="float64")
    assert m.predict(np.full((2, 3), 1e39)).shape == (2, 1)     # accepted: float64 holds 1e39
    with pytest.raises(InputError, match="NaN or infinite"):
        m.predict(np.full((2, 3), np.inf))


BAD_Y = {
    "NaN": (lambda: np.array([1.0, np.nan, 1, 1, 1, 1]), "NaN or infinite"),
    "too short": (lambda: np.ones(5), "X has 6 samples but y has 5"),
    "transposed column": (lambda: np.ones((1, 6)), "transposed"),
    "strings": (lambda: np.array(["a"] * 6), ""),
    "complex": (lambda: np.ones(6) + 1j, ""),
}


@pytest.mark.parametrize("make,phrase", BAD_Y.values(), ids=BAD_Y.keys())
def test_bad_targets_are_refused(make, phrase):
    y = make()
    before = y.copy()
    with pytest.raises(InputError) as info:
        model().fit(np.ones((6, 3)), y, epochs=1)
    assert phrase in str(info.value)
    assert np.array_equal(y, before, equal_nan=y.dtype.kind == "f")


SCALER_CALLS = {
    "StandardScaler.fit": lambda X: StandardScaler().fit(X),
    "MinMaxScaler.fit": lambda X: MinMaxScaler().fit(X),
    "transform": lambda X: StandardScaler().fit(np.ones((6, 3))).transform(X),
}


@pytest.mark.parametrize("call", SCALER_CALLS.values(), ids=SCALER_CALLS.keys())
@pytest.mark.parametrize("name", ["NaN", "complex", "strings", "empty", "no features", "1-D", "masked entries"])
def test_scalers_refuse_bad_arrays(call, name):
    X = BAD_X[name][0]()
    before = _frozen(X)
    with pytest.raises(InputError):
        call(X)
    assert _same(X, before)


@pytest.mark.parametrize("scaler", [StandardScaler, MinMaxScaler])
def test_inverse_transform_before_fit(scaler):
    with pytest.raises(InputError, match="not fitted yet"):
        scaler().inverse_transform(np.ones((2, 3)))


@pytest.mark.parametrize("scaler", [StandardScaler, MinMaxScaler])
def test_transform_round_trip_and_the_input_is_untouched(scaler):
    X = np.random.default_rng(0).normal(size=(20, 3)) * [1, 100, 0.01]
    before = X.copy()
    s = scaler().fit(X)
    assert np.allclose(s.inverse_transform(s.transform(X)), X)
    assert np.array_equal(X, before)


def test_a_masked_array_without_masked_entries_is_used_as_is():
    X = np.ma.masked_array(np.ones((6, 3)), mask=False)
    assert model().predict(X).shape == (6, 1)


def test_integer_and_boolean_inputs_are_accepted():
    assert model().predict(np.ones((2, 3), dtype=np.int64)).shape == (2, 1)
    assert model().predict(np.ones((2, 3), dtype=bool)).shape == (2, 1)
