"""loss-diverging: the loss exploded (rose above 3x where it started) or is rising at the end."""
import numpy as np

from ._common import Rule, g

EXPLODE_FACTOR = 3.0
RISE_FACTOR = 2.0
SUSTAINED, SUSTAINED_RISE = 5, 0.2

RULE = Rule(
    "loss-diverging", "The loss exploded or is rising",
    "`error` when the run ends NaN or still rising, `warning` when it exploded and the run fails, `info` when it "
    "spiked and recovered.",
    "Each step overshoots the minimum it is heading for and lands higher up the other side; large weights then "
    "kill or saturate units, which is where a diverged run usually gets stuck.",
    "The loss *exploded* (rose above 3x its first value, or became NaN/inf) or is *rising* at the end (last loss "
    "more than 2x the lowest, or higher at every observation from its lowest point to the end, at least 5 of them, and 20% above that point). "
    "Minibatch noise moves the loss by tens of percent, not "
    "by a factor of 3. A spike after which the run still learns is harmless, so it is reported only as info. A NaN "
    "that is 0 * log(0) of outputs rounded to exactly their label (finite predictions with an exact 0 or 1, "
    "class-label targets, every sample classified right) says nothing about the loss's size and is no explosion "
    "(non-finite reports it). For a negative loss (a log-likelihood missing its minus sign) \"kx higher\" means "
    "raised by (k - 1)x its size.",
    "Lower the learning rate (10x is a good first try) and scale the inputs. With fit(doctor=True) the doctor "
    "tries the 10x smaller learning rate on a fresh copy and says what the loss did.")


def above(level, factor):
    """``factor`` x ``level`` for a positive loss; for a negative one (a log-likelihood missing its minus sign)
    the level raised by (factor - 1) x its size, so that "twice as high" never means "lower"."""
    return level + (factor - 1) * abs(level)


def _sustained_rise(L):
    """From its lowest point to the end (at least SUSTAINED observations) the loss rose at every
    observation, by more than SUSTAINED_RISE in all."""
    tail = L[int(np.nanargmin(L)):]
    return bool(len(tail) >= SUSTAINED + 1 and np.all(np.isfinite(tail)) and np.all(np.diff(tail) > 0)
                and tail[-1] > above(tail[0], 1 + SUSTAINED_RISE))


def check(facts):
    L, epochs = facts.loss, facts.epochs
    if facts.first_loss is None or len(L) < 2:
        return []
    start = facts.first_loss
    first = next(i for i, v in enumerate(L) if np.isfinite(v))
    start_epoch = epochs[first]
    # A NaN that is 0 * log(0) of outputs rounded to exactly their label says nothing about the size of the loss.
    formula_nan = [facts.log_of_zero_when_right(r) for r in facts.records]
    # An explosion comes after the first finite loss: a NaN before it is no rise from it (non-finite reports it).
    exploded = next((i for i, v in enumerate(L) if i > first and ((not np.isfinite(v) and not formula_nan[i])
                     or v > above(max(start, 1e-12), EXPLODE_FACTOR))), None)
    finite = np.where(np.isfinite(L), L, np.nan)
    rising = bool(np.isfinite(L[-1]) and len(L) >= 5 and int(np.nanargmin(finite)) < len(L) - 1
                  and (L[-1] > above(np.nanmin(finite), RISE_FACTOR) or _sustained_rise(finite)))
    if exploded is None and not rising:
        return []
    if exploded is not None:
        after = finite[exploded:]
        peak = f" (peak {g(np.nanmax(after))})" if np.isfinite(L[exploded]) and np.any(np.isfinite(after)) else ""
        evidence = (f"the loss went from {g(start)} at epoch {start_epoch} to {g(L[exploded])} at epoch "
                    f"{epochs[exploded]}{peak}; last loss {g(L[-1])}")
        since, link = epochs[exploded], f"loss exploded at epoch {epochs[exploded]}"
    else:
        i = int(np.nanargmin(finite))
        evidence = f"the loss fell to {g(L[i])} at epoch {epochs[i]} and rose to {g(L[-1])} by epoch {epochs[-1]}"
        since, link = epochs[i], f"loss rising since epoch {epochs[i]}"
    severity = ("error" if not np.isfinite(L[-1]) or rising else "warning") if facts.failing else "info"
    fix = RULE.fix
    if facts.gradients.ok is not True:
        fix += " Check that the gradients are averaged over the batch (divided by m)."
    return [RULE.finding(severity, "the loss exploded" if exploded is not None else "the loss is rising", evidence,
                         fix=fix, since=since, link=link, remedy={"lr_factor": 0.1})]
