"""gradient-mismatch: the gradients given are not the gradient of the loss given.

To first order a step dp changes the loss by g . dp. When a step is plain gradient descent with
the observed gradients (dp points exactly along -g: cosine <= -0.99) the doctor compares that
promise with the loss change that followed:

* on small steps (|g . dp| <= 1% of the loss, where the first-order promise holds), the median of
  actual / promised must lie between 0.3 and 3; a loss that falls 10x less (or more) than the
  gradients promise means they are not this loss's gradient (or are scaled wrong);
* a loss that does not change at all over 3+ steps that promise a fall of >= 0.01% means the
  true gradient along the step is zero (dead units) while the given one is not: a missing
  derivative, typically ReLU's.

With ``Doctor(loss_fn=...)`` the last observed gradients are also checked by finite differences
with :func:`scratchnn.gradchecker.gradcheck`, when that package is importable.
"""
import numpy as np

from ._common import Finding, g

CODE, RANK = "gradient-mismatch", 8
ALIGNED = -0.99
SMALL_STEP = 0.01
LOW, HIGH = 0.3, 3.0
MIN_STEPS = 3


def steps(facts):
    """(promised, actual, loss) for every observed plain-gradient step, in the pairing that fits."""
    recs, L = facts.records, facts.loss
    # The right pairing is the one whose steps point most exactly along -g (plain descent: cos = -1).
    fit = {p: sum(r["step"].get(p, (0, 0))[1] for r in recs) for p in ("after", "before")}
    pairing = min(fit, key=fit.get)
    out = []
    for i, r in enumerate(recs):
        step = r["step"].get(pairing)
        if step is None or step[1] > ALIGNED:
            continue
        j, k = (i, i + 1) if pairing == "after" else (i - 1, i)
        if 0 <= j and k < len(L) and np.isfinite(L[j]) and np.isfinite(L[k]):
            out.append((step[0], L[k] - L[j], L[j]))
    return out, pairing


def check(facts):
    found = _check_steps(facts)
    checked = _check_with_loss_fn(facts)
    return [checked] if checked else found


def _check_steps(facts):
    promised = [(p, a, L) for p, a, L in steps(facts)[0] if p < 0]
    flat = [(p, a) for p, a, L in promised if a == 0 and -p >= 1e-4 * max(abs(L), 1e-12)]
    small = [a / p for p, a, L in promised if -p <= SMALL_STEP * max(abs(L), 1e-12)]
    severity = "error" if facts.failing else "warning"
    if len(flat) >= MIN_STEPS:
        evidence = (f"in {len(flat)} steps the loss did not change at all, although the gradients promised a fall "
                    f"of {g(-np.median([p for p, _ in flat]))} per step")
        message = ("The parameters move but the loss does not respond: the true gradient along that step is zero "
                   "(dead units pass no gradient), yet your backward pass produced a non-zero one.")
        fix = ("Multiply by the activation's derivative at every layer (for ReLU: * (z > 0)); check the backward "
               "pass with scratchnn.gradcheck.")
    elif len(small) >= MIN_STEPS and not LOW <= np.median(small) <= HIGH:
        r = float(np.median(small))
        evidence = (f"over {len(small)} small steps the loss changed by {r:.3g}x what the gradients promise "
                    f"(g . dp); correct gradients give about 1x")
        message = ("A step along the true gradient lowers the loss by about g . dp. A loss that moves "
                   f"{1 / r if r > 0 else np.inf:.3g}x less (or the wrong way) is not being followed by these gradients.")
        fix = ("Check the backward pass with scratchnn.gradcheck: a missing 1/m gives a factor m, a missing "
               "activation derivative or a transpose gives a wrong direction.")
    else:
        return []
    return [Finding(CODE, severity, "the gradients are not the gradient of this loss", evidence, message, fix,
                    since_epoch=facts.epochs[0], where="grads", link="gradients do not match the loss")]


def _check_with_loss_fn(facts):
    doctor = facts.doctor
    if doctor.loss_fn is None or not doctor.check_point:
        return None
    try:
        from ...gradchecker import gradcheck
    except ImportError:  # the gradient checker is an optional part of the package
        return None
    params, grads = doctor.check_point[steps(facts)[1]]
    result = gradcheck(doctor.loss_fn, params, grads)
    if result.ok:
        return None
    wrong = [r for r in result.results if not r.ok]
    return Finding(CODE, "error", "the gradients are not the gradient of this loss",
                   "scratchnn.gradcheck: " + "; ".join(f"{r.name}: {r.pattern}" for r in wrong),
                   "Finite differences of your loss_fn disagree with the gradients you observe.",
                   "Fix the backward pass of the parameters listed (see str(scratchnn.gradcheck(...)) for details).",
                   since_epoch=facts.epochs[-1], where=wrong[0].name, link="gradients do not match the loss")
