"""Checking a user's gradients without ``loss_fn``: rebuild the forward pass from what ``observe()`` saw.

When the observed arrays determine a dense network (its parameters in layer order, inputs, and
predictions or a loss to reproduce), the doctor rebuilds that forward pass in float64, confirms it
reproduces the observed predictions and loss, and runs :func:`scratchnn.gradchecker.gradcheck` on
the user's own gradients through it. Nothing is accused on a rebuild that is not confirmed.
"""
from dataclasses import dataclass, field, replace

import numpy as np

from .rebuild_hidden import dead_layers_of_predictions, layer_states
from .rebuild_other_loss import right_under_a_usual_loss
from .rebuild_partial import later_layers, partial_verdict
from .rebuild_points import (UNDONE, candidate_points, float64, gradcheck_through, one_step_between, pair_gradients,
                             same_point)
from .rebuild_network import NotRebuilt, input_views, networks, tied_networks
from .rebuild_reasons import Nearest
from .rebuild_search import layer_kinds, readings
from .rebuild_batches import (MAX_NAMED, MAX_SAMPLES, another_batch, common_factor, no_batch_fits, one_batch, scaled_by,
                              testable)

RTOL = 1e-6            # a rebuild is confirmed when it gives the observed predictions and loss to this
RTOL_FLOAT32 = 1e-4    # ... or to this when the user's loop computed in float32
MAX_CHECKS = 6         # rebuilds checked when several reproduce the observation equally
MAX_SMALL_CHECKS = 16  # ... or this many when the network is small (see checks_allowed)
# Past this the report would keep the user waiting: about 3 s of float64 products on one core here
# (784-128-10 on 1,000 samples: 547 loss evaluations, 1.1e11 flops, 7.4 s).
MAX_FLOPS = 5e10


@dataclass
class CheckPoint:
    """Copies of the last finite observation (the doctor stores it in ``observe``).

    ``grads`` is keyed by the parameter's own name (``W1``, not ``dW1``); ``previous_params`` and
    ``previous_grads`` are those of the observation before (None on the first); ``lr`` the observed
    learning rate.
    """

    params: dict
    grads: dict
    previous_params: dict | None = None
    inputs: np.ndarray | None = None
    targets: np.ndarray | None = None
    predictions: np.ndarray | None = None
    activations: dict = field(default_factory=dict)
    preactivations: dict = field(default_factory=dict)
    activation_kinds: dict = field(default_factory=dict)
    loss: float = float("nan")
    loss_name: str | None = None
    lr: float | None = None
    previous_grads: dict | None = None
    # Set by the rebuild when the inputs were not observed and it tries other arrays as the inputs: what they are
    # ("the observed targets, as an autoencoder's inputs"), and the parameters that then stay unchecked.
    inputs_from: str = ""
    skipped: tuple = ()
    # Set by the doctor when some step between two observations was no plain gradient-descent step along the
    # observed gradients (several minibatches, momentum): a first observation's gradient may be another batch's.
    steps_between: bool = False
    # Copies of the first finite observation (params, grads, inputs, predictions, lr), set by the doctor: the hidden
    # layers are read only through readings that reproduce it too (rebuild_hidden.agreeing_with_first).
    first: dict | None = None


@dataclass
class RebuildCheck:
    """What :func:`check_gradients` did.

    ``rebuilt``: the forward pass and loss it rebuilt (``"X @ W1 + b1 -> relu -> @ W2 + b2 -> sigmoid;
    loss: mean binary cross-entropy"``), "" when none reproduced the observation; ``at``: the
    parameters the check ran at (``"the observed parameters"``, ``"the previous observation's
    parameters"`` ...); ``report``: the :class:`~scratchnn.gradchecker.GradReport`, or None when
    nothing was checked, and then ``reason`` says why in plain words ("" when checked).
    """

    rebuilt: str = ""
    at: str = ""
    report: object = None
    reason: str = ""
    missing: str = ""   # what the loop could pass to make the check possible (see NotRebuilt.missing)
    dead: list = field(default_factory=list)   # rebuild_hidden.DeadLayer: dead ReLU units the rebuild shows
    # The output activation of every reading that reproduced the observation ("sigmoid", "softmax" ...): the
    # output is one of them, whatever the gradients are.
    output_kinds: tuple = ()
    saturated: list = field(default_factory=list)   # rebuild_hidden.SaturatedLayer: hidden layers in their tails


