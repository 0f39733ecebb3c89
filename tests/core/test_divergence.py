"""A diverging run keeps its last good model (#12 item 2): the step whose loss or gradient is
NaN or infinite is not applied, so the weights and the optimizer's state are those from before
it, ``history.diverged_at`` says where, and ``predict`` stays finite."""
import numpy as np
import pytest

import scratchnn as sn


class Snapshots(sn.Callback):
    """The weights and Adam's moments at the end of every epoch (full batch: after every step)."""

    def __init__(self, optimizer):
        self.optimizer, self.params, self.moments = optimizer, {0: None}, {}

    def on_train_begin(self, model):
        self.params[0], self.ended = model.flat_params.copy(), None

    def on_epoch_end(self, model, epoch, logs):
        self.params[epoch] = model.flat_params.copy()
        self.moments[epoch] = {k: v.copy() for k, v in self.optimizer.state.get("flat", {}).items()}

    def on_train_end(self, model, history):
        self.ended = history


class BreaksOnCall(sn.Tanh):
    """tanh whose backward returns NaN on its ``bad``-th call: a finite loss, a NaN gradient."""

    def __init__(self, bad):
        super().__init__()
        self.calls, self.bad = 0, bad

    def backward(self, da):
        self.calls += 1
        dz = super().backward(da)
        return dz * np.nan if self.calls == self.bad else dz


def line_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    return X, X @ np.array([1.0, -2.0, 0.5]) * 1e3


def test_an_overflowing_loss_stops_before_its_step_and_keeps_the_weights_before_it():
    X, y = line_data()
    model = sn.Sequential([sn.Dense(3, 1)], seed=0)  # float32: the squared error overflows
    optimizer = sn.SGD(1e3)
    snapshots = Snapshots(optimizer)
    with np.errstate(all="ignore"):
        history = model.fit(X, y, epochs=200, optimizer=optimizer, callbacks=[snapshots])
    where = history.diverged_at
    assert where is not None and where.what == "loss" and not np.isfinite(where.value)
    # Full batch: epoch e is step e, and the diverged epoch is the last one recorded.
    assert where.epoch == where.step == history.epochs < 200
    assert not np.isfinite(history.loss[-1]) and np.all(np.isfinite(history.loss[:-1]))
    # The step was not applied: the weights are those the diverged step started from.
    np.testing.assert_array_equal(model.flat_params, snapshots.params[where.epoch - 1])
    assert np.all(np.isfinite(model.predict(X)))
    assert history.stopped_reason.startswith(f"the loss became {where.value} at epoch {where.epoch}")
    assert snapshots.ended is history  # on_train_end still runs


def test_a_non_finite_gradient_keeps_the_weights_and_the_adam_state_from_before_its_step():
    X, y = line_data()
    model = sn.Sequential([sn.Dense(3, 4), BreaksOnCall(bad=3), sn.Dense(4, 1)], seed=0, dtype="float64")
    optimizer = sn.Adam(0.01)
    snapshots = Snapshots(optimizer)
    history = model.fit(X, y / 1e3, epochs=10, optimizer=optimizer, callbacks=[snapshots])
    assert (history.diverged_at.epoch, history.diverged_at.step, history.diverged_at.what) == (3, 3, "gradient")
    assert np.isfinite(history.diverged_at.value) and history.epochs == 3
    np.testing.assert_array_equal(model.flat_params, snapshots.params[2])
    assert optimizer.steps == 2
    for key, value in snapshots.moments[2].items():
        np.testing.assert_array_equal(optimizer.state["flat"][key], value, err_msg=key)
    assert np.all(np.isfinite(model.predict(X)))
    assert "gradient became NaN or infinite at epoch 3 (step 3)" in history.stopped_reason


def test_divergence_in_a_minibatch_names_the_step_and_keeps_the_earlier_steps_of_the_epoch():
    X, y = line_data()
    model = sn.Sequential([sn.Dense(3, 4), BreaksOnCall(bad=7), sn.Dense(4, 1)], seed=0, dtype="float64")
    # 40 samples in batches of 16: three steps per epoch, so step 7 is epoch 3's first.
    history = model.fit(X, y / 1e3, epochs=5, batch_size=16, optimizer=sn.SGD(0.01))
    assert (history.diverged_at.epoch, history.diverged_at.step) == (3, 7)
    assert history.epochs == 3 and np.isfinite(history.loss[-1])  # the loss of the batch itself was finite
    assert np.all(np.isfinite(model.flat_params))


def test_a_run_that_does_not_diverge_says_nothing():
    X, y = line_data()
    history = sn.Sequential([sn.Dense(3, 1)], seed=0).fit(X, y / 1e3, epochs=5, optimizer=sn.SGD(0.01))
    assert history.diverged_at is None and history.stopped_reason is None
