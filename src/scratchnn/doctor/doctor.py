"""The :class:`Doctor`: watches a training loop one observation at a time and explains it.

    doctor = Doctor()
    for epoch in range(epochs):
        ...                                   # the user's own forward, loss, backward, update
        doctor.observe(epoch=epoch, loss=loss, params={"W1": W1, ...}, grads={"W1": dW1, ...},
                       activations={"hidden": a1}, activation_kinds={"hidden": "relu"},
                       inputs=X, targets=y, predictions=y_hat, lr=lr)
    print(doctor.report())

``observe`` keeps an :class:`~scratchnn.doctor.record.Observation` per call (a few numbers per
layer and parameter), one copy of the previous parameters and gradients to measure the step, and
copies of the last finite observation for the gradient check; never a reference to the caller's
arrays, which training loops overwrite in place. It raises only when there is no loss value.
``report`` turns everything into :class:`~scratchnn.doctor.facts.RunFacts` and runs every rule
of :mod:`scratchnn.doctor.rules` on them; it never raises.
"""
import numpy as np

from . import losses, observation as obs, summaries
from .facts import RunFacts
from .gradients import GradientEvidence, check_point_evidence
from .record import Observation, ParamSummary, Problem
from .rules import run_rules
from .order import order_and_link
from .findings import DoctorReport

RECOGNITION_OBSERVATIONS = 20


