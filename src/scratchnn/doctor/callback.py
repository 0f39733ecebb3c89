"""``DoctorCallback``: the doctor inside ``fit`` (what ``fit(doctor=True)`` adds).

It observes the record ``fit`` exposes at the end of every epoch and, after training, sets
``.report``. When the report names a cause with a concrete remedy (a 10x smaller learning rate,
scaled inputs) it *confirms* it: two fresh copies of the architecture, started from the same
initial weights, train a few dozen epochs, one as the user configured it and one with the fix,
and the finding gains "loss went from X to Y with the fix (Z without)".
"""
import numpy as np

from .doctor import Doctor
from .losses import ALIASES


def _callback_base():
    """scratchnn.callbacks.Callback when the core is importable (fit only needs the three methods)."""
    try:
        from ..callbacks import Callback
        return Callback
    except ImportError:
        return object


class DoctorCallback(_callback_base()):
    """Observe every epoch of ``fit``; ``.report`` holds the :class:`DoctorReport` after training.

    Args:
        confirm: try the top fix on fresh copies of the model after a failing run.
        confirm_epochs: epochs each confirming copy trains (it costs 2x this many epochs).
    """

    def __init__(self, confirm=True, confirm_epochs=40):
        self.confirm, self.confirm_epochs = bool(confirm), int(confirm_epochs)
        self.doctor, self.report, self.fit_args = None, None, None

    def on_train_begin(self, model, fit_args):
        name = getattr(fit_args.get("loss"), "name", None)
        self.doctor = Doctor(loss=name if name in ALIASES else None)
        self.fit_args = fit_args
        self.report = None

    def on_epoch_end(self, model, epoch, logs, record):
        self.doctor.observe(**record)

    def on_train_end(self, model, history):
        self.report = self.doctor.report()
        if self.confirm and not self.report.ok:
            target = next((f for f in self.report.findings if f.remedy and f.severity != "info"), None)
            if target is not None:
                target.evidence += "; " + self._try_fix(model, target.remedy)
        self.fit_args = None  # do not keep the training data alive

    def _try_fix(self, model, remedy):
        """Train two fresh copies from the same start, without and with ``remedy``; say what happened."""
        args = self.fit_args
        X, opt_config = args["X"], args["optimizer"].config()
        what = []
        if "lr_factor" in remedy:
            opt_config = {**opt_config, "lr": opt_config["lr"] * remedy["lr_factor"]}
            what.append(f"lr = {opt_config['lr']:.3g}")
        if remedy.get("scale_inputs"):
            X64 = np.asarray(X, dtype=np.float64)
            std = X64.std(axis=0)
            X = ((X64 - X64.mean(axis=0)) / np.where(std > 0, std, 1.0)).astype(np.asarray(args["X"]).dtype)
            what.append("standardised inputs")
        try:
            seed = int(np.random.default_rng(0).integers(2**31))
            runs = []
            for x_used, config in ((args["X"], args["optimizer"].config()), (X, opt_config)):
                fresh = type(model).from_config(model.config(), seed=seed)
                opt = type(args["optimizer"])(**config)
                h = fresh.fit(x_used, args["y"], loss=args["loss"], optimizer=opt, epochs=self.confirm_epochs,
                              batch_size=args["batch_size"], shuffle=args["shuffle"], seed=seed)
                runs.append((h.loss[0], h.loss[-1]))
        except Exception as err:  # the confirmation is a bonus; never let it break the report
            return f"could not confirm the fix ({type(err).__name__}: {err})"
        (a0, a1), (b0, b1) = runs
        verdict = "confirmed" if np.isfinite(b1) and (not np.isfinite(a1) or b1 < 0.9 * a1) else "not confirmed"
        return (f"{verdict} on a fresh copy, {self.confirm_epochs} epochs with {' and '.join(what)}: loss went from "
                f"{b0:.4g} to {b1:.4g} with the fix ({a0:.4g} to {a1:.4g} without)")
