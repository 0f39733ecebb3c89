"""What the whole run looks like, computed once for all rules: the loss curve, which loss formula
the values come from, what the best constant prediction would score, and whether the run fails.

**The gate.** Many symptoms (dead units, saturation, big steps) also appear in runs that learn
fine, so the rules that describe *why a run fails* speak up (warning or error) only when
``failing`` is true:

* the loss is NaN or infinite at the end (unless it is log(0) of outputs rounded to exactly 0 or 1 in
  a run that classifies every sample right: the loss formula fails there, not the training), or
* the recent loss is not clearly below the best constant prediction (> 0.9 x its loss: the network
  has learned at most 10% of what a constant already gets), or
* the loss has stopped moving (see ``plateau_since``) while still above 0.5 x that baseline.

Without a recognised loss formula the baseline is the first observed loss instead. For a negative loss
(a log-likelihood missing its minus sign) "0.9 x" reads "10% of its size lower".
"""
import re

import numpy as np

from . import losses

BIAS_NAME = re.compile(r"(?i)^(b|bias|biases)[_0-9]*$|^(b|bias)_?\w*\d$|^(b|bias|biases)_[a-z]+$")
FAIL_RATIO = 0.9
STALLED_RATIO = 0.5
# A loss is flat when it stays within 0.1% of its final value.
FLAT_RTOL = 1e-3
MIN_FLAT_OBSERVATIONS = 5
# A noisy loss (SGD on single samples) has stalled when, over the last half of a run of 10+
# observations, a fitted line falls by less than 1% (or less than its noise explains).
MIN_STALL_OBSERVATIONS = 10
STALL_RTOL = 0.01
# In a run that already fails, a fall under 5% of the loss's level over the last half is a stall too.
FAILING_STALL_RTOL = 0.05


