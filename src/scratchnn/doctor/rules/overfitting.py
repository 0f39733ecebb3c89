"""overfitting: the validation loss rises for a sustained stretch while the training loss falls."""
import numpy as np

from ._common import Rule, g, percent

MIN_STRETCH = 5       # observations since the validation minimum
RISE = 0.05           # info from a 5% rise above the validation minimum
SERIOUS_RISE = 0.2    # warning from 20%

RULE = Rule(
    "overfitting", "The validation loss rises while the training loss falls",
    "`warning` when the validation loss has risen 20% or more above its minimum, `info` from 5%; silent "
    "without validation data.",
    "The network keeps fitting the training samples (training loss falls) but does worse on samples it does not "
    "train on: it is learning the noise of the training set rather than what generalises.",
    "The validation loss (observe(val_loss=...), or fit's logs['val_loss']) rose at least 5% above its minimum "
    "over at least 5 observations after it, while the training loss fell over the same stretch. Validation "
    "losses wobble by a few percent from epoch to epoch; a sustained rise with falling training loss does not.",
    "Stop at the epoch of the lowest validation loss (scratchnn's EarlyStopping restores those weights), add "
    "weight decay or dropout, use a smaller network, or get more training data.")


def check(facts):
    pairs = [(r.epoch, r.loss, r.val_loss) for r in facts.records if r.val_loss is not None and np.isfinite(r.loss)]
    if len(pairs) < MIN_STRETCH + 1:
        return []
    epochs, train, val = (np.array(x, dtype=np.float64) for x in zip(*pairs))
    best = int(np.argmin(val))
    if len(val) - 1 - best < MIN_STRETCH or not val[best] > 0:
        return []
    rise = val[-1] / val[best] - 1
    if rise < RISE or not train[-1] < train[best]:
        return []
    return [RULE.finding(
        "warning" if rise >= SERIOUS_RISE else "info",
        f"the validation loss rose {percent(rise)} since epoch {int(epochs[best])}",
        f"validation loss {g(val[best])} at epoch {int(epochs[best])} -> {g(val[-1])} at epoch {int(epochs[-1])} "
        f"(+{percent(rise)}) while the training loss fell {g(train[best])} -> {g(train[-1])}; the gap is now "
        f"{g(val[-1] - train[-1])}", since=int(epochs[best]), link=f"validation loss up {percent(rise)}")]
