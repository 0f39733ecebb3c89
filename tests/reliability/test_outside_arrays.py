"""Outside battery, data: every form an array arrives in from the wild (lists, read-only,
strided, Fortran-order, big-endian, small dtypes, pandas-like and torch objects) must train and
predict exactly as the plain float64 array does and never be modified; every broken form (NaN,
wrong shape, text, mixed labels) must be refused with InputError naming what and where."""
import numpy as np
import pytest

import scratchnn as snn
from .outside_tools import refused

RNG = np.random.default_rng(42)
X0 = RNG.normal(size=(12, 3))
Y0 = X0 @ np.array([1.0, -2.0, 0.5])


def fresh(dtype="float64"):
    return snn.Sequential([snn.Dense(3, 4), snn.Tanh(), snn.Dense(4, 1)], seed=0, dtype=dtype)


def trained_params(X, y, **kw):
    model = fresh()
    model.fit(X, y, epochs=3, optimizer=snn.SGD(lr=0.05), **kw)
    return model.flat_params.copy()


class FrameLike:
    """What a pandas DataFrame offers without pandas: ``.to_numpy()``, ``.values``, ``.shape``."""

    def __init__(self, array):
        self._a = np.array(array)
        self.values = self._a
        self.shape = self._a.shape

    def to_numpy(self, dtype=None):
        return self._a.astype(dtype) if dtype else self._a.copy()

    def __len__(self):
        return len(self._a)


def _readonly(a):
    a = a.copy()
    a.flags.writeable = False
    return a


X_FORMS = [
    ("list-of-lists", lambda: X0.tolist()),
    ("tuple-of-tuples", lambda: tuple(map(tuple, X0))),
    ("read-only", lambda: _readonly(X0)),
    ("non-contiguous", lambda: np.repeat(X0, 2, axis=1)[:, ::2]),
    ("fortran-order", lambda: np.asfortranarray(X0)),
    ("big-endian", lambda: X0.astype(">f8")),
    ("float32", lambda: X0.astype(np.float32)),
    ("object-of-floats", lambda: X0.astype(object)),
    ("frame-like", lambda: FrameLike(X0)),
    ("values-only", lambda: type("Old", (), {"values": X0.copy()})()),
    ("matrix", lambda: np.asmatrix(X0)),
]
REFERENCE = trained_params(X0, Y0)