def check_gradients(point: CheckPoint) -> RebuildCheck:
    """Rebuild the forward pass ``point`` determines and check its gradients (see the module docstring).

    Tries every reading the arrays allow (weight layout, samples on axis 0 or 1, activation per
    layer, loss form) at each point the gradients may have been computed at, keeps the readings
    that reproduce the observed predictions and loss, and runs the gradient checker through them.
    When several readings (or points) reproduce the observation, the closest first, the gradients
    are called wrong only if they are wrong under every one of them checked.
    """
    try:
        found, rtol, point, several = _reproductions_or_autoencoder(point)
    except NotRebuilt as why:
        unmatched = getattr(why, "unmatched", [])
        check = _other_loss(point, unmatched) or RebuildCheck(reason=str(why), missing=why.missing)
        check.dead = dead_layers_of_predictions(unmatched, point)
        return check
    except (ValueError, TypeError) as err:
        # Arrays no training loop produces (ragged, object dtype ...): say so, never break the report.
        return RebuildCheck(reason=f"the observed arrays could not be read as a dense network ({type(err).__name__}: "
                                   f"{err})")
    check = _verdict(point, found, several)
    check = partial_verdict(check, point) if point.skipped else check
    # Set here once, for every verdict: the readings the first observation allows.
    check.dead, check.saturated = layer_states(found, point)
    return check


def _verdict(point, found, several):
    """The RebuildCheck of ``point``'s gradients through the reproductions ``found``."""
    outputs = tuple(dict.fromkeys(r.kinds[-1][0] for r in found if r.kinds))
    pairing = pair_gradients(point.params, point.grads)
    # The user's own gradient names (dW1 ...) stay in the checker's messages when it can pair them itself.
    grads = {key if by_name else p: np.asarray(point.grads[key]) for p, (key, by_name) in pairing.items()}
    unchecked = [p for p in point.params if p not in pairing]
    note = f"; not checked, no gradient observed: {', '.join(unchecked)}" if unchecked else ""
    if point.inputs_from:
        note = f" (X: {point.inputs_from})" + note
    if several is not None and point.skipped:
        # Later layers checked through an activation are judged only one plain step apart (rebuild_partial).
        return RebuildCheck(reason=str(several), missing=several.missing, output_kinds=outputs)
    if several is not None:
        return _several_steps(point, found, pairing, grads, note, several, outputs)
    first = None
    checked = found[:checks_allowed(found)]
    for rebuild in checked:
        try:
            report = gradcheck_through(rebuild, pairing, grads)
            if not report.ok:
                rebuild, report = _right_elsewhere(point, rebuild, pairing, grads) or (rebuild, report)
        except ValueError as err:
            return RebuildCheck(rebuilt=rebuild.description, at=rebuild.at, output_kinds=outputs,
                                reason=f"the gradient checker could not run through the rebuild: {err}")
        check = RebuildCheck(rebuilt=rebuild.description + note, at=rebuild.at, report=report,
                             output_kinds=outputs)
        if report.ok:
            return check
        first = first or check
    if len(found) > len(checked):
        # Readings left unchecked might find the gradients right: with this many, nothing is accused.
        return RebuildCheck(rebuilt=first.rebuilt, at=first.at, output_kinds=outputs,
                            reason=f"{len(found)} readings of the observation reproduce it (activations or loss "
                                   f"forms it cannot tell apart); the gradients are wrong under the {len(checked)} "
                                   f"checked, but with so many readings the rebuild is not determined, so nothing "
                                   f"is accused")
    if common_factor([r for r in first.report.results if not r.ok]) is None:
        # Wrong for the whole observed data at every point: it may still be a minibatch's (or one sample's)
        # gradient logged next to the whole data's predictions and loss.
        batch = _another_batch(point, checked, pairing, grads, note, outputs)
        if batch is not None:
            return batch
    if len(checked) > 1:
        others = len(found) - 1
        first.rebuilt += (f" (and {others} other reading{'s' if others > 1 else ''} of the observation; the gradients "
                          f"are wrong under {'it' if others == 1 else 'each'} too)")
    return first


def _right_elsewhere(point, rebuild, pairing, grads):
    """(rebuild at another candidate point, its report) when the gradients are right there, else None.

    The forward pass a reading confirms at one point holds at every point; the gradients may have been computed
    at another one than the predictions (a loop that logs the predictions after its update, the gradient from
    before it), so they are wrong only if they are wrong at every point they may have been computed at."""
    for at, values in candidate_points(point):
        if same_point(values, rebuild.params):
            continue
        moved = replace(rebuild, params=values, at=at)
        try:
            report = gradcheck_through(moved, pairing, grads)
        except ValueError:    # the loss is not finite there: the gradients were not computed there
            continue
        if report.ok:
            return moved, report
    return None


