"""Outside battery, functions and methods: the gradient checker, the doctor's observe, the model's
own methods and the datasets, given what a hurried user passes. Bad input: one InputError naming it.
Data a training loop may hand the doctor (NaN, wrong shapes): evidence, never an exception."""
import numpy as np
import pytest

import scratchnn as snn
from scratchnn import doctor

from .outside_tools import refused

W = {"w": np.ones(3)}


def loss_fn(p):
    return float(np.sum(p["w"] ** 2))


GRADCHECK_BAD = [
    ("loss-not-callable", lambda: snn.gradcheck(None, W, {"w": 2 * np.ones(3)}), ["loss"]),
    ("params-scalar-leaf", lambda: snn.gradcheck(loss_fn, {"w": 3.0}, {"w": 6.0}), ["params", "float"]),
    ("params-empty", lambda: snn.gradcheck(loss_fn, {}, {}), ["params"]),
    ("grads-complex", lambda: snn.gradcheck(loss_fn, W, {"w": np.ones(3) + 1j}), ["complex"]),
    ("params-complex", lambda: snn.gradcheck(loss_fn, {"w": np.ones(3) + 0j}, {"w": np.ones(3)}), ["complex"]),
    ("rtol-nan", lambda: snn.gradcheck(loss_fn, W, {"w": 2 * np.ones(3)}, rtol=float("nan")), ["rtol"]),
    ("rtol-negative", lambda: snn.gradcheck(loss_fn, W, {"w": 2 * np.ones(3)}, rtol=-1), ["rtol"]),
    ("seed-text", lambda: snn.gradcheck(loss_fn, W, {"w": 2 * np.ones(3)}, seed="abc"), ["seed"]),
    ("batch-size-zero", lambda: snn.gradcheck(loss_fn, W, {"w": 2 * np.ones(3)}, batch_size=0), ["batch_size"]),
    ("layer-not-a-layer", lambda: snn.gradcheck_layer("dense", np.ones((2, 3))), ["layers[0]", "str", "forward"]),
]


@pytest.mark.parametrize("call, words", [pytest.param(c, w, id=i) for i, c, w in GRADCHECK_BAD])
def test_gradcheck_refuses_bad_arguments(call, words):
    refused(call, *words)


@pytest.mark.parametrize("grads, pattern", [({"v": 2 * np.ones(3)}, "missing"), ({"w": np.ones(4)}, "shape")])
def test_gradcheck_reports_a_missing_or_misshapen_gradient_as_a_finding(grads, pattern):
    """Not an exception: the report names the parameter and what is wrong with its gradient."""
    report = snn.gradcheck(loss_fn, W, grads)
    assert not report.ok and report["w"].pattern == pattern


def test_gradcheck_does_not_modify_the_users_parameters():
    params = {"w": np.arange(3.0)}
    before = params["w"].copy()
    snn.gradcheck(loss_fn, params, {"w": 2 * params["w"]})
    assert np.array_equal(params["w"], before)


@pytest.fixture
def fresh_doctor():
    yield doctor.reset()
    doctor.reset()


def test_observe_without_any_loss_is_refused(fresh_doctor):
    refused(lambda: snn.observe(epoch=0, lr=0.1), "loss")


@pytest.mark.parametrize("loss", [float("nan"), float("inf"), np.float32(2.0), np.array(1.5), [1.0]])
def test_observe_takes_odd_loss_values_as_evidence(fresh_doctor, loss):
    for epoch in range(3):
        snn.observe(epoch=epoch, loss=loss, lr=0.1)
    assert isinstance(str(doctor.report()), str)


def test_observe_with_mismatched_params_and_grads_is_evidence_not_a_crash(fresh_doctor):
    for epoch in range(3):
        snn.observe(epoch=epoch, loss=1.0 / (epoch + 1), lr=0.1, params={"W1": np.ones((3, 2))},
                    grads={"W1": np.ones((2, 3)), "W9": np.zeros(1)})
    assert doctor.report() is not None


MODEL_BAD = [
    ("summary-shape-text", lambda m: m.summary(input_shape="abc"), ["abc"]),
    ("evaluate-loss-unknown", lambda m: m.evaluate(np.ones((4, 3)), np.ones(4), loss="hinge"), ["hinge"]),
    ("loss-and-grads-nan", lambda m: m.loss_and_grads(np.full((4, 3), np.nan), np.ones(4)), ["NaN"]),
    ("save-to-none", lambda m: m.save(None), ["None"]),
    ("predict-proba-regressor", lambda m: m.predict_proba(np.ones((2, 3))), ["classifier"]),
    ("forward-wrong-width", lambda m: m.predict(np.ones((2, 4))), ["4", "3"]),
]


@pytest.mark.parametrize("call, words", [pytest.param(c, w, id=i) for i, c, w in MODEL_BAD])
def test_model_methods_refuse_bad_arguments(call, words):
    model = snn.Sequential([snn.Dense(3, 4), snn.ReLU(), snn.Dense(4, 1)], seed=0)
    before = model.flat_params.copy()
    refused(lambda: call(model), *words)
    assert np.array_equal(model.flat_params, before)


def test_dataset_unknown_name_is_refused():
    refused(lambda: snn.datasets.load("mnist"), "mnist")


@pytest.mark.parametrize("window", [0, -1, 2.5, 100])
def test_sliding_window_refuses_impossible_windows(window):
    refused(lambda: snn.datasets.sliding_window(np.arange(10.0), window), "window")


def test_copy_is_independent():
    model = snn.Sequential([snn.Dense(3, 1)], seed=0)
    clone = model.copy()
    clone.flat_params[...] = 0
    assert np.any(model.flat_params != 0)
