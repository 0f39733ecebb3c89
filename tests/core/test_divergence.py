"""A diverging run keeps its last good model (#12 item 2): the weights are exactly the last whose
loss was finite, the optimizer's state is the one that went with them, ``history.diverged_at``
says where, and ``predict`` stays finite. A step whose gradient or update is NaN or infinite is
not kept; a NaN or infinite loss condemns the weights it was computed at, so the model goes back
one update more (by replaying from a checkpoint, :mod:`scratchnn.rewind`)."""
import itertools

import numpy as np
import pytest

import scratchnn as sn
from scratchnn import rewind, training


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


@pytest.mark.parametrize("spacing", [0, np.inf])  # a checkpoint every epoch, or only the first
def test_an_overflowing_loss_goes_back_to_the_last_weights_whose_loss_was_finite(monkeypatch, spacing):
    monkeypatch.setattr(rewind, "SPACING", spacing)
    X, y = line_data()
    model = sn.Sequential([sn.Dense(3, 1)], seed=0)  # float32: the squared error overflows
    optimizer = sn.SGD(1e3)
    snapshots = Snapshots(optimizer)
    history = model.fit(X, y, epochs=200, optimizer=optimizer, callbacks=[snapshots])
    where = history.diverged_at
    assert where is not None and where.what == "loss" and not np.isfinite(where.value)
    # Full batch: epoch e is step e, and the diverged epoch is the last one recorded.
    assert where.epoch == where.step == history.epochs < 200
    assert not np.isfinite(history.loss[-1]) and np.all(np.isfinite(history.loss[:-1]))
    # The loss of step e was computed at the weights after step e - 1: those are not kept, but the
    # ones before them, whose loss (step e - 1's) was finite.
    assert where.kept == where.step - 2 > 0
    np.testing.assert_array_equal(model.flat_params, snapshots.params[where.kept])
    assert optimizer.steps == where.kept
    assert np.isfinite(model.loss_value(*model.prepare(X, y, "mse"), sn.losses.get("mse")))
    assert history.stopped_reason.startswith(f"the loss became {where.value} at epoch {where.epoch}")
    assert f"keeps the weights after step {where.kept}, the last whose loss was finite" in history.stopped_reason
    assert snapshots.ended is history  # on_train_end still runs


class OverflowsAtStep4(sn.SGD):
    """An optimizer of one's own whose fourth update overflows the weights."""

    def update(self, p, g, state):
        super().update(p, g, state)
        if self.steps == 4:
            p *= 1e30
            p *= 1e30


@pytest.mark.parametrize("make", [lambda: sn.SGD(1e36), lambda: sn.SGD(1e36, momentum=0.9), lambda: sn.Adam(1e39),
                                  lambda: OverflowsAtStep4(0.01)], ids=["sgd", "momentum", "adam", "own-optimizer"])
def test_an_update_that_overflows_the_weights_is_undone_exactly(make):
    """float32 and a huge rate: the loss and the gradient are finite, the update is not."""
    X, y = line_data()
    model = sn.Sequential([sn.Dense(3, 4), sn.Tanh(), sn.Dense(4, 1)], seed=0)
    optimizer = make()
    snapshots = Snapshots(optimizer)
    history = model.fit(X, y, epochs=50, optimizer=optimizer, callbacks=[snapshots])
    where = history.diverged_at
    assert where is not None and where.what == "update" and np.isfinite(where.value)
    assert where.kept == where.step - 1 == history.epochs - 1 == (3 if isinstance(optimizer, OverflowsAtStep4) else 0)
    np.testing.assert_array_equal(model.flat_params, snapshots.params[where.kept])
    for key, value in snapshots.moments.get(where.kept, {}).items():
        np.testing.assert_array_equal(optimizer.state["flat"][key], value, err_msg=key)
    assert optimizer.steps == where.kept
    assert np.all(np.isfinite(model.predict(X)))
    assert history.stopped_reason.startswith(f"the update of step {where.step} (epoch {where.epoch}) overflowed")


def test_an_optimizer_that_trained_another_model_before_goes_back_to_this_runs_state():
    """The first checkpoint holds the other model's state; going back must not hand it to this one."""
    X, y = line_data()
    optimizer = sn.SGD(1e3, momentum=0.5)
    sn.Sequential([sn.Dense(3, 2), sn.Tanh(), sn.Dense(2, 1)], seed=5).fit(X, y / 1e3, epochs=3, optimizer=optimizer)
    model = sn.Sequential([sn.Dense(3, 1)], seed=0)
    snapshots = Snapshots(optimizer)
    where = model.fit(X, y, epochs=200, optimizer=optimizer, callbacks=[snapshots]).diverged_at
    assert where.what == "loss" and where.kept == where.step - 2 >= 2
    np.testing.assert_array_equal(model.flat_params, snapshots.params[where.kept])
    assert optimizer.steps == where.kept
    np.testing.assert_array_equal(optimizer.state["flat"]["v"], snapshots.moments[where.kept]["v"])