def _several_steps(point, found, pairing, grads, note, several, outputs):
    """The check when the parameters moved by more than one plain step between the last two observations.

    The observed gradient may then come from another batch or another point than the observed predictions,
    so the full-batch check alone cannot say "wrong" (it can say "right": no other batch's gradient equals the
    observed samples' own). The gradient of one batch of them at a point it may have been computed at is checked
    on that batch (rebuild_batches.one_batch: right, or |B| x it). Two verdicts of "wrong" hold whatever batch it
    came from: every wrong gradient exactly n x (or 1/n x) the true one (see _summed_over_samples), or no batch of
    the observed samples having the observed gradient at any point it may have been computed at
    (rebuild_batches.no_batch_fits)."""
    unchecked = RebuildCheck(reason=str(several), missing=several.missing, output_kinds=outputs)
    if sum(np.size(g) for g in grads.values()) < 2 or len(found) > checks_allowed(found):
        return unchecked
    try:
        reports = [gradcheck_through(found[0], pairing, grads)]
        # The other readings are checked only when a verdict may come of it (each check of a large network
        # costs about a second): the first is right, or may be m x, or the batch test may run.
        if not reports[0].ok and not _summed_over_samples(found[:1], reports, pairing, note, outputs) \
                and any(rebuild.x is None or len(rebuild.x) > MAX_SAMPLES for rebuild in found):
            return unchecked
        reports += [gradcheck_through(rebuild, pairing, grads) for rebuild in found[1:]]
    except ValueError:
        return unchecked
    if not any(report.ok for report in reports):
        elsewhere = _right_elsewhere(point, found[0], pairing, grads)
        if elsewhere is not None:
            found, reports = [elsewhere[0]], [elsewhere[1]]
    if any(report.ok for report in reports):
        # The whole observed batch's gradient, whatever happened between the observations: right.
        right = next(i for i, report in enumerate(reports) if report.ok)
        return RebuildCheck(rebuilt=found[right].description + note, at=found[right].at, report=reports[right],
                            output_kinds=outputs)
    summed = _summed_over_samples(found, reports, pairing, note, outputs)
    if summed is not None:
        return summed
    where = candidate_points(point)
    if any(common_factor([r for r in report.results if not r.ok]) for report in reports) \
            or not _batch_test_affordable(point, found, pairing, where):
        # Exactly c x the whole data's gradient, c not m: a convention the learning rate may make up for (the 1/2 of
        # a summed squared error next to a logged mean). No batch's gradient is that, but the factor is told only
        # when observations one plain step apart check it against the whole data.
        return unchecked
    batch = one_batch(found, where, pairing, grads)
    if batch is not None:
        return _on_its_batch(batch, note, outputs)
    off = no_batch_fits(found, where, pairing, grads)
    if off is None:
        return unchecked
    wrong = next(i for i, report in enumerate(reports) if not report.ok)
    return RebuildCheck(rebuilt=found[wrong].description + note, report=reports[wrong], output_kinds=outputs, at=f"{found[wrong].at}; {off}")


def _another_batch(point, found, pairing, grads, note, outputs):
    """A RebuildCheck when the observed gradient, wrong for the whole observed data at every point, may be another
    batch's (rebuild_batches.another_batch): checked on the one batch of the observed samples whose gradient it is
    (right, or summed over that batch: a factor), or not checked when a batch of the loss's form may have it; None
    when none can, or the test cannot run."""
    where = candidate_points(point)
    if not all(testable(rebuild, MAX_NAMED) for rebuild in found) \
            or not _batch_test_affordable(point, found, pairing, where):
        return None
    batch = another_batch(found, where, pairing, grads)
    if isinstance(batch, str):
        return RebuildCheck(rebuilt=found[0].description + note, reason=batch, missing="batch", output_kinds=outputs)
    return None if batch is None else _on_its_batch(batch, note, outputs)


def _on_its_batch(batch, note, outputs):
    """The RebuildCheck of a gradient checked on the one batch whose gradient it is: (Rebuild on it, GradReport)."""
    rebuild, report = batch
    return RebuildCheck(rebuilt=rebuild.description + note, at=rebuild.at, report=report, output_kinds=outputs)


