"""The training loop: for each epoch, for each minibatch, forward -> loss -> backward -> optimizer
step; then callbacks (and the doctor) observe what the epoch exposed."""
import math
import sys
import warnings

import numpy as np

from . import losses, optim
from .callbacks import Divergence, History, ProgressBar
from .rewind import Rewind
from .validation import InputError, check_callbacks, check_flag, check_positive_int, check_seed

DEFAULT_LR = 0.01
# Inputs whose typical size (root mean square) is 20 or more are far from the unit scale the weights'
# start assumes. The typical size, not the largest entry: a standardized column with one rare value
# (a digit's corner pixel) has z-scores of 30 and more, and is scaled as well as inputs can be.
UNSCALED = 20.0


def default_lr(n_features):
    """Adam's learning rate when ``fit`` is given no optimizer: ``min(0.01, 1 / n_features)``.

    Adam moves every weight by about ``lr`` in its first steps, so a first-layer pre-activation
    moves by up to ``lr * sum_i |x_i|``: about ``lr * n_features`` for inputs on a unit scale.
    ``1 / n_features`` keeps that near 1 however wide the input (0.01 up to 100 features; 8.1e-5 for
    seed 002's 12288 pixels). Chosen by the table in docs/defaults.md."""
    return min(DEFAULT_LR, 1.0 / n_features)


# A network this small has almost no spare hidden units, and Adam's usual steps (every weight moves by
# about lr, whatever its gradient) commit them to the wrong roles: 2-3-1 sigmoid XOR ends in a local
# minimum from 11 of 100 starts. eps = 0.01 makes the steps proportional to gradients smaller than
# that, as SGD's are (at lr / eps = 3): 1 of 100. From 33 parameters on, plain Adam loses no start.
TINY_NETWORK, TINY_LR, TINY_EPS = 20, 0.03, 0.01


def default_optimizer(model, n_features):
    """``fit``'s optimizer when given none: ``Adam(default_lr(n_features))``, or for a network of at
    most ``TINY_NETWORK`` parameters ``Adam(0.03, eps=0.01)`` (docs/defaults.md measures both)."""
    if model.flat_params.size <= TINY_NETWORK:
        return optim.Adam(TINY_LR, eps=TINY_EPS)
    return optim.Adam(default_lr(n_features))


def warn_if_unscaled(X):
    """Warn before training when the inputs are far from unit scale (e.g. raw 0-255 pixels)."""
    if not X.size:
        return
    typical = math.sqrt(float(np.vdot(X, X)) / X.size)  # one dot product: no squared copy of X
    if typical < UNSCALED:
        return
    low, high = float(X.min()), float(X.max())
    pixels = "X / 255.0 for pixels, or " if low >= 0 and 100 < high <= 255 else ""
    warnings.warn(f"inputs range from {low:g} to {high:g} (typical size {typical:.3g}, mean {float(X.mean()):.4g}): "
                  f"far from the unit scale the "
                  f"weights' start assumes, so training may stall or diverge. Scale them first: {pixels}"
                  f"scratchnn.StandardScaler().fit_transform(X) (and the same scaler on new inputs).",
                  UserWarning, stacklevel=_outside_scratchnn())


def _outside_scratchnn():
    """The ``stacklevel`` of the first caller outside scratchnn (a warning points at the user's line;
    ``fit``'s ``np.errstate`` wrapper is a NumPy frame in between)."""
    level, frame = 2, sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] in ("scratchnn", "numpy", "contextlib"):
        level, frame = level + 1, frame.f_back
    return level


def _split(X, y, fraction, validation_data):
    """Keras's ``validation_split``: the last ``fraction`` of the samples, before any shuffling."""
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 < fraction < 1:
        raise InputError(f"validation_split must be a fraction between 0 and 1 (e.g. 0.2), got {fraction!r}")
    if validation_data is not None:
        raise InputError("pass either validation_split or validation_data, not both")
    n = len(X)
    n_val = int(round(fraction * n))
    if not 0 < n_val < n:
        raise InputError(f"validation_split={fraction} of {n} samples leaves {n - n_val} to train on and {n_val} "
                         f"to validate; both need at least one: use more samples or another fraction")
    return X[:n - n_val], y[:n - n_val], (X[n - n_val:], y[n - n_val:])


