"""saturated-activation: sigmoid or tanh units stuck in their flat tails."""
import numpy as np

from ._common import Rule, g, gated, percent, streak_start
from .output_activation_mismatch import kind_words, squashed

FRACTION = 0.9
WINDOW = 3
# Confidently wrong samples (under 0.01 for their true class) that make saturated outputs a failure: 1%.
SURE_WRONG = 0.01

RULE = Rule(
    "saturated-activation", "Sigmoid or tanh units sit in their flat tails",
    "`warning` when the run fails, `info` for a hidden layer otherwise.",
    "In its tails a sigmoid or tanh is flat, so its derivative is nearly 0 and almost no gradient flows back "
    "through it: the weights before it stop learning.",
    "At least 90% of a layer's values beyond the tails, averaged over the last 3 observations: sigmoid below "
    "0.01 or above 0.99 (|z| > 4.6), where a(1 - a) < 0.0099, under 4% of its peak 0.25; tanh beyond |a| > 0.99 "
    "(derivative under 2%). Convolution layers are judged per channel. Confident outputs are what a classifier "
    "should end with, so the output layer is judged only when the run fails (and, under a cross-entropy, only when "
    "at least 1% of the samples are confidently wrong, see below). When no observed activation is the "
    "output, predictions in (0, 1] (not all one value) under a squared-error loss are judged as a sigmoid output: "
    "there the loss's gradient is multiplied by a(1 - a); predictions that are all one value, or one sample, "
    "count too when the output is known to squash: every reading of the forward pass rebuilt from the observed "
    "arrays ends in a sigmoid, tanh or softmax, or the predictions stayed inside (0, 1) at 5+ observations while "
    "the targets lie outside [0, 1]. With cross-entropy it is not, so predictions in [0, 1] "
    "are judged per sample (one output below 0.01 or above 0.99, or a row whose largest probability is above 0.99), "
    "including outputs rounded to exactly 0 or 1, when the loss is recognised as a cross-entropy, is NaN / inf "
    "where finite predictions hold an exact 0 or 1 for class-label targets (log(0)), or is no formula the doctor "
    "knows while the targets are class labels, and at least 1% of the samples "
    "are confidently wrong (under 0.01 for their true class): outputs that are confidently right are what a "
    "classifier should end with. When the loop passes no hidden activations, a forward pass rebuilt from its "
    "arrays (confirmed by reproducing its predictions and loss) shows its hidden layers at the last finite "
    "observation: a hidden layer counts when every reading of the observation (that also reproduces the first "
    "observation's predictions, when some do) makes it the same sigmoid or tanh and at least 90% of its values sit "
    "in the tails under each of them.",
    "Scale the inputs, use smaller initial weights (Xavier: std = sqrt(1 / fan_in)) and a smaller learning rate; "
    "prefer ReLU or tanh in hidden layers; check that the sigmoid is applied once per layer.",
    where="the layer.",
    example="Seed 003: its neurons already apply the sigmoid and the output applies it again; `neuron2` "
            "saturates at 0, so the output is sigmoid(0) = 0.5 for every sample and the loss sits at 0.25.")


CROSS_ENTROPIES = ("bce", "cross_entropy")
SQUASHING = ("sigmoid", "tanh", "softmax")
SQUARED = ("mse", "half_mse", "sse", "half_sse", "sse_per_sample", "half_sse_per_sample")
CROSS_ENTROPY_WHAT = (
    "Sigmoid or softmax outputs this close to 0 or 1 come from pre-activations of tens or more (|z| > 4.6 puts a "
    "sigmoid within 0.01 of 0 or 1; in float64 it is exactly 1.0 beyond z = 37): weights far too large for their "
    "inputs. With cross-entropy the output's own gradient p - y does not vanish, but each confidently wrong output "
    "costs -log(p), infinite (a NaN loss) once p rounds to exactly 0 or 1, and drives the largest possible step, "
    "|p - y| = 1 times its inputs.")
CROSS_ENTROPY_FIX = (
    "Scale the inputs, start from small weights (Xavier: std = sqrt(1 / fan_in); zeros for a logistic "
    "regression) and lower the learning rate; compute the loss from z (log-sum-exp) or guard the log: "
    "np.log(np.clip(p, 1e-12, 1 - 1e-12)).")


def check(facts):
    out = []
    for name in facts.layer_names():
        epochs, sat = facts.layer_series(name, "saturated")
        if not sat or np.mean(sat[-WINDOW:]) < FRACTION:
            continue
        if name == facts.output_layer and not facts.failing:
            continue
        # An output under cross-entropy keeps its gradient p - y: only confidently wrong samples make it a problem.
        cross_entropy = name == facts.output_layer and (facts.loss_name in CROSS_ENTROPIES or _log_of_zero(facts))
        if cross_entropy and _sure_wrong(facts) < SURE_WRONG:
            continue
        _, level = facts.layer_series(name, "level")
        kind = facts.kinds.get(name)
        since = streak_start(epochs, [s >= FRACTION for s in sat])
        since = epochs[-1] if since is None else since   # epoch 0 is a start too
        mean = f" (mean activation {g(level[-1])})" if level else ""
        wrong = f", {percent(_sure_wrong(facts))} of the samples confidently wrong" if cross_entropy else ""
        out.append(RULE.finding(
            gated(facts), f"{kind} units in {name} saturated",
            f"{percent(sat[-1])} of the {kind} values in {name} sit in its flat tails{mean} since epoch {since}"
            f"{wrong}",
            message=CROSS_ENTROPY_WHAT if cross_entropy else None, fix=CROSS_ENTROPY_FIX if cross_entropy else None,
            since=since, where=name, link=f"{kind} in {name} saturated{mean}"))
    return out + _rebuilt(facts) + _squashed_output(facts)


