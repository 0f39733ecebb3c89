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
NO_RESPONSE = 1e-3    # a loss that changes by <= 0.1% of the promise does not respond to the step
TRAPEZOID_STEPS = 5   # the trapezoid test needs 5+ steps in a row ...
SMOOTH = 2.0          # ... whose promises change by less than 2x from step to step (another batch each step: no test)
SLOPE_CHANGE = 4.0    # ... each step's end slopes g . dp negative and within 4x of each other (no valley crossed)
HUGE = 1e6            # ... and promise a fall of at most 1e6 x the loss (beyond it outputs saturate, losses clip)

RULE = Rule(
    "gradient-mismatch", "The gradients are not the gradient of the loss",
    "`error` when a finite-difference check shows it and the run fails (`warning` if the run learns); from the "
    "steps alone at most `warning` (`info` when the run learns).",
    "The gradients observed are not the gradient of the loss observed, so training follows the wrong direction.",
    "The best evidence is a finite-difference check of the last finite observation: with Doctor(loss_fn=...), "
    "through the forward pass the doctor rebuilds from the observed arrays, or (in fit(doctor=True)) on a float64 "
    "copy of the model. When that check says the gradients are right, no rule may say otherwise. Without it, "
    "the steps between observations are held to the trapezoid rule, which holds for steps of any size on one "
    "smooth loss: the loss changes by 1/2 (g_start + g_end) . dp. The test uses only plain gradient-descent steps "
    "(dp along -g, cos <= -0.99) in 5+ consecutive observations (and half of them) whose promised falls are "
    "negative at both ends of each step (within 4x of each other, no valley crossed), change by less than 2x from "
    "step to step (each observation another batch makes them jump: no test) and lie between 1e-6 and 1e6 x the "
    "loss (beyond, outputs saturate and a clipped loss stops moving). The gradients are wrong when, wherever the "
    "loop observes (before its update, or after it every step), the loss changes by a median ratio of the promise "
    "outside 0.3-3x that is not a constant factor (that is gradient-scale), or does not respond at all (<= 0.1% of "
    "promises of at least 0.01% of the loss: dead units, or gradients that are never reset); a warning when the "
    "run fails or ends stuck that way, else info. When the check says the gradients are right but 3+ "
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
    found = refuted_on_every_stretch(facts)
    if found is None:
        return []
    kind, r, n, promise, ends_stuck = found
    if kind == "no response":
        evidence = (f"over {n} steps in a row the gradients promised a fall of {g(promise)} per step (1/2 (g_start + "
                    f"g_end) . dp, the loss is {g(facts.last_loss)}) and the loss changed by less than "
                    f"{times(NO_RESPONSE)} of that, wherever the loop observes (before or after its update)")
        message = ("The parameters keep moving along your gradients but the loss does not respond: the true gradient "
                   "along those steps is about zero, so the gradients applied are not the gradient of this loss (an "
                   "update that is not reset between batches, a missing activation derivative: dead units pass no "
                   "gradient).")
    else:
        evidence = (f"over {n} steps in a row the loss changed by {times(r)} what the gradients at both ends of each "
                    f"step promise (the trapezoid rule: 1/2 (g_start + g_end) . dp, which holds for steps of any size "
                    f"on a smooth loss), wherever the loop observes (before or after its update), and not by a "
                    f"constant factor; correct gradients give about 1x")
        message = ("Along a step the loss changes by the average of its slopes at the two ends; the slopes your "
                   "gradients give do not add up to the loss changes.")
    # A run that ends stuck although its steps promise large falls is not a run that learns.
    severity = "warning" if ends_stuck else gated(facts)
    return [RULE.finding(severity, "the gradients are not the gradient of this loss", evidence, message=message,
                         since=facts.epochs[0], where="grads", link="gradients do not match the loss")]


def trapezoid_steps(facts, pairing):
    """(observation index, loss change, 1/2 (g_start + g_end) . dp) for each plain step whose two end slopes are
    known, with the loop observing before its update (``"before"``: the step from observation i-1 to i has
    g_(i-1) at its start, g_i at its end) or after it, every step (``"after"``: observation i's gradients and loss
    are from p_(i-1), so the step p_(i-1) -> p_i runs from observation i's point to observation i+1's).
    Kept only where the trapezoid rule is reliable: both slopes negative (plain descent) and within SLOPE_CHANGE
    of each other, and the change promised resolvable in the loss's rounding."""
    recs, L = facts.records, facts.loss
    out = []
    for i, r in enumerate(recs):
        if pairing == "before":
            start, after, j, k = r.step.get("before"), r.step.get("after"), i - 1, i
            end = after[0] if after else None
        else:
            start, j, k = r.step.get("after"), i, i + 1
            end = recs[k].previous_step_dot if k < len(recs) else None
        if start is None or end is None or start[1] > ALIGNED or j < 0 or not np.isfinite(L[j] + L[k]):
            continue
        if not (start[0] < 0 and end < 0 and 1 / SLOPE_CHANGE <= end / start[0] <= SLOPE_CHANGE):
            continue
        promise = (start[0] + end) / 2
        if RESOLVABLE <= -promise / max(abs(L[j]), 1e-12) <= HUGE:
            out.append((i, L[k] - L[j], promise))
    return out


def smooth_stretch(steps):
    """The longest run of steps at consecutive observations whose promises change by less than 2x from one step to
    the next (one smooth loss; each observation another batch makes them jump)."""
    best, run = [], []
    for s in steps:
        if not (run and s[0] == run[-1][0] + 1 and 1 / SMOOTH <= s[2] / run[-1][2] <= SMOOTH):
            run = []   # a new stretch (best keeps the old one if it was the longest)
        run.append(s)
        if len(run) > len(best):
            best = run
    return best


def refuted_on_every_stretch(facts):
    """("no response" | "ratio", median loss change / promise, steps, median promised fall, ends stuck) when the observed
    gradients fail the trapezoid test on a smooth stretch of TRAPEZOID_STEPS+ steps (and half the plain steps) in
    every placement of observe() that has one, else None.

    A stretch refutes the gradients when the loss does not respond to its steps (it changes by a median <=
    NO_RESPONSE of the promise, promises of at least FLAT_PROMISE of the loss; the last item says whether the
    stretch runs to the end of the run: it ends stuck), or when it changes by a median
    ratio outside LOW-HIGH that is not a constant factor (gradient-scale's finding). Promises beyond HUGE x the
    loss are left out: weights that large saturate the outputs, and a clipped loss no longer moves."""
    verdicts = []
    for pairing in ("before", "after"):
        plain = trapezoid_steps(facts, pairing)
        run = smooth_stretch(plain)
        if len(run) < max(TRAPEZOID_STEPS, len(plain) / 2):
            continue  # too few steps, or a chance run among steps that jump (another batch each step)
        ratios = [a / p for _, a, p in run]
        promise = float(np.median([-p for _, _, p in run]))
        r = float(np.median(ratios))
        if abs(r) <= NO_RESPONSE and promise >= FLAT_PROMISE * max(abs(facts.loss[run[-1][0]]), 1e-12):
            verdicts.append(("no response", r, len(run), promise, run[-1][0] >= len(facts.records) - 2))
        elif not (LOW <= r <= HIGH or consistent(ratios) or abs(r) <= NO_RESPONSE):
            verdicts.append(("ratio", r, len(run), promise, False))
        else:
            return None
    return verdicts[0] if verdicts else None


def consistent(ratios):
    """Most ratios within 30% of their median: a constant factor, not a wrong direction."""
    r = float(np.median(ratios))
    return r > 0 and np.mean([abs(x / r - 1) <= 0.3 for x in ratios]) >= 0.8