# NumPy's overflow and invalid-value warnings inside training are what a diverging run produces;
# the run reports that itself (history.diverged_at, stopped_reason, the doctor) instead of leaking them.
@np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore")
def fit(model, X, y, loss="mse", optimizer=None, epochs=100, batch_size=None, shuffle=True, seed=None,
        validation_data=None, validation_split=None, callbacks=(), verbose=False, doctor=False):
    """Train ``model`` on ``X`` (n_samples, n_features) and ``y`` (n_samples,) or (n_samples, n_outputs).

    Arguments:
        loss: ``"mse"``, ``"bce"``, ``"cross_entropy"`` (or Keras's names) or a :class:`~scratchnn.losses.Loss`.
            With ``"bce"`` / ``"cross_entropy"``, ``y`` may hold class labels of any kind (strings,
            booleans, integers): the model remembers them (``model.classes``) and ``predict`` returns them.
        optimizer: an optimizer instance, or ``"adam"`` / ``"sgd"``; default ``Adam`` with
            ``lr = min(0.01, 1 / n_features)`` (:func:`default_lr`); ``Adam(0.03, eps=0.01)`` for a
            network of at most 20 parameters (:func:`default_optimizer`).
        epochs: passes over the data. batch_size: samples per step; ``None`` = the whole set.
        shuffle: reshuffle (one permutation per epoch) when minibatching. seed: shuffling seed
            (defaults to a stream drawn from the model's seed, so a seeded model is reproducible).
        validation_data: ``(X_val, y_val)`` scored after every epoch into ``history.val_loss``.
        validation_split: instead, hold out this fraction of the samples, the last ones (as Keras).
        callbacks: :class:`~scratchnn.callbacks.Callback` objects (``on_train_begin(model)``,
            ``on_epoch_end(model, epoch, logs)``, ``on_train_end(model, history)``).
        verbose: show a progress line (epoch, loss, ETA).
        doctor: watch the run and attach a diagnosis to ``history.doctor``.

    Returns a :class:`~scratchnn.callbacks.History`. Training stops early when a callback asks it
    to, or when a step's loss, gradient or update is NaN or infinite: then the model keeps the last
    weights whose loss was finite, exactly, with the optimizer's state from then (see
    :class:`~scratchnn.callbacks.Divergence` and :mod:`scratchnn.rewind`), and
    ``history.diverged_at`` and ``history.stopped_reason`` say where. Everything is validated
    before the first step; the user's arrays are never modified.
    """
    loss = losses.get(loss)
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size", allow_none=True)
    verbose = check_flag(verbose, "verbose")
    if not (isinstance(doctor, (bool, np.bool_)) or hasattr(doctor, "try_fix")):
        raise InputError(f"doctor must be True, False or a DoctorCallback, got {doctor!r}")
    X, y = model.prepare(X, y, loss, learn_classes=True)
    classes = model.training_info.get("classes")
    if validation_split is not None:
        X, y, validation_data = _split(X, y, validation_split, validation_data)
    elif validation_data is not None:
        if not (isinstance(validation_data, (tuple, list)) and len(validation_data) == 2):
            raise InputError("validation_data must be a pair (X_val, y_val)")
        try:
            validation_data = model.prepare(*validation_data, loss)
        except InputError as error:  # the checks call the arrays X and y: say these are the validation ones
            raise InputError(f"validation_data (X_val, y_val): {error}") from None
    optimizer = default_optimizer(model, X[0].size) if optimizer is None else optim.get(optimizer)
    warn_if_unscaled(X)
    callbacks = check_callbacks(callbacks)
    seed, shuffle = check_seed(seed), check_flag(shuffle, "shuffle")
    doctor_cb = None
    if doctor:
        from .doctor import DoctorCallback
        doctor_cb = doctor if hasattr(doctor, "try_fix") else DoctorCallback()
        callbacks.append(doctor_cb)
    if verbose:
        callbacks.append(ProgressBar())

    n = len(X)
    batch_size = min(batch_size or n, n)
    rng = np.random.default_rng(seed if seed is not None else model._rng.integers(2**63))
    batches = Batches(X, y, batch_size, shuffle and batch_size < n, rng)
    accuracy = _Accuracy.for_loss(loss, y, model.n_outputs or y.shape[1])
    history = History()
    model.stop_training = False
    # What this run is (callbacks may read it); "epochs" becomes the number run at the end.
    model.training_info = {"loss": loss.name, "optimizer": optimizer.describe(), "epochs": epochs,
                           "batch_size": batch_size, "n_samples": n, **({"classes": classes} if classes else {})}
    for cb in callbacks:
        getattr(cb, "on_train_begin", lambda *a: None)(model)

    rewind, overflows = Rewind(model, optimizer, batches, loss), _Overflows()
    steps = 0
    # An update that overflows sets NumPy's floating-point flags, and NumPy then calls `overflows`.
    with np.errstate(over="call", invalid="call", divide="call", call=overflows):
        for epoch in range(1, epochs + 1):
            rewind.epoch_begins(epoch, steps)
            optimizer.start_epoch(epoch - 1)
            order, epoch_batches = batches.of_epoch()
            total = seen = 0
            for xb, yb in epoch_batches:
                value = model.train_step(xb, yb, loss)
                total += value * len(xb)
                if accuracy:
                    accuracy.add_batch(model.outputs[-1], yb, seen)
                seen += len(xb)
                bad = _non_finite(value, model.flat_grads)
                if bad is None:
                    rewind.step_passed(value)
                    before = overflows.count
                    optimizer.step(model.flat_params, model.flat_grads)
                    bad = "update" if overflows.count != before else None
                if bad:
                    history.diverged_at = _diverged(model, rewind, epoch, steps, bad, value)
                    break
                steps += 1
            logs = {"loss": total / seen, "lr": optimizer.lr}
            if accuracy and seen == n:
                logs["accuracy"] = accuracy.of_epoch(order)
            if validation_data is not None:
                X_val, y_val = validation_data
                logs["val_loss"] = model.loss_value(X_val, y_val, loss)
                if accuracy:
                    logs["val_accuracy"] = accuracy.score(model.forward(X_val), y_val)
            history.append(logs)
            for cb in callbacks:
                cb.on_epoch_end(model, epoch, logs)
            if history.diverged_at is not None:
                history.stopped_reason = (f"{history.diverged_at.reason()}. Usually the learning rate is too large "
                                          f"or the inputs are unscaled; fit(..., doctor=True) says which")
                break
            if model.stop_training:
                break

    model.training_info.update(epochs=history.epochs, final_loss=history.loss[-1])
    for cb in callbacks:
        getattr(cb, "on_train_end", lambda *a: None)(model, history)
    if doctor_cb is not None:
        doctor_cb.try_fix(model, X, y, loss)  # after training, on fresh copies of the model
        history.doctor = doctor_cb.report
    return history


