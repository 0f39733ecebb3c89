"""gradient-mismatch: the gradients given are not the gradient of the loss given."""
import numpy as np

from ..rebuild_points import PREVIOUS, UNDONE
from ._common import ALIGNED, Rule, g, gated, times

SMALL_STEP = 0.01     # first order holds for steps that promise a change of at most 1% of the loss
RESOLVABLE = 1e-6     # promises below 1e-6 of the loss are lost in the rounding of the loss value
FLAT_PROMISE = 1e-4   # a loss that does not move although a fall of 0.01% was promised
LOW, HIGH = 0.3, 3.0
MIN_STEPS = 3
UPHILL = 0.999        # a step that adds the gradient (W += lr * dW) points along +g: cos(g, dp) >= 0.999
BIG_PROMISE = 0.01    # steps that promise a fall of >= 1% of the loss ...
NO_RESPONSE = 1e-3    # ... and change it by <= 0.1% of that promise: the loss does not respond to the step

RULE = Rule(
    "gradient-mismatch", "The gradients are not the gradient of the loss",
    "`error` when a finite-difference check shows it and the run fails (`warning` if the run learns); from the "
    "steps alone at most `warning` (`info` when the run learns).",
    "The gradients observed are not the gradient of the loss observed, so training follows the wrong direction.",
    "The best evidence is a finite-difference check of the last finite observation: with Doctor(loss_fn=...), "
    "through the forward pass the doctor rebuilds from the observed arrays, or (in fit(doctor=True)) on a float64 "
    "copy of the model. When that check says the gradients are right, no rule may say otherwise. Without it, "
    "plain gradient-descent steps (dp along -g, cos <= -0.99; the doctor works out whether the loop observes "
    "before or after its update) are compared with the loss change that followed: over 3+ small steps (the "
    "promised change g . dp between 1e-6 and 1% of the loss, where first order holds and rounding does not hide "
    "it) the loss must change by 0.3-3x the promise; a loss that does not change at all over 3+ steps that "
    "promise a fall of at least 0.01% means the true gradient along the step is zero (dead units) while the "
    "given one is not; and when the run's last 3+ steps along -g each promise a fall of >= 1% of the loss but "
    "change it by <= 0.1% of that promise, the loss does not respond to the gradients applied (an update "
    "accumulator that is never reset, a missing derivative), a warning since such a run has stopped learning. A "
    "constant factor is reported as gradient-scale instead. When the check says the gradients are right but 3+ "
    "steps point along +g (cos >= 0.999, in the pairing of the point the check used, and none along -g), the "
    "update adds the gradient: every step climbs the loss (an `error` when the run fails).",
    "Check the backward pass with scratchnn.gradcheck: a missing activation derivative (for ReLU: * (z > 0)) or a "
    "transpose gives a wrong direction.",
    where="`grads` (or the parameter the check names).",
    example="Seed 000: no ReLU derivative and no 1/m in the backward pass; in a run that is stuck the weights keep "
            "moving while the loss does not change at all.")


def steps(facts):
    """(promised g . dp, actual loss change, loss) for every plain-gradient step, in the pairing that fits."""
    recs, L = facts.records, facts.loss
    # The right pairing is the one whose steps point most exactly along -g (plain descent: cos = -1).
    fit = {p: sum(r.step.get(p, (0, 0))[1] for r in recs) for p in ("after", "before")}
    pairing = min(fit, key=fit.get)
    out = []
    for i, r in enumerate(recs):
        step = r.step.get(pairing)
        if step is None or step[1] > ALIGNED:
            continue
        j, k = (i, i + 1) if pairing == "after" else (i - 1, i)
        if 0 <= j and k < len(L) and np.isfinite(L[j]) and np.isfinite(L[k]):
            out.append((step[0], L[k] - L[j], L[j]))
    return out


def small_step_ratios(facts):
    """actual / promised over the small, resolvable steps whose loss moved at all."""
    out = []
    for p, a, L in steps(facts):
        scale = max(abs(L), 1e-12)
        if p < 0 and RESOLVABLE * scale <= -p <= SMALL_STEP * scale and a != 0:
            out.append(a / p)
    return out


def _explain(result, checked):
    """The checker's message, except for a zero numeric gradient through a loss the doctor built (a rebuilt
    forward pass or a copy of the model certainly reads the parameters, so the units behind them are silent)."""
    if result.pattern == "zero" and "numeric gradient 0" in result.message and "loss_fn" not in checked.how:
        return (f"the loss does not change when {result.name} changes (numeric gradient 0: the units it feeds "
                f"pass no gradient, e.g. dead ReLUs) but the given gradient is not zero: a missing activation "
                f"derivative (ReLU: * (z > 0)) passes gradient through units that pass none")
    return result.message