def _batch_test_affordable(point, found, pairing, where):
    """The samples' own gradients at every point, under every reading, cost at most a tenth of MAX_FLOPS."""
    _, per_loss, _ = _check_cost(found[0].params, found[0].net, found[0].x.size)
    entries = sum(np.size(point.params[p]) for p in pairing)
    return 2 * entries * per_loss * len(found) * len(where) <= MAX_FLOPS / 10


def _summed_over_samples(found, reports, pairing, note, outputs):
    """Every wrong gradient exactly n x (or 1/n x) the true one at the observed point, n the number of observed
    samples, under every reading checked (2+ gradient entries): no other batch's gradient is a multiple of this
    one entry by entry; that is a gradient summed over the samples of a mean loss (missing 1/m), or divided by m
    once too often (rebuild_batches.scaled_by). None otherwise."""
    if not all(scaled_by(report, rebuild.n) for rebuild, report in zip(found, reports)):
        return None
    rebuild, report = found[0], reports[0]
    n, c = rebuild.n, next(r.factor for r in report.results if not r.ok)
    factor = f"m = {n} times" if c > 1 else f"1/m = 1/{n} of"
    return RebuildCheck(rebuilt=rebuild.description + note, report=report, output_kinds=outputs,
                        at=f"{rebuild.at}; more than one step after the observation before, but every wrong gradient "
                           f"is exactly {factor} the true one, which no other batch's gradient is")


def _other_loss(point, unmatched):
    """A RebuildCheck when the gradients are right for a usual loss of reproduced predictions whose logged value
    is no usual loss (see rebuild_other_loss), else None."""
    if not unmatched or not point.grads:
        return None
    grads = {p: np.asarray(point.grads[k], dtype=np.float64) for p, (k, _) in pair_gradients(point.params, point.grads).items()}
    try:
        found = right_under_a_usual_loss(unmatched, grads, point.loss)
    except (ValueError, FloatingPointError):
        return None
    if found is None:
        return None
    described, at, report = found
    return RebuildCheck(rebuilt=described, at=at, report=report)


def _reproductions_or_autoencoder(point):
    """``_reproductions(point)`` and the point they hold for. Without observed inputs, other arrays are tried
    as the inputs: the targets, when the predictions have their shape (an autoencoder reconstructs its inputs,
    and the loop passed them as targets), then each observed hidden activation as the input of the layers after
    it (see rebuild_partial). The rebuild must still reproduce the observed predictions and loss, so a wrong
    guess checks nothing (and the reason stays: the inputs were not observed)."""
    try:
        found, rtol, several = _reproductions(point)
        return found, rtol, point, several
    except NotRebuilt as why:
        if point.inputs is not None or why.missing != "inputs":
            raise
        reason = why
    others = later_layers(point)
    if point.targets is not None and point.predictions is not None \
            and np.shape(point.predictions) == np.shape(point.targets):
        others.insert(0, replace(point, inputs=point.targets, inputs_from="the observed targets, as an autoencoder's "
                                                                          "inputs"))
    for other in others:
        try:
            found, rtol, several = _reproductions(other)
            return found, rtol, other, several
        except NotRebuilt:
            continue
    raise reason


