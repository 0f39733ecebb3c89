"""The :class:`Doctor`: watches a training loop one observation at a time and explains it.

    doctor = Doctor()
    for epoch in range(epochs):
        ...                                   # the user's own forward, loss, backward, update
        doctor.observe(epoch=epoch, loss=loss, params={"W1": W1, ...}, grads={"W1": dW1, ...},
                       activations={"hidden": a1}, activation_kinds={"hidden": "relu"},
                       inputs=X, targets=y, predictions=y_hat, lr=lr)
    print(doctor.report())

``observe`` keeps summaries (a few numbers per layer and parameter, one copy of the parameters and
gradients of the previous observation to measure the step) and no reference to the caller's
arrays, which training loops overwrite in place. ``report`` runs every rule in
:mod:`scratchnn.doctor.rules` over those summaries.
"""
import numpy as np

from . import losses, observation as obs, summaries
from .facts import RunFacts
from .findings import DoctorReport
from .rules import run_rules
from .story import order_and_link

RECOGNITION_OBSERVATIONS = 20


class Doctor:
    """Watches one training run.

    Args:
        loss: name of the loss the values come from (``"mse"``, ``"bce"``, ``"cross_entropy"`` ...,
            see :mod:`scratchnn.doctor.losses`) when known; otherwise it is recognised from the values.
        loss_fn: optional ``loss_fn(params) -> float`` computing the training loss for a dict of
            parameters; with it a suspected gradient mismatch is checked by finite differences
            (through :mod:`scratchnn.gradchecker` when that package is installed).
    """

    def __init__(self, loss=None, loss_fn=None):
        if loss is not None and losses.ALIASES.get(loss, loss) not in losses.FORMULAS:
            raise obs.InputError(f"loss must be one of {', '.join(losses.FORMULAS)} (or None to recognise it), got {loss!r}")
        self.loss_name = losses.ALIASES.get(loss, loss)
        self.loss_fn = loss_fn
        self.records = []
        self.inputs = None          # summary of the first inputs seen
        self.targets = None         # range of the targets seen: min, max, binary, one-hot
        self.kinds, self.output_layer = {}, None
        self.initial_params = None  # {"constant": bool, "value": float} of the first parameters
        self.silent_since = {}      # layer -> per-unit epoch from which it has been silent (-1: active)
        self.check_point = {}       # with loss_fn: (params, grads) pairs for the gradient checker
        self._prev_params, self._prev_grads = {}, {}
        self._constants_cache = (None, None)
        self._prev_grad_norms = {}
        self._loss_votes = ({}, 0)   # formula -> observations it reproduced, observations scored

    # ------------------------------------------------------------------ observe
    def observe(self, epoch=None, loss=None, params=None, grads=None, activations=None, preactivations=None,
                activation_kinds=None, inputs=None, targets=None, predictions=None, lr=None):
        """Record one step or epoch of training (see the module docstring). Only ``loss`` is required."""
        if loss is None:
            raise obs.InputError("observe needs loss=<the training loss of this step or epoch>")
        loss = obs.as_number(loss, "loss")
        lr = None if lr is None else obs.as_number(lr, "lr", positive=True)
        epoch = obs.check_epoch(epoch, self.records[-1]["epoch"] if self.records else None)
        params, grads = obs.as_dict(params, "params"), obs.as_dict(grads, "grads")
        acts, pre = obs.as_dict(activations, "activations"), obs.as_dict(preactivations, "preactivations")
        kinds = obs.check_kinds(activation_kinds, set(acts) | set(pre))
        inputs, targets, predictions = (None if v is None else obs.as_array(v, name) for v, name in
                                        ((inputs, "inputs"), (targets, "targets"), (predictions, "predictions")))
        n, source = obs.sample_count(targets, predictions, inputs)
        for what, arr in [("inputs", inputs), ("predictions", predictions),
                          *((f"activations[{k!r}]", v) for k, v in acts.items()),
                          *((f"preactivations[{k!r}]", v) for k, v in pre.items())]:
            if arr is not None and n is not None:
                obs.check_samples_axis(arr, what, n, source)
        matched = obs.match_grads(params, grads)

        record = {"epoch": epoch, "loss": loss, "lr": lr, "nonfinite": [] if np.isfinite(loss) else ["loss"]}
        record["params"] = self._param_summaries(params, grads, matched, record)
        record["step"] = self._step_alignment(grads, matched)
        record["layers"] = self._layer_summaries(acts, pre, kinds, predictions, epoch, record)
        if predictions is not None:
            record["pred"] = summaries.prediction_summary(predictions)
            if not record["pred"]["finite"]:
                record["nonfinite"].append("predictions")
        if predictions is not None and targets is not None:
            self._compare_with_targets(predictions, targets, record)
        if inputs is not None and self.inputs is None:
            self.inputs = summaries.input_summary(inputs)
        if self.loss_fn is not None and matched:
            self._keep_check_point(params, grads, matched)
        self._remember(params, grads, matched)
        self.records.append(record)

    def _param_summaries(self, params, grads, matched, record):
        """Norm, step ||p_t - p_(t-1)|| and gradient norm per parameter; also fills ``self._deltas``."""
        out, self._deltas, self._grad_norms, self._update_norms = {}, {}, {}, {}
        if self.initial_params is None and params:
            values = np.concatenate([p.ravel() for p in params.values()])
            self.initial_params = {"constant": bool(np.all(values == values[0])), "value": float(values[0]),
                                   "names": list(params)}
        for name, p in params.items():
            s = {"norm": summaries.norm(p), "ndim": p.ndim, "size": p.size, "update": None, "grad": None}
            prev = self._prev_params.get(name)
            if prev is not None and prev.shape == p.shape:
                # The step since the last observation, computed once and reused by _step_alignment.
                d = self._deltas[name] = p - prev
                s["update"] = summaries.norm(d)
            if name in matched:
                s["grad"] = summaries.norm(grads[matched[name]])
                self._grad_norms[name] = s["grad"]
            if s["update"] is not None:
                self._update_norms[name] = s["update"]
            if not np.isfinite(s["norm"]):
                record["nonfinite"].append(f"params[{name!r}]")
            if s["grad"] is not None and not np.isfinite(s["grad"]):
                record["nonfinite"].append(f"grads[{matched[name]!r}]")
            out[name] = s
        return out

    def _step_alignment(self, grads, matched):
        """How the step taken since the last observation lines up with the observed gradients.

        ``after``: this observation's grads g_t against the change dp = p_t - p_(t-1) (parameters
        observed after the update); ``before``: the previous grads g_(t-1) (observed before it).
        Each is (g . dp, cos(g, dp)); plain gradient descent gives cos = -1 for the right pairing.
        """
        out = {}
        for pairing, source in (("after", {p: grads[g] for p, g in matched.items()}), ("before", self._prev_grads)):
            dot = gg = dd = 0.0
            used = [name for name in source if name in self._deltas]
            for name in used:
                d, g = self._deltas[name], source[name]
                dot += summaries.dot(g, d)
                gg += (self._prev_grad_norms if pairing == "before" else self._grad_norms)[name] ** 2
                dd += self._update_norms[name] ** 2
            if used and gg > 0 and dd > 0 and np.isfinite(dot):
                out[pairing] = (dot, dot / np.sqrt(gg * dd))
        self._deltas, self._prev_grad_norms = {}, self._grad_norms
        return out

    def _layer_summaries(self, acts, pre, kinds, predictions, epoch, record):
        out = {}
        for name in list(dict.fromkeys([*pre, *acts])):
            kind = kinds.get(name, self.kinds.get(name))
            self.kinds.setdefault(name, kind)
            s = summaries.layer_summary(acts.get(name), pre.get(name), kind)
            if not s["finite"]:
                record["nonfinite"].append(f"activations[{name!r}]")
            silent = s.pop("silent")
            if silent is not None:
                since = self.silent_since.get(name)
                if since is None or len(since) != len(silent):
                    since = np.full(len(silent), -1)
                since = np.where(silent, np.where(since < 0, epoch, since), -1)
                self.silent_since[name] = since
                s["silent"] = int(silent.sum())
            if self.output_layer is None and predictions is not None and s["finite"]:
                a = acts[name] if name in acts else summaries.activate(pre[name], kind)
                if a is not None and a.size == predictions.size and np.allclose(a.ravel(), predictions.ravel()):
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
        if scored < RECOGNITION_OBSERVATIONS and np.isfinite(record["loss"]):
            for name, value in record["losses"].items():
                votes[name] = votes.get(name, 0) + losses.matches(value, record["loss"])
            self._loss_votes = (votes, scored + 1)

    def _compare_with_targets(self, predictions, targets, record):
        t = targets.reshape(len(targets), -1).astype(np.float64)
        if summaries.finite(t):
            binary = bool(np.all((t == 0) | (t == 1)))
            one_hot = binary and t.shape[1] > 1 and bool(np.all(t.sum(axis=1) == 1))
            seen = self.targets or {"min": np.inf, "max": -np.inf, "binary": True, "one_hot": True}
            self.targets = {"min": min(seen["min"], float(t.min())), "max": max(seen["max"], float(t.max())),
                            "binary": seen["binary"] and binary, "one_hot": seen["one_hot"] and one_hot,
                            "spread": float(np.max(t.max(axis=0) - t.min(axis=0)))}
        record["shapes"] = (predictions.shape, targets.shape)
        if predictions.size == targets.size and record.get("pred", {}).get("finite"):
            record["losses"] = losses.formula_values(predictions, targets, self._candidate_formulas())
            self._count_votes(record)
            record.update(self._constant_losses(targets, tuple(record["losses"])))
        if predictions.shape != targets.shape:
            try:
                shape = np.broadcast_shapes(predictions.shape, targets.shape)
            except ValueError:
                shape = None
            record["broadcast_shape"] = shape
            if shape is not None and shape not in (predictions.shape, targets.shape) and record.get("pred", {}).get("finite"):
                p, y = np.broadcast_arrays(predictions.astype(np.float64), targets.astype(np.float64))
                record["broadcast_losses"] = losses.formula_values(p, y)

    def _keep_check_point(self, params, grads, matched):
        """Copies for the gradient checker: grads with the parameters now and with the previous ones."""
        g = {p: grads[k].copy() for p, k in matched.items()}
        self.check_point = {"before": ({p: params[p].astype(np.float64) for p in matched}, g)}
        if all(p in self._prev_params for p in matched):
            self.check_point["after"] = ({p: self._prev_params[p].astype(np.float64) for p in matched}, g)

    def _constant_losses(self, targets, names):
        """Loss of predicting 0 and of the best constant, per formula; cached while the targets repeat."""
        key = (targets.shape, names, hash(targets.tobytes()))
        if self._constants_cache[0] != key:
            self._constants_cache = (key, {
                "zero_losses": {f: losses.constant_loss(f, 0.0, targets) for f in names},
                "best_constant": {f: losses.best_constant(f, targets) for f in names}})
        return self._constants_cache[1]

    def _remember(self, params, grads, matched):
        """Keep one copy of the parameters (and matched gradients) to measure the next step."""
        for name, p in params.items():
            buf = self._prev_params.get(name)
            if buf is None or buf.shape != p.shape or buf.dtype != p.dtype:
                self._prev_params[name] = p.copy()
            else:
                np.copyto(buf, p)
        kept = {}
        for name, g in matched.items():
            buf = self._prev_grads.get(name)
            kept[name] = grads[g].copy() if buf is None or buf.shape != grads[g].shape or buf.dtype != grads[g].dtype \
                else np.copyto(buf, grads[g]) or buf
        self._prev_grads = kept

    # ------------------------------------------------------------------ report
    def report(self):
        """The diagnosis so far as a :class:`DoctorReport`, root cause first."""
        facts = RunFacts(self)
        findings = run_rules(facts)
        findings, story = order_and_link(findings)
        return DoctorReport(findings=findings, story=story, n_observations=len(self.records),
                            last_loss=facts.last_loss, failing=facts.failing, baseline=facts.baseline,
                            curves=facts.curves())
