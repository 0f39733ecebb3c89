"""Callbacks, learning-rate schedules and the History that fit returns."""
import io
import math

import numpy as np
import pytest

import scratchnn as sn


class Recorder(sn.Callback):
    """Copies of the weights and the learning rate at the end of every epoch."""

    def on_train_begin(self, model):
        self.params, self.lrs, self.begun, self.ended = {}, [], dict(model.training_info), None

    def on_epoch_end(self, model, epoch, logs):
        self.params[epoch] = {k: v.copy() for k, v in model.params.items()}
        self.lrs.append(logs["lr"])

    def on_train_end(self, model, history):
        self.ended = history


def line_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    return X, X @ np.array([1.0, -2.0, 0.5]) + 0.3


def test_early_stopping_stops_and_restores_the_best_weights():
    X, y = line_data()
    # Validation targets are half the training targets: as the model fits y, the validation loss
    # first falls (towards y/2) and then rises again, so the best epoch lies in the middle.
    model = sn.Sequential([sn.Dense(3, 1)], seed=0, dtype="float64")
    recorder, stopper = Recorder(), sn.EarlyStopping(patience=3)
    history = model.fit(X, y, epochs=500, optimizer=sn.SGD(0.05), validation_data=(X, y / 2),
                        callbacks=[recorder, stopper])
    best = int(np.argmin(history.val_loss)) + 1
    assert 1 < best < history.epochs < 500
    assert history.epochs == best + 3  # three epochs without improvement, then stop
    for k, v in model.params.items():
        assert np.array_equal(v, recorder.params[best][k]), k
    assert model.evaluate(X, y / 2) == pytest.approx(history.val_loss[best - 1], rel=1e-12)
    assert stopper.best_epoch == best
    assert history.stopped_reason == (f"early stopping: no improvement in val_loss for 3 epochs; "
                                      f"restored the weights of epoch {best}, the best val_loss")


def test_early_stopping_restores_the_best_weights_even_when_all_epochs_run():
    X, y = line_data()
    model = sn.Sequential([sn.Dense(3, 1)], seed=0, dtype="float64")
    recorder, stopper = Recorder(), sn.EarlyStopping(patience=100)
    history = model.fit(X, y, epochs=30, optimizer=sn.SGD(0.05), validation_data=(X, y / 2),
                        callbacks=[recorder, stopper])
    best = int(np.argmin(history.val_loss)) + 1
    assert history.epochs == 30 and best < 30
    for k, v in model.params.items():
        assert np.array_equal(v, recorder.params[best][k]), k
    # It was not stopped by patience, so the reason must not claim so.
    assert stopper.best_epoch == best
    assert history.stopped_reason == f"restored the weights of epoch {best}, the best val_loss"


@pytest.mark.parametrize("kwargs, message", [(dict(patience=-1), "patience .* got -1"), (dict(patience=2.5), "got 2.5"),
                                             (dict(monitor="accuracy"), "'loss' or 'val_loss'"),
                                             (dict(min_delta=-0.1), "min_delta must be >= 0")])
def test_early_stopping_arguments_are_checked(kwargs, message):
    with pytest.raises(sn.InputError, match=message):
        sn.EarlyStopping(**kwargs)


def test_early_stopping_without_validation_watches_the_training_loss():
    X, y = line_data()
    model = sn.Sequential([sn.Dense(3, 1)], seed=0)
    # lr so high that plain SGD diverges from the first step: the best training loss is epoch 1's.
    history = model.fit(X, y, epochs=50, optimizer=sn.SGD(1.5), callbacks=[sn.EarlyStopping(patience=2)])
    assert history.epochs == 3
    assert history.loss[1] > history.loss[0] and history.loss[2] > history.loss[0]


def test_schedules_give_the_documented_rates():
    epochs = range(8)
    # StepDecay(3, 0.5): halve every 3 epochs.
    assert [sn.StepDecay(3, 0.5)(0.1, e) for e in epochs] == pytest.approx(
        [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025])
    # ExponentialDecay(0.5): halve every epoch.
    assert [sn.ExponentialDecay(0.5)(0.1, e) for e in epochs] == pytest.approx(
        [0.1, 0.05, 0.025, 0.0125, 0.00625, 0.003125, 0.0015625, 0.00078125])
    # CosineDecay(4): 0.1 * (1 + cos(pi e / 4)) / 2, then flat at lr_min = 0 after epoch 4.
    c = math.cos(math.pi / 4)
    assert [sn.CosineDecay(4)(0.1, e) for e in epochs] == pytest.approx(
        [0.1, 0.05 * (1 + c), 0.05, 0.05 * (1 - c), 0, 0, 0, 0], abs=1e-15)
    assert sn.CosineDecay(2, lr_min=0.01)(0.1, 1) == pytest.approx(0.055)


