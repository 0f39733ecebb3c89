"""``DoctorCallback``: the doctor inside ``fit`` (what ``fit(doctor=True)`` adds).

It observes the record ``fit`` exposes at the end of every epoch and, after training, sets
``.report``. When the report names a cause with a concrete remedy (a 10x smaller learning rate,
scaled inputs) it *confirms* it: two fresh copies of the architecture, started from the same
initial weights, train a few dozen epochs, one as the user configured it and one with the fix,
and the finding gains "loss went from X to Y with the fix (Z without)".
"""
import numpy as np

from .. import optim
from ..preprocessing import StandardScaler
from .doctor import Doctor
from .findings import Finding
from .losses import ALIASES


def _callback_base():
    """scratchnn.callbacks.Callback when the core is importable (fit only needs the three methods)."""
    try:
        from ..callbacks import Callback
        return Callback
    except ImportError:
        return object


def _observation(model, epoch, logs):
    """``Doctor.observe`` arguments from the model's last training step: each layer with
    parameters is ``layer{k}``, paired with the activation after it (if any)."""
    step = model.last_step()
    pre, act, kinds = {}, {}, {}
    k = 0
    for i, layer in enumerate(model.layers):
        if not layer.params:
            continue
        k += 1
        after = i + 1 if i + 1 < len(model.layers) and not model.layers[i + 1].params else None
        pre[f"layer{k}"] = step.outputs[i]
        act[f"layer{k}"] = step.outputs[after] if after is not None else step.outputs[i]
        kinds[f"layer{k}"] = model.layers[after].kind if after is not None else "linear"
    return dict(epoch=epoch, loss=logs["loss"], lr=logs["lr"], params=step.params, grads=step.grads,
                preactivations=pre, activations=act, activation_kinds=kinds,
                inputs=step.inputs, targets=step.targets, predictions=step.outputs[-1])


class DoctorCallback(_callback_base()):
    """Observe every epoch of ``fit``; ``.report`` holds the :class:`DoctorReport` after training.

    Args:
        confirm: try the top fix on fresh copies of the model after a failing run.
        confirm_epochs: epochs each confirming copy trains (it costs 2x this many epochs).
    """

    def __init__(self, confirm=True, confirm_epochs=40):
        self.confirm, self.confirm_epochs = bool(confirm), int(confirm_epochs)
        self.doctor, self.report, self.fit_args = None, None, None

    def on_train_begin(self, model):
        name = model.training_info.get("loss")
        self.doctor = Doctor(loss=name if name in ALIASES else None)
        self.report = None

    def on_epoch_end(self, model, epoch, logs):
        self.doctor.observe(**_observation(model, epoch, logs))

    def on_train_end(self, model, history):
        self.report = self.doctor.report()

    def try_fix(self, model, X, y, loss):
        """After training (``fit`` calls it): rule out the gradients, and confirm the top fix on
        fresh copies of the model trained on the prepared ``X``, ``y``."""
        info = model.training_info
        self.fit_args = dict(X=X, y=y, loss=loss, optimizer=optim.get(info["optimizer"]),
                             batch_size=info["batch_size"], shuffle=True)
        if self.report.failing or not self.report.ok:
            self._check_gradients(model)
        if self.confirm and not self.report.ok:
            target = next((f for f in self.report.findings if f.remedy and f.severity != "info"), None)
            if target is not None:
                target.evidence += "; " + self._try_fix(model, target.remedy)
        self.fit_args = None  # do not keep the training data alive

    def _check_gradients(self, model, n_samples=64):
        """Rule out the math: finite differences on a float64 copy of the model, first samples only.

        A wrong gradient here means a layer's backward is wrong (a custom layer, or a bug in
        scratchnn) and becomes a ``gradient-mismatch`` error; right gradients are noted on the report.
        """
        try:
            from ..gradchecker import gradcheck
        except ImportError:  # the gradient checker is an optional part of the package
            return
        args = self.fit_args
        X = np.asarray(args["X"][:n_samples], dtype=np.float64)
        y = np.asarray(args["y"][:n_samples], dtype=np.float64)
        loss = args["loss"]
        try:
            twin = model.copy()  # a deep copy, so custom layers come along
            for layer in twin.layers:
                layer.params = {k: v.astype(np.float64) for k, v in layer.params.items()}
                layer.grads = {k: np.zeros_like(v) for k, v in layer.params.items()}

            def loss_fn(params):
                for name, value in twin.params.items():
                    value[...] = params[name]
                return twin.loss_value(X, y, loss)

            params = {k: v.copy() for k, v in twin.params.items()}
            twin.train_step(X, y, loss)
            result = gradcheck(loss_fn, params, {k: g.copy() for k, g in twin.grads.items()})
        except Exception as err:  # a check that cannot run must not break the report
            self.report.gradients = f"gradients: not checked ({type(err).__name__}: {err})"
            return
        if result.ok:
            self.report.gradients = (f"gradients: checked by finite differences on {len(X)} samples, all right "
                                     "-- the trouble is in the training setup, not in the backward pass")
            return
        wrong = [r for r in result.results if not r.ok]
        self.report.findings.insert(0, Finding(
            "gradient-mismatch", "error", "the model's gradients are not the gradient of its loss",
            "scratchnn.gradcheck on a float64 copy: " + "; ".join(f"{r.name}: {r.message}" for r in wrong),
            "A layer's backward does not match its forward, so training follows the wrong direction.",
            "Check each custom layer with scratchnn.gradcheck_layer(layer, x).", where=wrong[0].name,
            link="gradients do not match the loss"))

    def _try_fix(self, model, remedy):
        """Train two fresh copies from the same start, without and with ``remedy``; say what happened."""
        args = self.fit_args
        X, opt_config = args["X"], args["optimizer"].config()
        what = []
        if "lr_factor" in remedy:
            opt_config = {**opt_config, "lr": opt_config["lr"] * remedy["lr_factor"]}
            what.append(f"lr = {opt_config['lr']:.3g}")
        if remedy.get("scale_inputs"):
            X = StandardScaler().fit_transform(X).astype(np.asarray(args["X"]).dtype)
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