def _rebuilt(facts):
    """Saturated hidden layers the loop never passed, seen through the rebuilt forward pass (see
    :mod:`scratchnn.doctor.rebuild_hidden`), when no layer was observed."""
    if facts.layer_names():
        return []
    out = []
    for layer in facts.gradients.saturated:
        if layer.fraction < FRACTION:
            continue
        where = f"the layer of {layer.weight}"
        mean = f" (mean activation {g(layer.level)})"
        out.append(RULE.finding(
            gated(facts), f"{layer.kind} units in {where} saturated",
            f"the rebuilt forward pass (it reproduces the observed predictions and loss) at epoch "
            f"{facts.gradients.epoch} puts {percent(layer.fraction)} of the {layer.kind} values of the "
            f"{layer.n_units} units in {where} in the flat tails{mean} on the {layer.samples} observed samples",
            since=facts.gradients.epoch, where=where, link=f"{layer.kind} after {layer.weight} saturated{mean}"))
    return out


def _squashed_output(facts):
    """The finding for predictions in [0, 1] stuck in the tails, when no observed layer is the output."""
    if facts.output_layer is not None or not facts.failing:
        return []
    if facts.loss_name in SQUARED:
        return _squared_output(facts)
    return _cross_entropy_output(facts)


def _streak(facts, key, open_only=False):
    """(records whose predictions have ``key``, since) when the last WINDOW of them average >= FRACTION of it."""
    recs = [r for r in facts.records if r.pred and r.pred.get(key) is not None
            and (r.pred.get("open") or not open_only)]
    if len(recs) < WINDOW or np.mean([r.pred[key] for r in recs[-WINDOW:]]) < FRACTION:
        return None, None
    since = streak_start([r.epoch for r in recs], [r.pred[key] >= FRACTION for r in recs])
    since = recs[-1].epoch if since is None else since
    return recs, since


def _squared_output(facts):
    squashing = _squashing_output(facts)
    recs, since = _streak(facts, "tails", open_only=not squashing)
    if recs is None:
        return []
    read = f"{squashing}" if squashing else "all in (0, 1], read as sigmoid outputs"
    return [RULE.finding(
        "warning", "the outputs are saturated",
        f"{percent(recs[-1].pred['tails'])} of the predictions ({read}) are below 0.01 or above 0.99 since epoch "
        f"{since}, and the squared-error loss multiplies their gradient by the output's derivative, nearly 0 "
        f"there (a sigmoid's a(1 - a) < 0.0099)", since=since, where="predictions", link="outputs saturated")]


def _squashing_output(facts):
    """Words saying how the output is known to be a squashing activation when no observed layer is it, else "".

    Either every reading of the rebuilt forward pass that reproduces the observation ends in a sigmoid, tanh or
    softmax, or the predictions stayed strictly inside (0, 1) at every one of 5+ observations while the targets
    lie outside [0, 1] (output-activation-mismatch's squashed output: a linear output fitting them would have
    left that interval). Then predictions that are all one value, or a single sample, are judged too."""
    kinds = facts.gradients.output_kinds
    if kinds and all(k in SQUASHING for k in kinds):
        return f"the rebuilt forward pass ends in a {kind_words(kinds)}"
    if squashed(facts) is not None:
        return "strictly inside (0, 1) at every observation while the targets are not: a squashed output"
    return ""


def _cross_entropy_output(facts):
    """Sigmoid or softmax outputs pinned near 0 or 1 under a cross-entropy (the loss is recognised as one, or is NaN
    / inf where finite predictions hold an exact 0 or 1 for class-label targets: log(0)), and some of them wrong."""
    log_zero = _log_of_zero(facts)
    # The loss is a cross-entropy, gives log(0), or is no formula the doctor knows while the targets are class
    # labels (a squared error on them is recognised and judged above).
    unknown = facts.loss_name is None and facts.class_label_targets()
    if facts.loss_name not in CROSS_ENTROPIES and not log_zero and not unknown:
        return []
    recs, since = _streak(facts, "sure")
    wrong = _sure_wrong(facts)
    if recs is None or wrong < SURE_WRONG:
        return []  # outputs that are confidently right are what a classifier should end with
    last = recs[-1].pred
    evidence = (f"{percent(last['sure'])} of the samples get an output below 0.01 or above 0.99 since epoch "
                f"{since} ({percent(last['pinned'])} of the outputs exactly 0 or 1), and {percent(wrong)} of the "
                f"samples are confidently wrong (under 0.01 for their true class)")
    if last.get("logit") is not None:
        evidence += f"; the typical |z| = |log(p / (1 - p))| behind the outputs near 0 or 1 is {g(last['logit'])}"
    if log_zero:
        evidence += (f"; the loss is NaN or infinite at {log_zero} observation(s) whose predictions hold an exact 0 "
                     f"or 1: log(0)")
    return [RULE.finding(
        "warning", "the outputs are saturated at 0 or 1", evidence, message=CROSS_ENTROPY_WHAT,
        fix=CROSS_ENTROPY_FIX, since=since, where="predictions", link="outputs saturated at 0 or 1")]


def _sure_wrong(facts):
    """The latest share of confidently wrong samples (0 when never measured)."""
    return next((r.sure_wrong for r in reversed(facts.records) if r.sure_wrong is not None), 0.0)


def _log_of_zero(facts):
    """How many observations have a NaN or infinite loss that is log(0) (see :meth:`RunFacts.log_of_zero`)."""
    return sum(1 for r in facts.records if facts.log_of_zero(r))
