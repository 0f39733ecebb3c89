"""``DoctorCallback``: the doctor inside ``fit`` (what ``fit(doctor=True)`` adds).

Every epoch it builds an observation from what the model exposes (``model.last_step()``: the
last batch, every layer's output, the parameters and gradients; ``model.layers`` for each layer's
``kind``) and ``logs`` (loss, lr, val_loss). After training ``fit`` calls :meth:`try_fix`, which
checks the model's own gradients by finite differences on a float64 copy (failing runs only;
the verdict goes into the report, so no rule can contradict it) and, when the report names a
cause with a concrete remedy (a 10x smaller learning rate, scaled inputs), *confirms* it: two
fresh copies of the architecture, started from the same initial weights, train a few dozen
epochs, one as the user configured it and one with the fix, and the finding gains "loss went
from X to Y with the fix (Z without)". Nothing here re-enters ``fit`` on the user's model.
"""
import numpy as np

from ..callbacks import Callback
from ..gradchecker import gradcheck
from ..preprocessing import StandardScaler
from .doctor import Doctor
from .gradients import GradientEvidence
from .losses import ALIASES
from ..vocabulary import ACTIVATION_KINDS


def step_observation(model, step):
    """The keyword arguments of :meth:`Doctor.observe` for one :class:`StepRecord` of ``model``.

    Each layer with parameters starts a group named ``layer1``, ``layer2`` ...: its output is the
    group's pre-activation, and the activation layer right after it (by ``kind``) its activation."""
    layers, outputs = model.layers, step.outputs
    pre, act, kinds, k = {}, {}, {}, 0
    for i, layer in enumerate(layers):
        if not getattr(layer, "params", None):
            continue
        k += 1
        name = f"layer{k}"
        pre[name] = outputs[i]
        after = layers[i + 1] if i + 1 < len(layers) else None
        if after is not None and not getattr(after, "params", None) and getattr(after, "kind", None) in ACTIVATION_KINDS:
            act[name], kinds[name] = outputs[i + 1], after.kind
        else:
            act[name], kinds[name] = outputs[i], "linear"
    return dict(params=step.params, grads=step.grads, preactivations=pre, activations=act,
                activation_kinds=kinds, inputs=step.inputs, targets=step.targets, predictions=outputs[-1])


class DoctorCallback(Callback):
    """Observe every epoch of ``fit``; ``.report`` holds the :class:`DoctorReport` after training.

    Args:
        confirm: try the top fix on fresh copies of the model after a failing run.
        confirm_epochs: epochs each confirming copy trains (it costs 2x this many epochs).
    """

    def __init__(self, confirm=True, confirm_epochs=40):
        self.confirm, self.confirm_epochs = bool(confirm), int(confirm_epochs)
        self.doctor, self.report = None, None

    def on_train_begin(self, model):
        name = model.training_info.get("loss")
        # fit checks the model itself (try_fix), so the doctor keeps no check point of its own.
        self.doctor = Doctor(loss=name if name in ALIASES else None, check_gradients=False)
        self.report = None

    def on_epoch_end(self, model, epoch, logs):
        step = model.last_step()
        record = {} if step is None else step_observation(model, step)
        self.doctor.observe(**record, epoch=epoch, loss=logs["loss"], lr=logs.get("lr"),
                            val_loss=logs.get("val_loss"))

    def on_train_end(self, model, history):
        self.report = self.doctor.report()

    def try_fix(self, model, X, y, loss):
        """After training: check the model's gradients (failing runs), then confirm the top remedy."""
        if self.report is None:
            self.report = self.doctor.report()
        if self.report.failing or not self.report.ok:
            evidence = self._check_gradients(model, X, y, loss)
            if evidence is not None:
                self.report = self.doctor.report(gradient_check=evidence)
        if self.confirm and not self.report.ok:
            target = next((f for f in self.report.findings if f.remedy and f.severity != "info"), None)
            if target is not None:
                target.evidence += "; " + self._try_fix(model, X, y, loss, target.remedy)

    def _check_gradients(self, model, X, y, loss, n_samples=64):
        """Finite differences on a float64 copy of the model, first samples only (never the model itself).

        The loss is taken as training computes it (``train_step``: batch statistics in a batch norm,
        masks in a dropout), with every dropout generator restarted before each evaluation so that
        all of them see the same masks; an inference-mode loss would call right gradients wrong."""
        X = np.asarray(X[:n_samples], dtype=np.float64)
        y = np.asarray(y[:n_samples], dtype=np.float64)
        how = f"finite differences on {len(X)} samples"
        try:
            twin = model.copy()  # a deep copy, so custom layers come along
            for layer in twin.layers:
                layer.params = {k: v.astype(np.float64) for k, v in layer.params.items()}
                layer.grads = {k: np.zeros_like(v) for k, v in layer.params.items()}

            def training_loss():
                for layer in twin.layers:
                    if isinstance(getattr(layer, "rng", None), np.random.Generator):
                        layer.rng = np.random.default_rng(0)  # the same dropout masks every time
                return twin.train_step(X, y, loss)

            def loss_fn(params):
                for name, value in twin.params.items():
                    value[...] = params[name]
                return training_loss()

            params = {k: v.copy() for k, v in twin.params.items()}
            training_loss()
            result = gradcheck(loss_fn, params, {k: g.copy() for k, g in twin.grads.items()})
        except Exception as err:  # a check that cannot run must not break the report
            return GradientEvidence(reason=f"{type(err).__name__}: {err}")
        return GradientEvidence(report=result, how=how, at="a float64 copy of the trained model",
                                fix="Check each custom layer with scratchnn.gradcheck_layer(layer, x).")

    def _optimizer(self, model):
        from .. import optim
        info = model.training_info
        opt = optim.get(info["optimizer"])  # the optimizer fit used, rebuilt from its description
        return type(opt), opt.config(), info.get("batch_size"), True

    def _try_fix(self, model, X, y, loss, remedy):
        """Train two fresh copies from the same start, without and with ``remedy``; say what happened."""
        what = []
        try:
            opt_type, config, batch_size, shuffle = self._optimizer(model)
            fixed_config, X_fixed = dict(config), X
            if "lr_factor" in remedy:
                fixed_config["lr"] = config["lr"] * remedy["lr_factor"]
                what.append(f"lr = {fixed_config['lr']:.3g}")
            if remedy.get("scale_inputs"):
                X_fixed = StandardScaler().fit_transform(X).astype(np.asarray(X).dtype)
                what.append("standardised inputs")
            seed = int(np.random.default_rng(0).integers(2**31))
            runs = []
            for x_used, cfg in ((X, config), (X_fixed, fixed_config)):
                fresh = type(model).from_config(model.config(), seed=seed)
                h = fresh.fit(x_used, y, loss=loss, optimizer=opt_type(**cfg), epochs=self.confirm_epochs,
                              batch_size=batch_size, shuffle=shuffle, seed=seed)
                runs.append((h.loss[0], h.loss[-1]))
        except Exception as err:  # the confirmation is a bonus; never let it break the report
            return f"could not confirm the fix ({type(err).__name__}: {err})"
        (a0, a1), (b0, b1) = runs
        verdict = "confirmed" if np.isfinite(b1) and (not np.isfinite(a1) or b1 < 0.9 * a1) else "not confirmed"
        return (f"{verdict} on a fresh copy, {self.confirm_epochs} epochs with {' and '.join(what)}: loss went from "
                f"{b0:.4g} to {b1:.4g} with the fix ({a0:.4g} to {a1:.4g} without)")
