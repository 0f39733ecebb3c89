"""fit(doctor=True) rules out (or names) a wrong backward pass by finite differences on failing runs."""
import numpy as np
import pytest

import scratchnn as sn


class TanhWithWrongBackward(sn.Tanh):
    """A learner's custom layer: the derivative of tanh written as 1 - a instead of 1 - a^2."""

    def backward(self, da):
        return da * (1 - self.a)


def next_number():
    d = sn.datasets.next_number()
    return d.X, d.y


def test_a_custom_layer_with_a_wrong_backward_is_named_on_a_failing_run():
    X, y = next_number()
    model = sn.Sequential([sn.Dense(3, 4), TanhWithWrongBackward(), sn.Dense(4, 1)], seed=0)
    history = model.fit(X, y, epochs=50, optimizer=sn.SGD(1e-4), doctor=True)
    first = history.doctor.findings[0]
    assert (first.code, first.severity) == ("gradient-mismatch", "error")
    assert first.where in ("W1", "b1")  # the parameters below the wrong layer
    assert "gradcheck_layer" in first.fix


def test_a_failing_run_with_correct_layers_says_the_gradients_are_right():
    X, y = next_number()
    # A ReLU output with a large step: the run fails for its setup, not for its math.
    model = sn.Sequential([sn.Dense(3, 4), sn.ReLU(), sn.Dense(4, 1), sn.ReLU()], seed=3)
    history = model.fit(X, y, epochs=100, optimizer=sn.SGD(0.5), doctor=True)
    report = history.doctor
    assert report.failing and not report.ok
    assert report.gradients.startswith("gradients: checked by finite differences on 10 samples, all right")
    assert "gradients: checked" in str(report)
    assert not any(f.code == "gradient-mismatch" and "gradcheck" in f.evidence for f in report.findings)


def test_a_healthy_run_is_not_checked():
    X, y = next_number()
    model = sn.Sequential([sn.Dense(3, 4), sn.ReLU(), sn.Dense(4, 1)], seed=0)
    history = model.fit(sn.StandardScaler().fit_transform(X), y, epochs=2000, doctor=True)
    assert history.doctor.ok and history.doctor.gradients is None


@pytest.mark.parametrize("batch_size", [None, 4])
def test_the_check_leaves_the_trained_model_exactly_as_training_left_it(batch_size):
    X, y = next_number()
    runs = []
    for doctor in (False, True):
        model = sn.Sequential([sn.Dense(3, 4), sn.ReLU(), sn.Dense(4, 1), sn.ReLU()], seed=3)
        history = model.fit(X, y, epochs=30, optimizer=sn.SGD(0.5), batch_size=batch_size, seed=1,
                            doctor=sn.DoctorCallback(confirm=False) if doctor else False)
        runs.append(model)
    if batch_size is None:
        assert history.doctor.gradients is not None  # the check did run on this failing run
    for name, value in runs[0].params.items():
        assert runs[1].params[name].dtype == value.dtype == np.float32
        assert np.array_equal(runs[1].params[name], value), name