@pytest.mark.parametrize("make", [pytest.param(m, id=i) for i, m in X_FORMS])
def test_every_form_of_the_same_numbers_trains_identically(make):
    X = make()
    got = trained_params(X, Y0)
    tol = 1e-5 if "float32" in str(getattr(X, "dtype", "")) else 0
    np.testing.assert_allclose(got, REFERENCE, rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", [np.float16, np.int8, np.uint8, np.int64, bool])
def test_small_and_integer_dtypes_train_and_predict_finite(dtype):
    X = (np.abs(X0) * 3).astype(dtype)
    before = X.copy()
    model = fresh()
    model.fit(X, Y0, epochs=3)
    assert np.all(np.isfinite(model.predict(X)))
    assert np.array_equal(X, before) and X.dtype == np.dtype(dtype)


def test_torch_tensor_that_requires_grad_is_read_as_its_values():
    torch = pytest.importorskip("torch")
    X = torch.tensor(X0, requires_grad=True)
    np.testing.assert_array_equal(trained_params(X, torch.tensor(Y0)), REFERENCE)


@pytest.mark.parametrize("shape_y", ["(n,)", "(n,1)", "list"])
def test_targets_as_vector_column_or_list_train_identically(shape_y):
    y = {"(n,)": Y0, "(n,1)": Y0[:, None], "list": Y0.tolist()}[shape_y]
    np.testing.assert_array_equal(trained_params(X0, y), REFERENCE)


def test_user_arrays_are_never_modified_by_fit_predict_evaluate_or_scalers():
    X, y = X0.copy(), Y0.copy()
    model = fresh(dtype="float64")
    model.fit(X, y, epochs=2, validation_data=(X, y))
    model.predict(X), model.evaluate(X, y)
    scaler = snn.StandardScaler().fit(X)
    scaler.inverse_transform(scaler.transform(X))
    snn.MinMaxScaler().fit_transform(X)
    assert np.array_equal(X, X0) and np.array_equal(y, Y0)


def test_one_sample_and_one_feature_train():
    model = snn.Sequential([snn.Dense(1, 1)], seed=0)
    history = model.fit([[2.0]], [3.0], epochs=2)
    assert len(history.loss) == 2 and np.isfinite(history.loss[-1])


BAD_X = [
    ("scalar", lambda: np.float64(3.0), ["single number", "3"]),
    ("zero-d-array", lambda: np.array(2.5), ["single number", "2.5"]),
    ("vector", lambda: X0[:, 0], ["reshape"]),
    ("three-d", lambda: X0[:, :, None], ["2-D", "(12, 3, 1)"]),
    ("no-features", lambda: np.empty((12, 0)), ["no features", "(12, 0)"]),
    ("no-samples", lambda: np.empty((0, 3)), ["empty", "(0, 3)"]),
    ("transposed", lambda: X0.T.copy(), ["transposed", ".T"]),
    ("nan", lambda: np.where(np.arange(36).reshape(12, 3) == 7, np.nan, X0), ["NaN", "(2, 1)"]),
    ("inf", lambda: np.where(np.arange(36).reshape(12, 3) == 0, -np.inf, X0), ["infinite", "(0, 0)"]),
    ("float64-beyond-float32", lambda: np.where(np.arange(36).reshape(12, 3) == 4, 1e39, X0), ["1e+39", "float32"]),
    ("text-numbers", lambda: X0.astype(str), ["real numbers", "convert"]),
    ("none-inside", lambda: [[1.0, None, 2.0]] * 12, ["X", "None"]),
    ("ragged", lambda: [[1.0, 2.0, 3.0], [1.0, 2.0]] * 6, ["rectangular"]),
    ("complex", lambda: X0 + 1j, ["complex"]),
    ("masked", lambda: np.ma.masked_array(X0, mask=np.eye(12, 3, dtype=bool)), ["masked", "filled"]),
    ("string-object", lambda: np.array([["a", 1, 2]] * 12, dtype=object), ["X", "'a'"]),
    ("dict", lambda: {"a": [1, 2, 3]}, ["X", "dict"]),
    ("none", lambda: None, ["X", "None"]),
]


@pytest.mark.parametrize("make, words", [pytest.param(m, w, id=i) for i, m, w in BAD_X])
def test_broken_inputs_are_refused_by_fit_naming_what_and_where(make, words):
    model = fresh("float32")
    refused(lambda: model.fit(make(), Y0, epochs=1), *words)


@pytest.mark.parametrize("make, words", [pytest.param(m, w, id=i) for i, m, w in BAD_X])
def test_broken_inputs_are_refused_by_predict_too(make, words):
    model = fresh("float32")
    before = model.flat_params.copy()
    refused(lambda: model.predict(make()), *words)
    assert np.array_equal(model.flat_params, before)


BAD_Y = [
    ("length-mismatch", "mse", lambda: Y0[:-1], ["12", "11"]),
    ("row-vector", "mse", lambda: Y0[None, :], ["transposed", "y.T"]),
    ("nan-target", "mse", lambda: np.where(np.arange(12) == 5, np.nan, Y0), ["NaN", "5"]),
    ("text-for-regression", "mse", lambda: np.array(["cheap", "dear"] * 6), ["mse", "cross_entropy"]),
    ("nan-label", "cross_entropy", lambda: np.array([0, 1, np.nan] * 4), ["NaN"]),
    ("none-label", "cross_entropy", lambda: np.array(["a", "b", None] * 4, dtype=object), ["None"]),
    ("mixed-type-labels", "cross_entropy", lambda: np.array([1, "a", 2.0] * 4, dtype=object), ["'a'", "1"]),
    ("whitespace-twins", "cross_entropy", lambda: np.array(["cat", "cat ", "dog"] * 4), ["'cat '", "strip"]),
    ("three-classes-for-bce", "bce", lambda: np.array([0, 1, 2] * 4), ["bce", "3"]),
]


@pytest.mark.parametrize("loss, make, words", [pytest.param(l, m, w, id=i) for i, l, m, w in BAD_Y])
def test_broken_targets_are_refused_naming_them(loss, make, words):
    outputs = {"mse": 1, "bce": 1, "cross_entropy": 3}[loss]
    layers = [snn.Dense(3, 4), snn.Tanh(), snn.Dense(4, outputs)]
    layers += [snn.Sigmoid()] if loss == "bce" else [snn.Softmax()] if loss == "cross_entropy" else []
    model = snn.Sequential(layers, seed=0)
    refused(lambda: model.fit(X0, make(), loss=loss, epochs=1), *words)


def test_labels_that_are_strings_with_spaces_round_trip_exactly():
    y = np.array([" yes", " no"] * 6)
    model = snn.Sequential([snn.Dense(3, 2), snn.Softmax()], seed=0)
    model.fit(X0, y, loss="cross_entropy", epochs=2)
    assert set(model.predict(X0)) <= {" yes", " no"}


def test_validation_data_with_nan_is_refused_before_training():
    model = fresh()
    before = model.flat_params.copy()
    X_val = X0.copy()
    X_val[3, 2] = np.nan
    refused(lambda: model.fit(X0, Y0, epochs=3, validation_data=(X_val, Y0)), "NaN", "(3, 2)")
    assert np.array_equal(model.flat_params, before), "a refused fit must not have trained"


def test_validation_data_not_a_pair_is_refused():
    refused(lambda: fresh().fit(X0, Y0, epochs=1, validation_data=X0), "validation_data", "pair")


@pytest.mark.parametrize("split", [0.0, 1.0, -0.1, float("nan"), "0.2", True])
def test_impossible_validation_split_is_refused(split):
    refused(lambda: fresh().fit(X0, Y0, epochs=1, validation_split=split), "validation_split")


def test_validation_split_leaving_no_training_sample_is_refused():
    refused(lambda: fresh().fit(X0[:1], Y0[:1], epochs=1, validation_split=0.5), "validation_split")


@pytest.mark.parametrize("name, value, word", [
    ("epochs", 0, "0"), ("epochs", 2.5, "2.5"), ("epochs", True, "True"), ("epochs", "10", "'10'"),
    ("batch_size", 0, "0"), ("batch_size", 1.5, "1.5"), ("batch_size", -4, "-4"),
    ("shuffle", "yes", "yes"), ("seed", "abc", "abc"), ("seed", 2.5, "2.5"), ("seed", -3, "-3"),
    ("loss", "mean_squared", "mean_squared"), ("loss", 5, "5"), ("loss", None, "None"),
    ("optimizer", "rmsprop", "rmsprop"), ("optimizer", 5, "5"), ("optimizer", snn.SGD, "SGD"),
    ("callbacks", None, "None"), ("callbacks", [print], "print"), ("verbose", "yes", "yes"),
    ("doctor", "no", "no"),
])
def test_bad_fit_argument_is_refused_before_training(name, value, word):
    model = fresh()
    before = model.flat_params.copy()
    kwargs = {"epochs": 2, name: value}
    refused(lambda: model.fit(X0, Y0, **kwargs), name, word)
    assert np.array_equal(model.flat_params, before)


def test_scaler_used_before_fit_is_refused():
    refused(lambda: snn.StandardScaler().transform(X0), "fit")
    refused(lambda: snn.MinMaxScaler().inverse_transform(X0), "fit")


def test_scaler_given_the_wrong_number_of_features_is_refused():
    scaler = snn.StandardScaler().fit(X0)
    refused(lambda: scaler.transform(X0[:, :2]), "3", "2")


def test_constant_column_scales_to_finite_values():
    X = X0.copy()
    X[:, 1] = 7.0
    for scaler in (snn.StandardScaler(), snn.MinMaxScaler()):
        assert np.all(np.isfinite(scaler.fit(X).transform(X)))
        assert np.allclose(scaler.inverse_transform(scaler.transform(X)), X)


def test_evaluate_with_a_label_the_model_never_saw_is_refused():
    model = snn.Sequential([snn.Dense(3, 2), snn.Softmax()], seed=0)
    model.fit(X0, np.array(["a", "b"] * 6), loss="cross_entropy", epochs=1)
    refused(lambda: model.evaluate(X0, np.array(["a", "c"] * 6)), "'c'")


def test_predict_proba_on_a_regressor_is_refused():
    refused(lambda: fresh().predict_proba(X0), "predict_proba", "classifier")


def test_convolutional_model_given_flat_rows_is_refused_with_the_reshape():
    model = snn.Sequential([snn.Conv2D(1, 2, 3), snn.Flatten(), snn.Dense(2 * 6 * 6, 1)], seed=0)
    refused(lambda: model.predict(np.zeros((4, 64))), "reshape")


@pytest.mark.parametrize("layers, shape, words", [
    ([snn.Conv2D(1, 2, 5)], (2, 1, 3, 3), ["Conv2D", "3x3"]),
    ([snn.MaxPool2D(4)], (2, 1, 3, 3), ["MaxPool2D", "3x3"]),
    ([snn.Conv2D(3, 2, 3)], (2, 1, 8, 8), ["3", "channels"]),
    ([snn.BatchNorm1D(4), snn.Dense(4, 1)], (2, 3), ["3"]),
])
def test_image_and_norm_layers_refuse_inputs_they_do_not_fit(layers, shape, words):
    model = snn.Sequential(layers, seed=0)
    refused(lambda: model.predict(np.zeros(shape)), *words)


def test_batch_size_larger_than_the_data_is_the_whole_set():
    model = fresh()
    history = model.fit(X0, Y0, epochs=2, batch_size=10**6)
    assert len(history.loss) == 2 and model.training_info["batch_size"] == len(X0)


def test_batchnorm_trained_on_one_sample_batches_stays_finite():
    model = snn.Sequential([snn.Dense(3, 4), snn.BatchNorm1D(4), snn.ReLU(), snn.Dense(4, 1)], seed=0)
    model.fit(X0, Y0, epochs=2, batch_size=1)
    assert np.all(np.isfinite(model.predict(X0)))


def test_a_target_beyond_float32_is_named_with_its_value():
    y = Y0.copy()
    y[4] = 1e39
    refused(lambda: fresh("float32").fit(X0, y, epochs=1), "1e+39", "float32", "(4,)")


def test_targets_as_a_grad_requiring_torch_tensor_or_a_frame_column_train_like_arrays():
    torch = pytest.importorskip("torch")
    np.testing.assert_array_equal(trained_params(X0, torch.tensor(Y0, requires_grad=True)), REFERENCE)
    np.testing.assert_array_equal(trained_params(X0, FrameLike(Y0)), REFERENCE)


def test_validation_targets_of_the_wrong_length_are_refused():
    refused(lambda: fresh().fit(X0, Y0, epochs=1, validation_data=(X0, Y0[:-1])), "12", "11")
