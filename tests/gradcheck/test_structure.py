"""Names, key conventions, shapes and bad input: everything decided before any numerics."""
import numpy as np
import pytest

from scratchnn.gradchecker import gradcheck


def _linear():
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal(2)}

    def loss_fn(p):
        return float(0.5 * np.mean(np.sum((X @ p["W1"] + p["b1"] - Y) ** 2, axis=1)))

    def grads(p):
        dz = (X @ p["W1"] + p["b1"] - Y) / len(X)
        return X.T @ dz, dz.sum(axis=0), dz

    return loss_fn, params, grads


@pytest.mark.parametrize("convention", ["{}", "d{}", "grad_{}", "{}_grad", "delta_{}", "gradW1", "{}_gradient",
                                        "g_{}", "d_{}", "delta_w1", "dw1"])
def test_flat_key_conventions_pair_with_the_parameter(convention):
    loss_fn, params, grads = _linear()
    dW, db, _ = grads(params)
    key = convention.format("W1")
    report = gradcheck(loss_fn, params, {key: dW, "db1": db})
    assert report.ok and report["W1"].grad_name == key


def test_nested_params_are_named_like_python():
    loss_fn, params, grads = _linear()
    dW, db, _ = grads(params)
    nested = {"layers": [{"W": params["W1"], "b": params["b1"]}]}

    def nested_loss(p):
        return loss_fn({"W1": p["layers"][0]["W"], "b1": p["layers"][0]["b"]})

    report = gradcheck(nested_loss, nested, {"layers": [{"W": dW, "b": db}]})
    assert [r.name for r in report.results] == ["layers[0].W", "layers[0].b"] and report.ok


def test_missing_and_extra_keys_each_have_their_own_message():
    loss_fn, params, grads = _linear()
    dW, _, _ = grads(params)
    report = gradcheck(loss_fn, params, {"dW1": dW, "db_1": np.zeros(2)})
    assert report["b1"].pattern == "missing" and "'db1'" in report["b1"].message
    assert report["db_1"].pattern == "extra" and "did you mean the gradient of 'b1'" in report["db_1"].message
    assert report["W1"].ok and not report.ok


def test_transposed_shape_is_called_transposed_and_still_checked():
    loss_fn, params, grads = _linear()
    dW, db, _ = grads(params)
    report = gradcheck(loss_fn, params, {"dW1": dW.T, "db1": db})
    assert report["W1"].pattern == "transpose" and not report["W1"].ok
    assert "transposed" in report["W1"].message and "right once transposed" in report["W1"].message


@pytest.mark.parametrize("times_m,verdict", [
    (False, "the numbers are right once summed"),
    (True, "once summed: db1 is exactly 6.000x the true gradient = m (the batch size, 6): missing division by m"),
])
def test_per_sample_gradient_is_not_summed_over_the_batch(times_m, verdict):
    loss_fn, params, grads = _linear()
    dW, _, dz = grads(params)                   # dz rows already carry the 1/m of the mean
    per_sample = dz * len(dz) if times_m else dz
    result = gradcheck(loss_fn, params, {"dW1": dW, "db1": per_sample})["b1"]
    assert result.pattern == "shape" and "not summed over the batch" in result.message
    assert "(6, 2)" in result.message and "(2,)" in result.message
    assert verdict in result.message


def test_keepdims_shape_is_judged_by_its_numbers_with_a_note_to_reshape():
    loss_fn, params, grads = _linear()
    dW, db, _ = grads(params)
    result = gradcheck(loss_fn, params, {"dW1": dW, "db1": db.reshape(1, 2)})["b1"]
    assert result.ok and result.pattern == "ok" and "db1.reshape((2,))" in result.note
    wrong = gradcheck(loss_fn, params, {"dW1": dW, "db1": 6 * db.reshape(1, 2)})["b1"]
    assert wrong.pattern == "scale" and wrong.factor == pytest.approx(6, rel=1e-6)


def test_a_layout_that_is_not_a_broadcast_still_needs_a_reshape():
    loss_fn, params, grads = _linear()
    dW, db, _ = grads(params)
    result = gradcheck(loss_fn, params, {"dW1": dW.reshape(6), "db1": db})["W1"]
    assert result.pattern == "shape" and not result.ok and "right once reshaped" in result.message


def test_user_arrays_are_never_changed_even_in_float32():
    loss_fn, params, grads = _linear()
    dW, db, _ = grads(params)
    params32 = {k: v.astype(np.float32) for k, v in params.items()}
    before = {k: v.tobytes() for k, v in params32.items()}
    grads32 = {"dW1": dW.astype(np.float32), "db1": db.astype(np.float32)}
    grads_before = {k: v.tobytes() for k, v in grads32.items()}
    gradcheck(loss_fn, params32, grads32)
    assert {k: v.tobytes() for k, v in params32.items()} == before
    assert {k: v.tobytes() for k, v in grads32.items()} == grads_before
    assert all(v.dtype == np.float32 for v in params32.values())


def test_arrays_changed_by_the_loss_function_are_restored_bit_exactly():
    loss_fn, params, grads = _linear()
    dW, db, _ = grads(params)
    before = params["W1"].copy()

    def meddling_loss(p):
        params["W1"] += 1.0      # a loss that writes to the user's own array
        return loss_fn(p)

    gradcheck(meddling_loss, params, {"dW1": dW, "db1": db})
    assert params["W1"].tobytes() == before.tobytes()


