"""The finite-difference verdict on the observed gradients, when one can be had.

Three sources, the first that applies: a caller that checked the gradients itself
(``fit(doctor=True)`` checks the model's own layers); ``Doctor(loss_fn=...)``, checked with
:func:`scratchnn.gradchecker.gradcheck`; or, without ``loss_fn``, the forward pass rebuilt from
the observed arrays (:func:`scratchnn.doctor.rebuild.check_gradients`). Every source works on the
last *finite* observation, so a run that ended in NaN is checked where it still had numbers.

The verdict outranks every step-based guess: when it says the gradients are right, no rule may
say otherwise; when it finds a constant factor, that factor is the root cause of the report.
"""
from dataclasses import dataclass

import numpy as np

from ..gradchecker import gradcheck
from .rebuild import CheckPoint, check_gradients
from .rebuild_batches import common_factor
from .rebuild_points import PREVIOUS
from .rules._common import ALIGNED


@dataclass
class GradientEvidence:
    """``report``: the :class:`~scratchnn.gradchecker.GradReport` (None when nothing was checked);
    ``how``: what the check ran through; ``at``: which parameters; ``reason``: why nothing was checked."""

    report: object = None
    how: str = ""
    at: str = ""
    reason: str = ""
    fix: str = ""
    # What the loop could pass so that the check can run ("inputs", "targets", "batch"; see rebuild.NotRebuilt).
    missing: str = ""
    # Gradients computed in float32 carry ~1e-4 relative error; below FLOAT32_NOISE it is no bug.
    float32: bool = False
    # Dead ReLU units the rebuilt forward pass shows at the check point (rebuild_hidden.DeadLayer), and its epoch.
    dead: tuple = ()
    epoch: object = None
    # The output activation of every rebuilt reading that reproduced the observation (rebuild.RebuildCheck).
    output_kinds: tuple = ()
    saturated: tuple = ()   # hidden sigmoid / tanh layers of the rebuilt forward pass (rebuild_hidden.SaturatedLayer)

    @property
    def ok(self):
        """True / False from the check; None when nothing was checked."""
        return None if self.report is None else not self.wrong

    @property
    def wrong(self):
        """The gradients the check found wrong; none when they differ only by the 1/2 convention (see ``half``)."""
        return [] if self.half else self._off()

    @property
    def half(self):
        """1/2 or 2 when every gradient is that factor times the true one: the 1/2 of 1/2 (y - t)^2
        kept in the logged loss and dropped from the gradient, or the other way round. A convention that halves
        or doubles the step, not a bug: the gradients count as right, and the report's line says so."""
        off = self._off()
        c = common_factor(off) if off and len(off) == len(self.report.results) else None   # the whole loss, or none
        return c if c is not None and min(abs(c / 0.5 - 1), abs(c / 2 - 1)) <= 0.01 else None

    def _off(self):
        if self.report is None:
            return []
        return [r for r in self.report.results if not r.ok and not (self.float32 and _within_float32(r))]

    def scale(self):
        """The common factor c > 0 when every wrong gradient is exactly c x the true one, else None (a negative
        factor points the step uphill: a wrong direction, not a wrong size)."""
        return common_factor(self.wrong)

    def line(self, problems=True):
        """The report's one line on the gradients ('' when there were none to check); ``problems``:
        whether the report has warnings, so right gradients point at the training setup."""
        where = f" ({self.at})" if self.at else ""
        if self.report is None:
            return f"gradients: not checked by finite differences ({self.reason})" if self.reason else None
        if self.ok:
            blame = " -- the trouble is in the training setup, not in the backward pass" if problems else ""
            half = f" (up to the 1/2 convention: {self.half:g}x the logged loss's)" if self.half else ""
            return f"gradients: checked by {self.how}{where}: all right{half}{blame}"
        n = len(self.report.results)
        return f"gradients: checked by {self.how}{where}: {len(self.wrong)} of {n} wrong"


FLOAT32_NOISE = 1e-3


def _within_float32(result):
    """A float32 gradient off by rounding only: relative norm error, or a 'factor' of 1, within 1e-3."""
    err = result.rel_norm_error
    return (err == err and err <= FLOAT32_NOISE) or (result.factor is not None and abs(result.factor - 1) <= FLOAT32_NOISE)


def check_point_evidence(doctor):
    """Check the last finite observation of ``doctor`` (loss_fn, else the rebuilt forward pass)."""
    point = doctor.point
    if point is None:
        had_grads = any(s.grad is not None for r in doctor.records for s in r.params.values())
        if not had_grads or not doctor.keep_point:
            return GradientEvidence()
        return GradientEvidence(reason="no observation had finite parameters, gradients and loss to check them at")
    last = doctor.records[-1].epoch
    moved = "" if point["epoch"] == last else f", the last finite one, at epoch {point['epoch']}"
    if doctor.loss_fn is not None:
        return _with_loss_fn(doctor.loss_fn, point, moved)
    fields = {k: v for k, v in point.items() if k != "epoch"}
    fields["loss_name"] = doctor.loss_name
    fields["steps_between"] = any(r.step and all(not cos <= ALIGNED for _, cos in r.step.values())
                                  for r in doctor.records)
    result = check_gradients(CheckPoint(**fields))
    if result.report is None:
        return GradientEvidence(reason=result.reason or "the forward pass could not be rebuilt",
                                missing=result.missing, dead=tuple(result.dead), epoch=point["epoch"],
                                output_kinds=result.output_kinds, saturated=tuple(result.saturated))
    fix = ""
    if "softmax over the samples" in result.rebuilt:
        fix = ("Normalise the softmax over the classes of each sample: np.exp(z) / np.exp(z).sum(axis=1, "
               "keepdims=True) for samples on rows (axis=0 for samples on columns); Python's sum(e) and "
               "np.sum(e, axis=0) on (n, k) outputs add over the samples. Then dZ = A - Y is the right gradient.")
    return GradientEvidence(report=result.report, at=(result.at or "") + moved, float32=_float32(point), fix=fix,
                            how=f"finite differences through the rebuilt forward pass: {result.rebuilt}",
                            dead=tuple(result.dead), epoch=point["epoch"], output_kinds=result.output_kinds,
                            saturated=tuple(result.saturated))


def _float32(point):
    return any(g.dtype.itemsize < 8 for g in point["grads"].values())


def _with_loss_fn(loss_fn, point, moved):
    """gradcheck at the observed parameters; if wrong there, at the previous ones (observe after the update)."""
    candidates = [("the observed parameters", point["params"])]
    if point.get("previous_params"):
        candidates.append((PREVIOUS, point["previous_params"]))
    first, reasons = None, []
    for at, params in candidates:
        try:
            report = gradcheck(loss_fn, {k: np.array(v, dtype=np.float64) for k, v in params.items()},
                               {k: np.array(v, dtype=np.float64) for k, v in point["grads"].items()})
        except Exception as err:  # a loss_fn that fails or returns NaN there
            reasons.append(f"at {at}: {type(err).__name__}: {err}")
            continue
        evidence = GradientEvidence(report=report, how="finite differences of your loss_fn", at=at + moved,
                                    float32=_float32(point))
        if evidence.ok:
            return evidence
        first = first or evidence
    return first or GradientEvidence(reason="; ".join(reasons))
