"""Hooks into ``fit`` and the record it returns.

A callback implements any of three methods (the base class does nothing in each):

* ``on_train_begin(model)``: ``model.training_info`` describes the run (loss, optimizer, epochs,
  batch_size, n_samples);
* ``on_epoch_end(model, epoch, logs)``: ``epoch`` counts completed epochs from 1; ``logs`` holds
  ``loss`` and ``lr`` and, when present, ``accuracy``, ``val_loss``, ``val_accuracy``.
  ``model.last_step()`` is the epoch's last training batch (inputs, targets, every layer's output,
  params, grads; live arrays: copy what you keep). Set ``model.stop_training = True`` to stop;
* ``on_train_end(model, history)``.
"""
import numbers
import sys
import time
from dataclasses import dataclass

import numpy as np

from .validation import InputError, check_flag, check_number, check_whole


class Callback:
    def on_train_begin(self, model):
        pass

    def on_epoch_end(self, model, epoch, logs):
        pass

    def on_train_end(self, model, history):
        pass


@dataclass
class Divergence:
    """Where training diverged: the ``epoch`` and the 1-based optimizer ``step`` whose ``what``
    was NaN or infinite -- ``"loss"``, ``"gradient"``, or ``"update"`` (the step made a weight or
    the optimizer's state overflow) -- the batch's loss ``value``, and ``kept``: how many updates
    the model now holds. That is ``step - 1`` (the step's update is not applied) except after a
    non-finite loss, which condemns the weights it was computed at: then ``step - 2``, the last
    weights whose loss was finite (0: the weights training started from)."""

    epoch: int
    step: int
    what: str
    value: float
    kept: int

    def reason(self):
        weights = "the weights it started with" if self.kept == 0 else f"the weights after step {self.kept}"
        if self.what == "update":
            happened = f"the update of step {self.step} (epoch {self.epoch}) overflowed to NaN or infinity"
        else:
            became = f"became {self.value}" if self.what == "loss" else "became NaN or infinite"
            happened = f"the {self.what} {became} at epoch {self.epoch} (step {self.step})"
        last = ", the last whose loss was finite" if self.what == "loss" and self.kept else ""
        return (f"{happened}; training stopped, and the model keeps {weights}{last}, with the optimizer's "
                f"state from then")


