"""loss-diverging: the loss exploded (rose above 3x where it started) or is rising at the end.

Threshold: 3x the first loss. Noisy minibatch losses wobble by tens of percent, not by 3x; a
loss that triples has been thrown out of its valley by steps that are too large. A spike that
later recovers to a low loss is reported as info only.
"""
import numpy as np

from ._common import Finding, g

CODE, RANK = "loss-diverging", 24
EXPLODE_FACTOR = 3.0


def check(facts):
    L, epochs = facts.loss, facts.epochs
    if facts.first_loss is None or len(L) < 2:
        return []
    start = facts.first_loss
    exploded = next((i for i, v in enumerate(L) if not np.isfinite(v) or v > EXPLODE_FACTOR * max(start, 1e-12)), None)
    finite = np.where(np.isfinite(L), L, np.nan)
    rising = (np.isfinite(L[-1]) and len(L) >= 5 and L[-1] > 2 * np.nanmin(finite)
              and int(np.nanargmin(finite)) < len(L) - 1)
    if exploded is None and not rising:
        return []
    if exploded is not None:
        peak = f" (peak {g(np.nanmax(finite[exploded:]))})" if np.isfinite(L[exploded]) else ""
        evidence = (f"the loss went from {g(start)} at epoch {epochs[0]} to {g(L[exploded])} at epoch {epochs[exploded]}"
                    f"{peak}; last loss {g(L[-1])}")
        since, link = epochs[exploded], f"loss exploded at epoch {epochs[exploded]}"
    else:
        i = int(np.nanargmin(finite))
        evidence = f"the loss fell to {g(L[i])} at epoch {epochs[i]} and rose to {g(L[-1])} by epoch {epochs[-1]}"
        since, link = epochs[i], f"loss rising since epoch {epochs[i]}"
    severity = ("error" if not np.isfinite(L[-1]) or rising else "warning") if facts.failing else "info"
    return [Finding(
        CODE, severity, "the loss exploded" if exploded is not None else "the loss is rising", evidence,
        "Each step overshoots the minimum it is heading for and lands higher up the other side; large "
        "weights then kill or saturate units, which is where a diverged run usually gets stuck.",
        "Lower the learning rate (10x is a good first try) and scale the inputs; check that the gradients "
        "are averaged over the batch (divided by m).",
        since_epoch=since, link=link, remedy={"lr_factor": 0.1})]