def _reproductions(point):
    """([Rebuild] that reproduce the observation, tolerance used, NotRebuilt or None), or NotRebuilt saying why
    none does. The third is :func:`_one_step_between`'s objection (more than one plain step between the last two
    observations): the forward pass is rebuilt anyway, but the gradients are then checked only for a factor m."""
    if not point.params:
        raise NotRebuilt("no parameters were observed")
    if not point.grads:
        raise NotRebuilt("no gradients were observed")
    if not pair_gradients(point.params, point.grads):
        raise NotRebuilt(f"no gradient could be paired with a parameter (gradients {', '.join(map(str, point.grads))}; "
                         f"parameters {', '.join(map(str, point.params))}): name them after their parameters "
                         f"(dW1 for W1) or pass them in the same order")
    if point.inputs is None:
        raise NotRebuilt("the inputs were not observed: pass inputs=X to observe() so that the forward pass "
                         "can be rebuilt", missing="inputs")
    if point.targets is None:
        raise NotRebuilt("the targets were not observed: pass targets=y to observe() so that the loss can be "
                         "rebuilt", missing="targets")
    if point.loss is None or not np.isfinite(point.loss):
        raise NotRebuilt(f"the loss is {point.loss}, and a rebuild is confirmed only by reproducing a finite loss")
    float32 = any(np.asarray(a).dtype == np.float32 for a in
                  [point.inputs, point.predictions, *point.params.values()] if a is not None)
    rtol = RTOL_FLOAT32 if float32 else RTOL
    if not all(np.all(np.isfinite(np.asarray(point.grads[k], dtype=np.float64)))
               for k, _ in pair_gradients(point.params, point.grads).values()):
        raise NotRebuilt("the gradients hold NaN or inf at the last observation with a finite loss, so there "
                         "is no finite point to check them at")
    if not np.all(np.isfinite(np.asarray(point.inputs, dtype=np.float64))):
        raise NotRebuilt("the inputs hold NaN or inf, so no forward pass can reproduce the observation")
    params = float64(point.params)
    try:
        nets, unchained = networks(params), None
    except NotRebuilt as why:
        nets, unchained = [], why
    tied = tied_networks(params)
    if not nets and not tied:
        raise unchained
    _within_budget(params, (nets or tied)[0], np.size(point.inputs))
    try:
        one_step_between(point, params)
        several = None
    except NotRebuilt as why:   # the forward pass can still be rebuilt; its gradient verdict is limited
        several = why
    near = Nearest(point.predictions is not None)
    points = candidate_points(point)
    if not points:
        raise NotRebuilt("the parameters hold NaN or inf at the last observation with a finite loss, and no "
                         "earlier finite parameters were kept to check the gradients at")
    found = _search(point, nets, points, params, rtol, near)
    if not found and tied:
        # One weight matrix that reproduces nothing as one layer: a tied autoencoder (what came close to the
        # untied reading stays the reason when this finds nothing either).
        found = _search(point, tied, points, params, rtol, near if not nets else Nearest(False))
    if not found and unchained is not None:
        raise unchained
    if not found and several is not None:
        raise several
    if several is not None and all(r.at.startswith(UNDONE) for r in found):
        # Observed after a plain step, several steps after the last observation: the predictions and loss are
        # reproduced only one step before the observed parameters, where the gradients moved them from. Gradients,
        # predictions and loss then come from one forward pass, as when observe() is called every step.
        several = None
    if not found:
        why = NotRebuilt(near.reason())
        why.unmatched = near.unmatched
        raise why
    return sorted(found, key=lambda r: r.gap), rtol, several


def _search(point, nets, points, params, rtol, near):
    """[Rebuild] of ``nets`` at ``points`` that reproduce the observation; the kinds activation_kinds declares
    first, and if they reproduce nothing, every kind."""
    found = []
    for pinned in (True, False):
        for at, values in points:
            for net in nets:
                dims = net.dims(params)
                views = input_views(point.inputs, dims[0][0])
                if not views:
                    near.inputs(point.inputs, dims[0][0])
                kinds = layer_kinds(point, len(dims), pinned)
                for rows, x in views:
                    found += readings(point, net, dims, rows, x, values, at, kinds, rtol, near)
        if found or not point.activation_kinds:
            break
    return found


def _check_cost(params, net, input_size):
    """(samples, flops of one loss evaluation, loss evaluations of one gradient check); see _within_budget."""
    dims = net.dims(params)
    n = input_size // dims[0][0]
    evaluations = 2 * sum(p.size if p.size <= 512 else 60 for p in params.values()) + 60
    return n, 2.0 * n * sum(i * o for i, o in dims), evaluations


def checks_allowed(found):
    """How many readings to check: MAX_CHECKS, or up to MAX_SMALL_CHECKS when their checks together stay
    within a hundredth of MAX_FLOPS (a small network: checking every reading costs milliseconds)."""
    first = found[0]
    _, per_loss, evaluations = _check_cost(first.params, first.net, first.x.size) if first.net is not None \
        else (0, float("inf"), 1)
    fits = int(MAX_FLOPS / 100 // max(per_loss * evaluations, 1.0))
    return max(MAX_CHECKS, min(MAX_SMALL_CHECKS, fits))


def _within_budget(params, net, input_size):
    """NotRebuilt when the check would cost more than MAX_FLOPS.

    One loss evaluation costs 2 n sum(in * out) flops; the checker evaluates the loss twice per probe:
    per entry of a tensor of <= 512 entries, about 60 probes of a larger one (4 directions, up to 16
    row and 16 column blocks, 16 entries, a few kink retries: see gradchecker.probes).
    """
    n, per_loss, evaluations = _check_cost(params, net, input_size)
    if per_loss * evaluations > MAX_FLOPS:
        raise NotRebuilt(f"checking would take about {evaluations} evaluations of the loss over {n} samples "
                         f"({per_loss * evaluations / 1e9:.0f} GFLOP), too long for a report: check the gradients "
                         f"with scratchnn.gradcheck on a small batch, or pass Doctor(loss_fn=...)")