def uphill_steps(facts):
    """Epochs whose step since the previous observation points along +g (W += lr * dW), in the pairing the check
    found the gradients right at: observe() before the update pairs a step with the previous observation's
    gradients, after it with this one's. (In the other pairing an overshooting descent looks uphill: each new
    gradient points back against the step just taken.) None when some step in that pairing went downhill."""
    pairing = "after" if (facts.gradients.at or "").startswith((PREVIOUS, UNDONE)) else "before"
    cosines = [(r.epoch, r.step[pairing][1]) for r in facts.records if pairing in r.step]
    if any(c <= ALIGNED for _, c in cosines):
        return []
    return [e for e, c in cosines if c >= UPHILL]


def check(facts):
    checked = facts.gradients
    if checked.ok is True:
        uphill = uphill_steps(facts)
        if len(uphill) < MIN_STEPS:
            return []   # right gradients, applied downhill
        # The one mismatch a right gradient can have: the update adds it. Said about the update, not the gradients.
        return [RULE.finding(
            "error" if facts.failing else "warning", "the update adds the gradient: every step climbs the loss",
            f"{checked.how} ({checked.at}): the gradients are right; yet in {len(uphill)} of {len(facts.records) - 1} "
            f"steps the parameters moved along +gradient (cos >= {UPHILL}), since epoch {uphill[0]}",
            message="The gradient points uphill; gradient descent moves against it. An update that adds it "
                    "(W += lr * dW, or W -= lr * dW with dW computed as -gradient twice) climbs the loss at every step.",
            fix="Subtract the gradient: W -= lr * dW (or, if your dW is y - yhat based, i.e. already the negative "
                "gradient, add it but do not negate it again).",
            since=uphill[0], where="the update", link="the update climbs the gradient", proven=True)]
    if checked.ok is False and checked.scale() is not None:
        return []  # a constant factor, which gradient-scale reports
    if checked.ok is False:
        wrong = checked.wrong
        located = getattr(checked.report, "where_it_goes_wrong", None)
        evidence = f"{checked.how} ({checked.at}): " + "; ".join(f"{r.name}: {_explain(r, checked)}" for r in wrong)
        if located:
            evidence += f"; where: {located}"
        return [RULE.finding(
            "error", "the gradients are not the gradient of this loss", evidence,
            fix=checked.fix or RULE.fix + " str(scratchnn.gradcheck(...)) shows each parameter's details.",
            since=facts.epochs[0], where=wrong[0].name, link="gradients do not match the loss", proven=True)]
    promised = [(p, a, L) for p, a, L in steps(facts) if p < 0]
    flat = [p for p, a, L in promised if a == 0 and -p >= FLAT_PROMISE * max(abs(L), 1e-12)]
    ratios = small_step_ratios(facts)
    stuck = unresponsive_tail(promised)
    if len(stuck) >= MIN_STEPS:
        evidence = (f"in the last {len(stuck)} steps the gradients promised a fall of {g(-np.median(stuck))} per step "
                    f"(g . dp, the loss is {g(facts.last_loss)}) and the loss changed by less than "
                    f"{times(NO_RESPONSE)} of that")
        message = ("The parameters keep moving along your gradients but the loss does not respond: the true gradient "
                   "along those steps is about zero, so the gradients applied are not the gradient of this loss (an "
                   "update that is not reset between batches, a missing activation derivative).")
        # The run ends stuck although its steps promise large falls: not a run that learns.
        return [RULE.finding("warning", "the gradients are not the gradient of this loss", evidence,
                             message=message, since=facts.epochs[0], where="grads",
                             link="gradients do not match the loss")]
    if len(flat) >= MIN_STEPS:
        evidence = (f"in {len(flat)} steps the loss did not change at all, although the gradients promised a fall "
                    f"of {g(-np.median(flat))} per step")
        message = ("The parameters move but the loss does not respond: the true gradient along that step is zero "
                   "(dead units pass no gradient), yet your backward pass produced a non-zero one.")
    elif len(ratios) >= MIN_STEPS and not LOW <= np.median(ratios) <= HIGH and not consistent(ratios):
        r = float(np.median(ratios))
        evidence = (f"over {len(ratios)} small steps the loss changed by {times(r)} what the gradients promise "
                    f"(g . dp), and not by a constant factor; correct gradients give about 1x")
        message = "A step along the true gradient changes the loss by about g . dp; these steps do not."
    else:
        return []
    return [RULE.finding(gated(facts), "the gradients are not the gradient of this loss", evidence, message=message,
                         since=facts.epochs[0], where="grads", link="gradients do not match the loss")]


def unresponsive_tail(promised):
    """The promised falls of the final run of steps that promise >= BIG_PROMISE of the loss and move it by
    <= NO_RESPONSE of the promise (correct gradients make such a step change the loss, one way or the other)."""
    tail = []
    for p, a, L in reversed(promised):
        if not (-p >= BIG_PROMISE * max(abs(L), 1e-12) and abs(a) <= NO_RESPONSE * -p):
            break
        tail.append(p)
    return tail


def consistent(ratios):
    """Most ratios within 30% of their median: a constant factor, not a wrong direction."""
    r = float(np.median(ratios))
    return r > 0 and np.mean([abs(x / r - 1) <= 0.3 for x in ratios]) >= 0.8