def test_batchnorm_running_statistics_go_back_with_the_weights():
    """A forward pass in training moves BatchNorm's running statistics: they are part of what is restored."""
    X, y = line_data()
    model = sn.Sequential([sn.Dense(3, 4), sn.BatchNorm1D(4), sn.ReLU(), sn.Dense(4, 1)], seed=0)
    snapshots = Snapshots(sn.SGD(3.0))

    class States(sn.Callback):
        def __init__(self):
            self.at = {}

        def on_train_begin(self, model):
            self.at[0] = {k: v.copy() for k, v in model.state.items()}

        def on_epoch_end(self, model, epoch, logs):
            self.at[epoch] = {k: v.copy() for k, v in model.state.items()}
    states = States()
    where = model.fit(X, y, epochs=300, optimizer=snapshots.optimizer, callbacks=[snapshots, states]).diverged_at
    assert where is not None and where.kept == where.step - 2 >= 1
    np.testing.assert_array_equal(model.flat_params, snapshots.params[where.kept])
    for key, value in states.at[where.kept].items():
        np.testing.assert_array_equal(model.state[key], value, err_msg=key)
    assert np.all(np.isfinite(model.predict(X)))


@pytest.mark.parametrize("batch_size, shuffle", [(7, True), (16, False)])
def test_going_back_replays_minibatches_bit_for_bit_whenever_the_checkpoint_was_taken(monkeypatch, batch_size,
                                                                                      shuffle):
    """Rewinding from a checkpoint at every epoch and from one at the start (replaying every step
    since, across epochs and their shuffles) ends on the same bits, and its loss is finite."""
    X, y = line_data()
    results = []
    for spacing in (0, np.inf):
        monkeypatch.setattr(rewind, "SPACING", spacing)
        model = sn.Sequential([sn.Dense(3, 4), sn.ReLU(), sn.Dense(4, 1)], seed=1)
        history = model.fit(X, y / 1e3, epochs=500, optimizer=sn.SGD(0.5), batch_size=batch_size, shuffle=shuffle,
                            seed=3)
        assert history.diverged_at.epoch >= 2 and history.diverged_at.kept > -(-len(X) // batch_size)
        results.append((history.diverged_at, model.flat_params.copy()))
    (first, a), (second, b) = results
    assert first == second and first.kept >= first.step - 2
    np.testing.assert_array_equal(a, b)
    assert np.all(np.isfinite(a))


def test_a_callback_that_changes_the_run_makes_it_keep_the_checkpoint(monkeypatch):
    """A replay that does not reproduce the recorded losses stops at the checkpoint, whose
    weights were good: here the only checkpoint, the starting weights."""
    monkeypatch.setattr(rewind, "SPACING", np.inf)

    class RaisesTheRate(sn.Callback):
        def on_epoch_end(self, model, epoch, logs):
            optimizer.lr *= 2
    X, y = line_data()
    model = sn.Sequential([sn.Dense(3, 1)], seed=0)
    start = model.flat_params.copy()
    optimizer = sn.SGD(1.0)
    history = model.fit(X, y, epochs=200, optimizer=optimizer, callbacks=[RaisesTheRate()])
    assert history.diverged_at.kept == 0 and history.diverged_at.step > 3
    np.testing.assert_array_equal(model.flat_params, start)


def test_a_non_finite_gradient_keeps_the_weights_and_the_adam_state_from_before_its_step():
    X, y = line_data()
    model = sn.Sequential([sn.Dense(3, 4), BreaksOnCall(bad=3), sn.Dense(4, 1)], seed=0, dtype="float64")
    optimizer = sn.Adam(0.01)
    snapshots = Snapshots(optimizer)
    history = model.fit(X, y / 1e3, epochs=10, optimizer=optimizer, callbacks=[snapshots])
    assert (history.diverged_at.epoch, history.diverged_at.step, history.diverged_at.what) == (3, 3, "gradient")
    assert history.diverged_at.kept == 2
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


def test_after_a_checkpoint_without_optimizer_state_the_next_waits_for_what_it_will_copy(monkeypatch):
    """A fresh Adam has no moments yet at the run's first checkpoint, which copies the weights only;
    the next copies the weights and both moments, three times the bytes, so it is due three times as
    late: checkpoints keep to about 1/SPACING of the training time. A clock that ticks once per
    reading makes the times exact: a checkpoint's cost is 2 ticks, each epoch between them 1."""
    ticks = itertools.count()
    monkeypatch.setattr(rewind, "perf_counter", lambda: float(next(ticks)))
    monkeypatch.setattr(rewind, "SPACING", 10)
    taken = []

    class Recording(rewind.Rewind):
        def step_passed(self, value):
            pending = self.pending
            super().step_passed(value)
            if pending is not None:  # its cost: the time per byte it took, times the bytes it copied
                taken.append((self.saved_at, self.per_byte * self._bytes()))
    monkeypatch.setattr(training, "Rewind", Recording)
    X, y = line_data()
    history = sn.Sequential([sn.Dense(3, 1)], seed=0).fit(X, y / 1e3, epochs=100, optimizer=sn.Adam(0.01))
    assert history.diverged_at is None
    (first_at, first_cost), (second_at, _) = taken[:2]
    assert first_cost == 2
    # Due once 10 x 3 x 2 ticks have passed (not 10 x 2, what the first one cost); taken 3 ticks after that.
    assert second_at - first_at == rewind.SPACING * 3 * first_cost + 3