def test_float32_loss_warns_and_widens_the_tolerance():
    loss_fn, params, grads = _linear()
    dW, db, _ = grads(params)
    with pytest.warns(RuntimeWarning, match="float32"):
        report = gradcheck(lambda p: np.float32(loss_fn(p)), params, {"dW1": dW, "db1": db})
    assert report.ok and report.rtol == 1e-2 and "float32" in str(report)


@pytest.mark.parametrize("kwargs,match", [
    (dict(loss_fn=3), "loss_fn must be a function"),
    (dict(params={"W": [1.0, 2.0]}), "must be a NumPy array"),
    (dict(params={}), "holds no arrays"),
    (dict(rtol=0), "rtol"),
    (dict(nearby=2), "nearby points need the gradient as a function"),
    (dict(batch_size=0), "batch_size"),
])
def test_bad_input_is_a_clear_value_error_before_any_work(kwargs, match):
    loss_fn, params, grads = _linear()
    calls = []
    args = dict(loss_fn=lambda p: calls.append(1) or loss_fn(p), params=params, grads={"dW1": params["W1"]})
    args.update(kwargs)
    options = {k: args.pop(k) for k in ("rtol", "nearby", "batch_size") if k in args}
    with pytest.raises(ValueError, match=match):
        gradcheck(args["loss_fn"], args["params"], args["grads"], **options)
    assert calls == []


def test_loss_returning_an_array_is_a_clear_error():
    _, params, _ = _linear()
    with pytest.raises(ValueError, match="must return one number"):
        gradcheck(lambda p: p["W1"] * 2, params, {"dW1": params["W1"], "db1": params["b1"]})


def test_report_table_and_fields():
    loss_fn, params, grads = _linear()
    dW, db, _ = grads(params)
    report = gradcheck(loss_fn, params, {"dW1": 2 * dW, "db1": db})
    text = str(report)
    assert text.splitlines()[0].startswith("gradcheck: 1 of 2 gradients is wrong")
    assert "diagnoses:" in text and "W1 [scale]" in text
    r = report["W1"]
    assert (r.name, r.shape, r.ok, r.pattern) == ("W1", (3, 2), False, "scale")
    assert r.max_rel_error == pytest.approx(0.5, rel=1e-6) and r.rel_norm_error == pytest.approx(0.5, rel=1e-6)
    with pytest.raises(KeyError, match="W1, b1"):
        report["W9"]


def test_samples_in_columns_not_summed_along_axis_1():
    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((3, 5)), rng.standard_normal((1, 5))     # seed 002's layout
    params = {"W": rng.standard_normal((1, 3)), "b": np.zeros((1, 1))}

    def loss_fn(p):
        return float(0.5 * np.mean((p["W"] @ X + p["b"] - Y) ** 2))

    dZ = (params["W"] @ X + params["b"] - Y) / 5
    result = gradcheck(loss_fn, params, {"dW": dZ @ X.T, "db": dZ})["b"]
    assert result.pattern == "shape" and "not summed over the batch along axis 1 (5 samples)" in result.message


def test_batch_size_is_the_dimension_inputs_and_targets_share():
    from scratchnn.gradchecker.batch import infer_batch_sizes
    X, Y = np.zeros((10, 3)), np.zeros(10)
    W = np.zeros(3)
    assert infer_batch_sizes(lambda p: float(np.sum((X @ p["W"] - Y) ** 2)), {"W": W}) == (10,)
    x_cols, y_row = np.zeros((12, 7)), np.zeros((1, 7))
    assert infer_batch_sizes(lambda p: float(np.sum(p["W"] @ x_cols - y_row)), {"W": np.zeros((1, 12))}) == (7,)


def test_non_finite_gradient_is_reported_without_numerics_on_it():
    loss_fn, params, grads = _linear()
    dW, db, _ = grads(params)
    dW[0, 0] = np.nan
    result = gradcheck(loss_fn, params, {"dW1": dW, "db1": db})["W1"]
    assert result.pattern == "mismatch" and "1 non-finite entries" in result.message


def test_extra_keys_are_only_a_note_when_every_parameter_has_its_gradient():
    loss_fn, params, grads = _linear()
    dW, db, dz = grads(params)
    report = gradcheck(loss_fn, params, {"dW1": dW, "db1": db, "dZ1": dz})
    assert report.ok and report["dZ1"].pattern == "extra" and "ignored" in report["dZ1"].message


def test_fortran_ordered_and_transposed_view_parameters_are_perturbed_for_real():
    loss_fn, params, grads = _linear()
    dW, db, _ = grads(params)
    W_view = np.asfortranarray(params["W1"])          # same values, column-major memory
    report = gradcheck(loss_fn, {"W1": W_view, "b1": params["b1"]}, {"dW1": dW, "db1": db})
    assert report.ok, str(report)
    report_t = gradcheck(loss_fn, {"W1": params["W1"].T.copy().T, "b1": params["b1"]}, {"dW1": dW, "db1": db})
    assert report_t.ok