class History:
    """What ``fit`` returns: per-epoch ``loss``, ``val_loss``, ``lr`` and ``metrics`` (e.g.
    ``accuracy``), ``epochs`` run, ``stopped_reason`` (why training ended early, else None),
    ``diverged_at`` (a :class:`Divergence` when a loss, gradient or update became NaN or
    infinite, else None) and ``doctor`` (the :class:`~scratchnn.doctor.DoctorReport` when ``fit(doctor=True)``)."""

    def __init__(self):
        self.loss, self.val_loss, self.lr, self.metrics = [], [], [], {}
        self.stopped_reason = None
        self.diverged_at = None
        self.doctor = None

    @property
    def epochs(self):
        return len(self.loss)

    def append(self, logs):
        self.loss.append(logs["loss"])
        if "val_loss" in logs:
            self.val_loss.append(logs["val_loss"])
        if "lr" in logs:
            self.lr.append(logs["lr"])
        for key, value in logs.items():
            if key not in ("loss", "val_loss", "lr"):
                self.metrics.setdefault(key, []).append(value)

    def __repr__(self):
        last = f", final loss {self.loss[-1]:.6g}" if self.loss else ""
        return f"<History: {self.epochs} epochs{last}>"

    def _repr_html_(self):
        # "best" is the lowest loss but the highest accuracy; the epoch says when it was reached.
        def best(key, values):
            pick = max if "accuracy" in key else min
            value = pick(values)
            return f"<td>{value:.6g}</td><td>{values.index(value) + 1}</td>"
        cell = 'style="text-align:left; font-family:monospace"'
        rows = "".join(f"<tr><td>{key}</td><td>{values[0]:.6g}</td><td>{values[-1]:.6g}</td>{best(key, values)}</tr>"
                       for key, values in [("loss", self.loss), ("val_loss", self.val_loss), *self.metrics.items()]
                       if values)
        rows = rows.replace("<td>", f"<td {cell}>")
        note = f"<p>Stopped: {self.stopped_reason}</p>" if self.stopped_reason else ""
        doctor = self.doctor._repr_html_() if self.doctor is not None and hasattr(self.doctor, "_repr_html_") else ""
        return (f"<p><b>History</b>: {self.epochs} epochs</p><table><tr><th></th><th>first</th><th>last</th>"
                f"<th>best</th><th>at epoch</th></tr>{rows}</table>{note}{doctor}")


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by ``min_delta`` for ``patience`` epochs, and (by
    default) put back the weights of the best epoch. ``monitor="val_loss"`` falls back to ``loss``
    when there is no validation data."""

    def __init__(self, monitor="val_loss", patience=10, min_delta=0.0, restore_best_weights=True):
        # Only losses are watched (lower is better); a metric such as accuracy would need the opposite.
        if monitor not in ("loss", "val_loss"):
            raise InputError(f"EarlyStopping monitors 'loss' or 'val_loss', got monitor={monitor!r}")
        if not min_delta >= 0:
            raise InputError(f"EarlyStopping min_delta must be >= 0, got {min_delta!r}")
        if isinstance(patience, bool) or not isinstance(patience, numbers.Integral) or patience < 0:
            raise InputError(f"EarlyStopping patience must be a whole number of epochs >= 0, got {patience!r}")
        self.monitor, self.min_delta, self.patience = monitor, float(min_delta), int(patience)
        self.restore_best_weights = check_flag(restore_best_weights, "EarlyStopping restore_best_weights")

    def on_train_begin(self, model):
        self.best, self.best_epoch, self.best_params, self.wait = np.inf, 0, None, 0

    def on_epoch_end(self, model, epoch, logs):
        value = logs.get(self.monitor, logs["loss"])
        if value < self.best - self.min_delta:
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best_weights:
                self.best_params = model.flat_params.copy()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                model.stop_training = True

    def on_train_end(self, model, history):
        # Say only what happened: a run that used all its epochs (or stopped on a NaN loss) was not
        # stopped by patience, though its best weights may still be restored.
        if self.wait >= self.patience and history.stopped_reason is None:
            history.stopped_reason = f"early stopping: no improvement in {self.monitor} for {self.patience} epochs"
        if self.best_params is not None and self.best_epoch != history.epochs:
            model.flat_params[...] = self.best_params
            restored = f"restored the weights of epoch {self.best_epoch}, the best {self.monitor}"
            history.stopped_reason = f"{history.stopped_reason}; {restored}" if history.stopped_reason else restored


class ProgressBar(Callback):
    """One self-updating line: epoch, loss (and val_loss), elapsed time and ETA. Redraws at most
    every ``interval`` seconds, so it costs nothing on fast runs."""

    def __init__(self, stream=None, interval=0.1, width=24):
        if stream is not None and not callable(getattr(stream, "write", None)):
            raise InputError(f"ProgressBar stream must be a writable text stream such as sys.stderr, got {stream!r}")
        self.stream = stream
        self.interval = check_number(interval, "ProgressBar interval", low=0, hint="seconds between redraws, e.g. 0.1")
        self.width = check_whole(width, "ProgressBar width", low=1)

    def on_train_begin(self, model):
        self.out = self.stream or sys.stdout
        self.epochs, self.start, self.last = model.training_info["epochs"], time.perf_counter(), -np.inf

    def _line(self, epoch, logs):
        elapsed = time.perf_counter() - self.start
        eta = elapsed / epoch * (self.epochs - epoch)
        done = int(self.width * epoch / self.epochs)
        values = "  ".join(f"{k} {v:.4g}" for k, v in logs.items())
        return f"\r[{'#' * done}{'.' * (self.width - done)}] epoch {epoch}/{self.epochs}  {values}  {elapsed:.1f}s, ETA {eta:.1f}s"

    def on_epoch_end(self, model, epoch, logs):
        self.latest = (epoch, dict(logs))
        now = time.perf_counter()
        if now - self.last >= self.interval and epoch < self.epochs:  # the last is drawn at the end
            self.last = now
            self.out.write(self._line(epoch, logs))
            self.out.flush()

    def on_train_end(self, model, history):
        # The final state is drawn once, here, and the line is ended.
        if history.epochs:
            self.out.write(self._line(*self.latest) + "\n")
            self.out.flush()