class RunFacts:
    """Everything the rules read (they never see the :class:`Doctor`): the observations, what was
    learned about the data and the layers along the way, the gradient verdict, and the gate."""

    def __init__(self, records, *, problems=(), loss_name=None, inputs=None, targets=None, kinds=None,
                 output_layer=None, initial_params=None, silent_since=None, gradients=None):
        from .gradients import GradientEvidence
        self.records = list(records)
        self.problems = list(problems)
        self.inputs, self.targets = inputs, targets
        self.kinds, self.output_layer = dict(kinds or {}), output_layer
        self.initial_params = initial_params
        self.silent_since = dict(silent_since or {})
        self.gradients = gradients or GradientEvidence()
        self.epochs = [r.epoch for r in self.records]
        self.loss = np.array([r.loss for r in self.records], dtype=np.float64)
        ok = np.isfinite(self.loss)
        finite = self.loss[ok]
        self.first_loss = float(finite[0]) if len(finite) else None
        self.last_loss = float(self.loss[-1]) if len(self.loss) else None
        k = max(1, min(5, len(finite) // 10))
        self.recent_loss = float(np.median(finite[-k:])) if len(finite) else None
        self.nonfinite_epoch, self.nonfinite_where = None, []
        for r in self.records:
            if r.nonfinite:
                self.nonfinite_epoch, self.nonfinite_where = r.epoch, r.nonfinite
                break
        self.n_samples = next((r.n_samples for r in reversed(self.records) if r.n_samples), None)
        self.loss_name = loss_name or self._recognise_loss()
        self.baseline, self.baseline_constant = self._baseline()
        # (start, end) of the line fitted to the last half when the plateau is a noisy stall.
        self.plateau_line = None
        self.plateau_since = self._plateau_since()
        self.failing = self._failing()
        if self.failing and self.plateau_since is None:
            self.plateau_since = self._plateau_since(FAILING_STALL_RTOL)

    @classmethod
    def from_doctor(cls, doctor, gradients=None):
        return cls(doctor.records, problems=doctor.problems, loss_name=doctor.loss_name, inputs=doctor.inputs,
                   targets=doctor.targets, kinds=doctor.kinds, output_layer=doctor.output_layer,
                   initial_params=doctor.initial_params, silent_since=doctor.silent_since, gradients=gradients)

    def _recognise_loss(self):
        """The formula that reproduces the observed loss on most observations (None if none does)."""
        votes = {}
        for r in self.records:
            for name, value in r.losses.items():
                if losses.matches(value, r.loss):
                    votes[name] = votes.get(name, 0) + 1
        if not votes:
            return None
        best = max(votes, key=votes.get)
        scored = sum(1 for r in self.records if r.losses and np.isfinite(r.loss))
        return best if votes[best] >= max(1, scored // 2) else None

    def _baseline(self):
        """(loss, constant) of the best constant prediction on the latest targets, or (first loss, None)."""
        if self.loss_name:
            for r in reversed(self.records):
                if self.loss_name in r.best_constant:
                    c, value = r.best_constant[self.loss_name]
                    return value, c
        return self.first_loss, None

    def _plateau_since(self, stall_rtol=STALL_RTOL):
        finite = [(e, v) for e, v in zip(self.epochs, self.loss) if np.isfinite(v)]
        if len(finite) < MIN_FLAT_OBSERVATIONS or not np.isfinite(self.loss[-1]):
            return None
        last = finite[-1][1]
        band = FLAT_RTOL * max(abs(last), 1e-12)
        since, count = finite[-1][0], 0
        for e, v in reversed(finite):
            if abs(v - last) > band:
                break
            since, count = e, count + 1
        if count >= max(MIN_FLAT_OBSERVATIONS, len(finite) // 10):
            return since
        return self._stalled_since(finite, stall_rtol)

    def _stalled_since(self, finite, rtol):
        """The first epoch of the last half of a noisy run (10+ observations) when the loss stopped falling
        there, else None: a straight line fitted to that half falls by less than ``rtol`` of its level or by
        less than twice the line's standard error (no fall the noise cannot explain), and rises by at most
        5% (a rise is loss-diverging's)."""
        if len(finite) < MIN_STALL_OBSERVATIONS:
            return None
        half = finite[len(finite) // 2:]
        t, v = np.array([e for e, _ in half], dtype=float), np.array([x for _, x in half])
        level = float(np.mean(v))
        spread = float(np.sum((t - t.mean()) ** 2))
        if not level > 0 or not spread > 0:
            return None
        with np.errstate(all="ignore"):  # a loss of 1e300 overflows the squares: no stall then
            slope, intercept = np.polyfit(t, v, 1)
            residual = v - (slope * t + intercept)
            stderr = np.sqrt(float(np.sum(residual ** 2)) / (len(v) - 2) / spread)
        if not np.isfinite(stderr):
            return None
        span = t[-1] - t[0]
        fall = -slope * span
        if fall >= max(rtol * level, 2 * stderr * span) or fall < -0.05 * level:
            return None
        self.plateau_line = (float(slope * t[0] + intercept), float(slope * t[-1] + intercept))
        return half[0][0]

    def _failing(self):
        if self.last_loss is None:
            return False
        if not np.isfinite(self.last_loss):
            # A NaN that is log(0) of outputs rounded to exactly 0 or 1, in a run that classifies every sample
            # right, is the loss formula's failure, not the training's (non-finite reports it).
            return not self.log_of_zero_when_right(self.records[-1])
        if self.baseline is None or len(self.loss) < 3:
            return False
        # "Not below 0.9x the baseline", written so that it also holds for a negative loss (a log-likelihood
        # whose minus sign is missing): not lower than the baseline by 10% of its size.
        if self.recent_loss > self.baseline - (1 - FAIL_RATIO) * abs(self.baseline):
            return True
        return self.plateau_since is not None and \
            self.recent_loss > self.baseline - (1 - STALLED_RATIO) * abs(self.baseline)

    # -------------------------------------------------------------- helpers for rules
    def log_of_zero(self, record):
        """True when ``record``'s loss is NaN or infinite while its predictions are finite, in [0, 1], with some
        exactly 0 or 1, for class-label targets: log(0) in a cross-entropy (a squared error would stay finite)."""
        return bool(not np.isfinite(record.loss) and record.pred and record.pred.get("pinned")
                    and self.class_label_targets())

    def class_label_targets(self):
        """The targets seen are class labels: 0/1, one-hot rows, or class indices."""
        t = self.targets
        return bool(t and (t["binary"] or t["one_hot"] or t["integer"]))

    def log_of_zero_when_right(self, record):
        """log(0) (see :meth:`log_of_zero`) in an observation that classifies every sample right: the NaN is
        0 * log(0) of outputs rounded to exactly their label, a failure of the loss formula and not of the
        training (a confidently wrong output would make the loss infinite, and is a failure)."""
        return self.log_of_zero(record) and record.accuracy == 1.0

    def layer_series(self, name, key):
        """(epochs, values) of one layer summary field over the run (missing entries skipped)."""
        pairs = [(r.epoch, r.layers[name][key]) for r in self.records
                 if name in r.layers and r.layers[name].get(key) is not None]
        return [e for e, _ in pairs], [v for _, v in pairs]

    def layer_names(self):
        return list(dict.fromkeys(n for r in self.records for n in r.layers))

    def param_names(self):
        return list(dict.fromkeys(n for r in self.records for n in r.params))

    def weight_names(self):
        """Parameters that are matrices and not named as biases (b, b1, bias ...); when none is a matrix (single
        numbers w1, w2, b1), those not named as biases; else all: the ones step sizes are judged on (a bias
        starts at 0 and moves by its own size)."""
        names = self.param_names()
        last = self.records[-1].params
        mats = [n for n in names if n in last and last[n].ndim >= 2 and not BIAS_NAME.match(n)]
        return mats or [n for n in names if not BIAS_NAME.match(n)] or names

    def has_hidden_layer(self):
        """Does the network have a layer before its output? Two or more weight arrays (not biases, more than one
        number each: W1 and W2), two or more layers observed, or one whose width differs from the predictions'.
        One weight array (a linear or logistic regression's theta, softmax regression's W) is a single layer: its
        units see different targets."""
        last = self.records[-1]
        weights = [n for n in self.param_names() if n in last.params and last.params[n].size > 1
                   and not BIAS_NAME.match(n)]
        outputs = np.size(last.pred["mean"]) if last.pred and last.pred.get("finite") else None
        widths = {layer.get("n_units") for layer in last.layers.values()}
        return len(weights) >= 2 or len(self.layer_names()) >= 2 or (outputs is not None and widths - {outputs})

    def curves(self):
        """Per-epoch series for the plot: loss, and per layer dead / saturated fraction, per parameter grad norm."""
        out = {"epoch": list(self.epochs), "loss": self.loss.tolist(), "layers": {}, "grads": {}}
        for name in self.layer_names():
            for key in ("silent", "saturated", "mean_abs"):
                e, v = self.layer_series(name, key)
                if v:
                    n_units = self.records[-1].layers.get(name, {}).get("n_units", 1)
                    out["layers"].setdefault(name, {})[key] = (e, [x / n_units for x in v] if key == "silent" else v)
        for name in self.param_names():
            pairs = [(r.epoch, r.params[name].grad) for r in self.records
                     if name in r.params and r.params[name].grad is not None]
            if pairs:
                out["grads"][name] = ([e for e, _ in pairs], [g for _, g in pairs])
        return out