class Doctor:
    """Watches one training run.

    Args:
        loss: name of the loss the values come from (``"mse"``, ``"bce"``, ``"cross_entropy"`` ...,
            see :mod:`scratchnn.doctor.losses`) when known; otherwise it is recognised from the values.
        loss_fn: optional ``loss_fn(params) -> float`` computing the training loss for a dict of
            parameters; the last finite gradients are then checked by finite differences.
        check_gradients: without ``loss_fn``, keep the last finite observation and check its
            gradients through a rebuilt forward pass (see :mod:`scratchnn.doctor.rebuild`).
    """

    def __init__(self, loss=None, loss_fn=None, check_gradients=True):
        if loss is not None and losses.ALIASES.get(loss, loss) not in losses.FORMULAS:
            raise obs.InputError(f"loss must be one of {', '.join(losses.FORMULAS)} (or None to recognise it), got {loss!r}")
        self.loss_name = losses.ALIASES.get(loss, loss)
        self.loss_fn = loss_fn
        self.keep_point = bool(check_gradients) or loss_fn is not None
        self.records = []
        self.problems = []          # Problems found reading the arguments of observe
        self.inputs = None          # summary of the first inputs seen
        self.targets = None         # range of the targets seen: min, max, binary, one-hot, integer
        self.kinds, self.output_layer = {}, None
        self.initial_params = None  # {"constant", "value", "names"} of the first parameters
        self.silent_since = {}      # layer -> per-unit epoch from which it has been silent (-1: active)
        self.point = None           # copies of the last finite observation (for the gradient check)
        self.first_point = None     # ... and of the first one (rebuild_hidden.agreeing_with_first)
        self._prev_params, self._prev_grads = {}, {}
        self._constants_cache = (None, None)
        self._prev_grad_norms = {}
        self._prev_deltas, self._prev_update_norms = {}, {}   # the step before the last (for the "next" pairing)
        self._loss_votes = ({}, 0)   # formula -> observations it reproduced, observations scored
        self._seen_problems = set()

    # ------------------------------------------------------------------ observe
    def observe(self, epoch=None, loss=None, params=None, grads=None, activations=None, preactivations=None,
                activation_kinds=None, inputs=None, targets=None, predictions=None, lr=None, val_loss=None):
        """Record one step or epoch of training (see the module docstring). Only ``loss`` is required,
        and only a missing or unreadable loss raises (:class:`scratchnn.InputError`)."""
        loss, problems = obs.read_loss(loss)
        previous = self.records[-1].epoch if self.records else None
        epoch = obs.read_epoch(epoch, previous, problems)
        record = Observation(epoch=epoch, loss=loss, nonfinite=[] if np.isfinite(loss) else ["loss"])
        try:
            with np.errstate(all="ignore"):  # overflow in a user's huge weights is evidence, not a warning
                self._observe(record, problems, params, grads, activations, preactivations, activation_kinds,
                              inputs, targets, predictions, lr, val_loss)
        except Exception as err:  # the user's loop is sacred: a doctor bug becomes a line in the report
            problems.append(Problem("unread-input", "observe", f"the doctor could not read this observation "
                                    f"({type(err).__name__}: {err}); only its loss was kept"))
        self.records.append(record)
        for p in problems:
            key = (p.code, p.where, p.text)
            if key not in self._seen_problems:  # the same problem every epoch is said once
                self._seen_problems.add(key)
                p.epoch = epoch
                self.problems.append(p)

    def _observe(self, record, problems, params, grads, activations, preactivations, activation_kinds,
                 inputs, targets, predictions, lr, val_loss):
        record.lr = obs.read_number(lr, "lr", problems, positive=True)
        record.val_loss = obs.read_number(val_loss, "val_loss", problems)
        params, grads = obs.read_dict(params, "params", problems), obs.read_dict(grads, "grads", problems)
        acts = obs.read_dict(activations, "activations", problems)
        pre = obs.read_dict(preactivations, "preactivations", problems)
        raw = {name: obs.read_array(v, name, problems)
               for v, name in ((inputs, "inputs"), (targets, "targets"), (predictions, "predictions"))}
        for name, arr in raw.items():
            if arr is not None and arr.size == 0:
                problems.append(Problem("unread-input", name, f"{name} is empty (shape {arr.shape}); it was left out"))
                raw[name] = None
        n, axis = obs.samples_layout(raw["targets"], raw["predictions"], raw["inputs"])
        inputs, targets, predictions = (obs.on_samples_axis(raw[k], k, n, axis, problems)
                                        for k in ("inputs", "targets", "predictions"))
        acts = {k: v for k, v in ((k, obs.on_samples_axis(v, f"activations[{k!r}]", n, axis, problems))
                                  for k, v in acts.items()) if v is not None}
        pre = {k: v for k, v in ((k, obs.on_samples_axis(v, f"preactivations[{k!r}]", n, axis, problems))
                                 for k, v in pre.items()) if v is not None}
        if n is None:  # no per-sample array to count samples by: drop scalar "activations"
            acts = {k: v for k, v in acts.items() if v.ndim > 0}
            pre = {k: v for k, v in pre.items() if v.ndim > 0}
        kinds = obs.read_kinds(activation_kinds, set(acts) | set(pre), problems)
        matched = obs.match_grads(params, grads, problems, n)
        record.n_samples = n

        record.params = self._param_summaries(params, grads, matched, record)
        problems += self._shape_changes(params, problems, n)
        record.step = self._step_alignment(grads, matched, record)
        record.layers = self._layer_summaries(acts, pre, kinds, predictions, record)
        if predictions is not None:
            record.pred = summaries.prediction_summary(predictions)
            if not record.pred["finite"]:
                record.nonfinite.append("predictions")
        if predictions is not None and targets is not None:
            self._compare_with_targets(predictions, targets, record)
        if inputs is not None and self.inputs is None:
            self.inputs = summaries.input_summary(inputs)
        if self.keep_point and matched and not record.nonfinite:
            self._keep_check_point(record, params, grads, matched, raw, acts, pre, kinds)
        self._remember(params, grads, matched)

    def _param_summaries(self, params, grads, matched, record):
        """A ParamSummary per parameter; also fills ``self._deltas`` (the steps) for _step_alignment."""
        out, self._deltas, self._grad_norms, self._update_norms = {}, {}, {}, {}
        if self.initial_params is None and params:
            values = np.concatenate([p.ravel() for p in params.values()])
            self.initial_params = {"constant": bool(np.all(values == values[0])), "value": float(values[0]),
                                   "names": list(params), "size": int(values.size),
                                   "symmetric": summaries.identical_units(params)}
        for name, p in params.items():
            s = ParamSummary(norm=summaries.norm(p), ndim=p.ndim, size=p.size, shape=p.shape)
            prev = self._prev_params.get(name)
            if prev is not None and prev.shape == p.shape:
                # The step since the last observation, computed once and reused by _step_alignment.
                with np.errstate(all="ignore"):
                    d = self._deltas[name] = p - prev
                s.update = summaries.norm(d)
                self._update_norms[name] = s.update
            if name in matched:
                s.grad = summaries.norm(grads[matched[name]])
                self._grad_norms[name] = s.grad
            if not np.isfinite(s.norm):
                record.nonfinite.append(f"params[{name!r}]")
            if s.grad is not None and not np.isfinite(s.grad):
                record.nonfinite.append(f"grads[{matched[name]!r}]")
            out[name] = s
        return out

    def _shape_changes(self, params, problems, n):
        """A gradient-shape problem per parameter that grew since the last observation, unless one was already said
        for it (the gradient's own shape, seen when the loop observes before the update). A single number that
        becomes one entry per unit (a scalar bias broadcast by its first update) is left alone: each unit then
        has its own bias, as it should; growing by the batch axis never is."""
        said = {p.detail.get("param") for p in [*self.problems, *problems] if p.code == "gradient-shape"}
        out = []
        for name, p in params.items():
            old = self._prev_params.get(name)
            if old is None or old.shape == p.shape or p.size <= old.size or name in said:
                continue
            if old.size > 1 or obs.per_sample_text(name, old.shape, p.shape, n):
                out.append(obs.changed_shape_problem(name, old.shape, p.shape, n))
        return out

    def _step_alignment(self, grads, matched, record):
        """How the step taken since the last observation lines up with the observed gradients.

        ``after``: this observation's grads g_t against the change dp = p_t - p_(t-1) (parameters
        observed after the update); ``before``: the previous grads g_(t-1) (observed before it).
        Each is (g . dp, cos(g, dp)); plain gradient descent gives cos = -1 for the right pairing.
        Also ``record.previous_step_dot``: g_t . (p_(t-1) - p_(t-2)), the gradient at the end of the
        step before when the loop observes after its update (for the trapezoid test of gradient-mismatch).
        """
        now = {p: grads[g] for p, g in matched.items()}
        out = {}
        for pairing, source, grad_norms in (("after", now, self._grad_norms),
                                            ("before", self._prev_grads, self._prev_grad_norms)):
            dot, gg, dd = self._dot(source, self._deltas, grad_norms, self._update_norms)
            if gg > 0 and dd > 0 and np.isfinite(dot) and np.isfinite(gg * dd):
                out[pairing] = (dot, dot / np.sqrt(gg * dd))
        dot, gg, dd = self._dot(now, self._prev_deltas, self._grad_norms, self._prev_update_norms)
        record.previous_step_dot = dot if gg > 0 and dd > 0 and np.isfinite(dot) else None
        self._prev_deltas, self._prev_update_norms = self._deltas, self._update_norms
        self._deltas, self._prev_grad_norms = {}, self._grad_norms
        return out

    @staticmethod
    def _dot(grads, deltas, grad_norms, update_norms):
        """g . dp summed over the parameters that have both (same shape), with ||g||^2 and ||dp||^2."""
        dot = gg = dd = 0.0
        for name in (n for n in grads if n in deltas and grads[n].shape == deltas[n].shape):
            dot += summaries.dot(grads[name], deltas[name])
            gg += grad_norms.get(name, 0.0) ** 2
            dd += update_norms[name] ** 2
        return dot, gg, dd

    def _layer_summaries(self, acts, pre, kinds, predictions, record):
        out = {}
        for name in list(dict.fromkeys([*pre, *acts])):
            kind = kinds.get(name, self.kinds.get(name))
            if kind is None and name not in pre:
                kind = summaries.recognise_kind(acts[name])
            if kind is not None:
                self.kinds[name] = kind
            s = summaries.layer_summary(acts.get(name), pre.get(name), kind)
            if not s["finite"]:
                record.nonfinite.append(f"activations[{name!r}]")
            silent = s.pop("silent")
            if silent is not None:
                since = self.silent_since.get(name)
                if since is None or len(since) != len(silent):
                    since = np.full(len(silent), -1)
                since = np.where(silent, np.where(since < 0, record.epoch, since), -1)
                self.silent_since[name] = since
                s["silent"] = int(silent.sum())
            if self.output_layer is None and predictions is not None and s["finite"]:
                a = acts[name] if name in acts else summaries.activate(pre[name], kind)
                if a is not None and a.size == predictions.size and \
                        np.allclose(a.ravel(), predictions.ravel().astype(a.dtype)):
                    self.output_layer = name
            out[name] = s
        return out

    def _candidate_formulas(self):
        """Loss formulas still worth evaluating: all for the first 20 scored observations, then only
        those that reproduced the observed loss at least half the time (recognition is settled)."""
        if self.loss_name:
            return [self.loss_name]
        votes, scored = self._loss_votes
        if scored < RECOGNITION_OBSERVATIONS:
            return None
        return [name for name, v in votes.items() if v >= scored / 2]

    def _count_votes(self, record):
        votes, scored = self._loss_votes
        if scored < RECOGNITION_OBSERVATIONS and np.isfinite(record.loss):
            for name, value in record.losses.items():
                votes[name] = votes.get(name, 0) + losses.matches(value, record.loss)
            self._loss_votes = (votes, scored + 1)

    def _compare_with_targets(self, predictions, targets, record):
        t = targets.reshape(len(targets), -1).astype(np.float64)
        class_labels = False   # this observation's targets are 0/1 in one column or one-hot rows
        integer = False        # ... or class indices 0, 1, 2 ... in one column
        if t.size and summaries.finite(t):
            binary = bool(np.all((t == 0) | (t == 1)))
            one_hot = binary and t.shape[1] > 1 and bool(np.all(t.sum(axis=1) == 1))
            integer = t.shape[1] == 1 and bool(np.all(t == np.round(t))) and t.min() >= 0
            class_labels = one_hot or (binary and t.shape[1] == 1)
            seen = self.targets or {"min": np.inf, "max": -np.inf, "binary": True, "one_hot": True, "integer": True}
            self.targets = {"min": min(seen["min"], float(t.min())), "max": max(seen["max"], float(t.max())),
                            "binary": seen["binary"] and binary, "one_hot": seen["one_hot"] and one_hot,
                            "integer": seen["integer"] and integer,
                            "spread": float(np.max(t.max(axis=0) - t.min(axis=0)))}
        record.shapes = (predictions.shape, targets.shape)
        pred_finite = bool(record.pred and record.pred.get("finite"))
        if predictions.size == targets.size and pred_finite:
            record.losses = losses.formula_values(predictions, targets, self._candidate_formulas(), record.loss)
            self._count_votes(record)
            constants = self._constant_losses(targets, tuple(record.losses))
            record.zero_losses, record.best_constant = constants["zero_losses"], constants["best_constant"]
            if class_labels:
                record.accuracy = summaries.accuracy(predictions, t)
                record.sure_wrong = summaries.sure_and_wrong(predictions, t)
        rows = summaries.indices_as_one_hot(t, predictions) if integer and pred_finite else None
        if rows is not None:
            record.sure_wrong = summaries.sure_and_wrong(predictions, rows)
        if predictions.shape != targets.shape:
            try:
                shape = np.broadcast_shapes(predictions.shape, targets.shape)
            except ValueError:
                shape = None
            record.broadcast_shape = shape
            if shape is not None and shape not in (predictions.shape, targets.shape) and pred_finite \
                    and np.prod(shape) <= 10**7:
                p, y = np.broadcast_arrays(predictions.astype(np.float64), targets.astype(np.float64))
                record.broadcast_losses = losses.formula_values(p, y)

    def _keep_check_point(self, record, params, grads, matched, raw, acts, pre, kinds):
        """Copies of this (finite) observation for the gradient check, reusing last time's buffers.

        ``raw`` holds inputs, targets and predictions as the loop gave them (its own layout)."""
        point = self.point or {}
        keep = lambda key, new: _copy_dict(point.get(key), new)
        point["params"] = keep("params", {p: params[p] for p in matched})
        point["grads"] = keep("grads", {p: grads[g].reshape(params[p].shape) for p, g in matched.items()})
        prev = {p: self._prev_params[p] for p in matched if p in self._prev_params}
        point["previous_params"] = keep("previous_params", prev) if len(prev) == len(matched) else None
        prev_grads = {p: self._prev_grads[p] for p in matched if p in self._prev_grads}
        point["previous_grads"] = keep("previous_grads", prev_grads) if len(prev_grads) == len(matched) else None
        for key in ("inputs", "targets", "predictions"):
            point[key] = _copy_array(point.get(key), raw[key])
        point["activations"], point["preactivations"] = keep("activations", acts), keep("preactivations", pre)
        point["activation_kinds"] = dict(self.kinds)
        point["loss"], point["lr"] = record.loss, record.lr
        point["epoch"] = record.epoch
        if self.first_point is None:   # kept once, in copies of its own (the point's buffers are reused)
            self.first_point = {"params": _copy_dict(None, point["params"]), "grads": _copy_dict(None, point["grads"]),
                                "inputs": _copy_array(None, raw["inputs"]),
                                "predictions": _copy_array(None, raw["predictions"]), "lr": record.lr}
        point["first"] = self.first_point
        self.point = point

    def _constant_losses(self, targets, names):
        """Loss of predicting 0 and of the best constant, per formula; cached while the targets repeat."""
        key = (targets.shape, names, hash(targets.tobytes()))
        if self._constants_cache[0] != key:
            with np.errstate(all="ignore"):
                self._constants_cache = (key, {
                    "zero_losses": {f: losses.constant_loss(f, 0.0, targets) for f in names},
                    "best_constant": {f: losses.best_constant(f, targets) for f in names}})
        return self._constants_cache[1]

    def _remember(self, params, grads, matched):
        """Keep one copy of the parameters (and matched gradients) to measure the next step."""
        self._prev_params = _copy_dict(self._prev_params, params, keep_missing=True)
        self._prev_grads = _copy_dict(self._prev_grads, {p: grads[g] for p, g in matched.items()})

    # ------------------------------------------------------------------ report
    def report(self, gradient_check=None):
        """The diagnosis so far as a :class:`DoctorReport`, root cause first. Never raises.

        ``gradient_check``: a :class:`~scratchnn.doctor.gradients.GradientEvidence` from a caller
        that checked the gradients itself (``fit(doctor=True)`` checks the model); otherwise the
        doctor checks the last finite observation with ``loss_fn`` or a rebuilt forward pass."""
        try:
            evidence = gradient_check or check_point_evidence(self)
        except Exception as err:  # never let the check break the report
            evidence = GradientEvidence(reason=f"the check failed ({type(err).__name__}: {err})")
        try:
            facts = RunFacts.from_doctor(self, evidence)
        except Exception as err:
            return DoctorReport(findings=[], n_observations=len(self.records),
                                gradients=f"the doctor could not summarise this run ({type(err).__name__}: {err})")
        with np.errstate(all="ignore"):
            findings = run_rules(facts)
        findings, story = order_and_link(findings, facts)
        return DoctorReport(findings=findings, story=story, n_observations=len(self.records),
                            last_loss=facts.last_loss, failing=facts.failing, baseline=facts.baseline,
                            curves=facts.curves(),
                            gradients=evidence.line(problems=any(f.severity != "info" for f in findings)))


def _copy_array(buf, new):
    """A copy of ``new`` (None stays None), written into ``buf`` when its shape and dtype fit."""
    if new is None:
        return None
    if buf is not None and buf.shape == new.shape and buf.dtype == new.dtype:
        np.copyto(buf, new)
        return buf
    return np.array(new, copy=True)


def _copy_dict(old, new, keep_missing=False):
    old = old or {}
    out = dict(old) if keep_missing else {}
    for name, value in new.items():
        out[name] = _copy_array(old.get(name), value)
    return out