@pytest.mark.parametrize("make, message", [(lambda: sn.StepDecay(0), "step_size"),
                                           (lambda: sn.StepDecay(2, 0.0), "gamma"),
                                           (lambda: sn.ExponentialDecay(1.5), "gamma"),
                                           (lambda: sn.CosineDecay(10, lr_min=-0.01), "lr_min"),
                                           (lambda: sn.CosineDecay(0), "t_max")])
def test_schedules_refuse_rates_that_would_not_learn(make, message):
    with pytest.raises(sn.InputError, match=message):
        make()


def test_fit_applies_the_schedule_every_epoch():
    X, y = line_data()
    recorder = Recorder()
    opt = sn.SGD(0.2, schedule=sn.StepDecay(2, 0.1))
    sn.Sequential([sn.Dense(3, 1)], seed=0).fit(X, y, epochs=5, optimizer=opt, callbacks=[recorder])
    assert recorder.lrs == pytest.approx([0.2, 0.2, 0.02, 0.02, 0.002])
    assert opt.base_lr == 0.2


def test_history_fields():
    X, y = line_data()
    model = sn.Sequential([sn.Dense(3, 1)], seed=0)
    untrained = model.copy()
    history = model.fit(X, y, epochs=4, validation_data=(X[:10], y[:10]))
    assert history.epochs == 4 and len(history.loss) == 4 and len(history.val_loss) == 4
    assert history.stopped_reason is None and history.doctor is None
    # Full batch: epoch 1's loss is the loss of the weights before the first step.
    assert history.loss[0] == pytest.approx(untrained.evaluate(X, y, "mse"), rel=1e-6)
    # val_loss is scored after the epoch's step: the last one is the trained model's.
    assert history.val_loss[-1] == pytest.approx(model.evaluate(X[:10], y[:10]), rel=1e-6)
    assert model.training_info["epochs"] == 4 and model.training_info["final_loss"] == history.loss[-1]


def test_history_accuracy_for_classification():
    X, _ = line_data()
    labels = (X[:, 0] > 0).astype(float)
    model = sn.Sequential([sn.Dense(3, 1), sn.Sigmoid()], seed=0)
    untrained = model.copy()
    history = model.fit(X, labels, loss="bce", epochs=3)
    expected = np.mean((untrained.predict(X).ravel() > 0.5) == (labels > 0.5))
    assert history.metrics["accuracy"][0] == pytest.approx(expected)
    assert len(history.metrics["accuracy"]) == 3


def test_non_finite_stop_reason_is_kept_by_early_stopping():
    X, y = line_data()
    with np.errstate(all="ignore"):
        history = sn.Sequential([sn.Dense(3, 1)], seed=0).fit(
            X, y * 1e3, epochs=200, optimizer=sn.SGD(1e3), callbacks=[sn.EarlyStopping(monitor="loss", patience=500)])
    assert history.stopped_reason.startswith("the loss became")
    assert "restored the weights of epoch 1" in history.stopped_reason


def test_callback_stop_training_and_train_begin_arguments():
    class StopAtTwo(sn.Callback):
        def on_epoch_end(self, model, epoch, logs):
            model.stop_training = epoch == 2

    X, y = line_data()
    recorder = Recorder()
    history = sn.Sequential([sn.Dense(3, 1)], seed=0).fit(X, y, epochs=10, batch_size=8,
                                                            callbacks=[recorder, StopAtTwo()])
    assert history.epochs == 2
    assert recorder.begun["epochs"] == 10 and recorder.begun["batch_size"] == 8
    assert recorder.begun["loss"] == "mse"


def test_progress_bar_writes_the_final_epoch_line():
    X, y = line_data()
    out = io.StringIO()
    sn.Sequential([sn.Dense(3, 1)], seed=0).fit(X, y, epochs=3, callbacks=[sn.ProgressBar(stream=out)])
    assert "epoch 3/3" in out.getvalue() and out.getvalue().endswith("\n")


def test_cross_entropy_accuracy_of_a_shuffled_epoch_matches_each_sample_to_its_label():
    # A learning rate too small to change any prediction: the running accuracy of the epoch must
    # then equal the untrained model's accuracy on the whole set, however the batches were shuffled.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 4))
    labels = rng.integers(0, 3, size=50)
    model = sn.Sequential([sn.Dense(4, 8), sn.ReLU(), sn.Dense(8, 3), sn.Softmax()], seed=1)
    expected = np.mean(model.predict(X).argmax(axis=1) == labels)
    assert 0.1 < expected < 0.9  # neither all right nor all wrong, so a misalignment would show
    history = model.fit(X, labels, loss="cross_entropy", optimizer=sn.SGD(1e-12), epochs=2, batch_size=7,
                        seed=3, validation_data=(X, labels))
    assert history.metrics["accuracy"] == [pytest.approx(expected)] * 2
    assert history.metrics["val_accuracy"] == [pytest.approx(expected)] * 2