def _non_finite(loss_value, grads):
    """``"loss"`` or ``"gradient"`` when that is NaN or infinite, else None. The gradient test is
    one dot product: g.g is NaN or inf when any entry is (or when |g| overflows on squaring,
    which Adam's g*g would do too)."""
    if not math.isfinite(loss_value):
        return "loss"
    if not math.isfinite(grads.dot(grads)):
        return "gradient"
    return None


def _diverged(model, rewind, epoch, steps, what, value):
    """Training diverged at update number ``steps + 1``: go back to the last good weights and
    say where. A non-finite loss condemns the weights it was computed at, those after update
    ``steps``, so the model goes back one update more; a non-finite gradient was not applied;
    an update that overflowed is undone."""
    keep = max(steps - 1, 0) if what == "loss" else steps
    if keep < steps or what == "update" or model.state:  # (a forward pass also moves BatchNorm's statistics)
        keep = rewind.go_back(keep)
    return Divergence(epoch, steps + 1, what, value, keep)


class _Overflows:
    """Counts NumPy's floating-point errors (overflow, invalid, divide by zero) as they happen,
    as the ``call`` of ``np.errstate``: an optimizer step during which the count moved made a
    weight or the optimizer's state NaN or infinite (given finite weights, state and gradient)."""

    def __init__(self):
        self.count = 0

    def __call__(self, kind, flag):
        self.count += 1


class Batches:
    """The minibatches of a run: each epoch in a new random order drawn from ``rng`` when
    ``shuffle``, else in the order of the samples (the same views every epoch)."""

    def __init__(self, X, y, batch_size, shuffle, rng):
        self.X, self.y, self.batch_size, self.shuffle, self.rng = X, y, batch_size, shuffle, rng
        self.starts = range(0, len(X), batch_size)
        self.in_order = [(X[i:i + batch_size], y[i:i + batch_size]) for i in self.starts]

    def of_epoch(self):
        """``(order, batches)``: the epoch's permutation (None when not shuffled) and its
        ``(xb, yb)`` pairs."""
        if not self.shuffle:
            return None, self.in_order
        order = self.rng.permutation(len(self.X))
        return order, ((self.X[order[i:i + self.batch_size]], self.y[order[i:i + self.batch_size]])
                       for i in self.starts)


class _Accuracy:
    """The fraction of samples classified right, for the classification losses.

    Like the loss, an epoch's accuracy scores each batch's predictions before that batch's step.
    For cross-entropy the predicted class of every sample is written into one array as the epoch
    goes (one NumPy call per batch) and compared with the labels once, at the epoch's end.
    """

    @classmethod
    def for_loss(cls, loss, y, n_outputs):
        """An accuracy for ``loss`` on the prepared targets ``y``, or None for regression losses."""
        return cls(loss.name, y, n_outputs) if loss.name in ("bce", "cross_entropy") else None

    def __init__(self, loss_name, y, n_outputs):
        self.by_class = loss_name == "cross_entropy"
        self.n_outputs, self.n = n_outputs, len(y)
        if self.by_class:
            self.labels = y.argmax(axis=1)
            self.predicted = np.empty(len(y), self.labels.dtype)
        self.correct = 0

    def add_batch(self, a, yb, start):
        """Score the batch ``yb`` (samples ``order[start:start + len(yb)]``) with outputs ``a``."""
        if self.by_class:
            a.argmax(axis=1, out=self.predicted[start:start + len(a)])
        else:
            self.correct += self.count(a, yb)

    def of_epoch(self, order):
        """The epoch's accuracy (``order``: the epoch's permutation, None when in order); resets."""
        if self.by_class:
            labels = self.labels if order is None else self.labels[order]
            return np.count_nonzero(self.predicted == labels) / self.n
        correct, self.correct = self.correct, 0
        return correct / self.n

    def score(self, a, y):
        """Accuracy of outputs ``a`` on a whole set ``y`` at once (validation)."""
        return self.count(a, y) / len(y)

    def count(self, a, y):
        if self.by_class:
            return np.count_nonzero(a.argmax(axis=1) == y.argmax(axis=1))
        return int(np.sum((a > 0.5) == (y > 0.5))) / self.n_outputs
