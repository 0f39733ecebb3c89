"""non-finite: NaN or inf in the loss, parameters, gradients, activations or predictions."""
import numpy as np

from ._common import Rule, g

RULE = Rule(
    "non-finite", "NaN or inf appeared", "`error` (a `warning` if the run still ends learning).",
    "Once a NaN or inf enters the weights, every later forward pass and gradient is NaN too: training cannot "
    "recover from it.",
    "None: one NaN in the weights makes every later forward pass, loss and gradient NaN (NaN spreads through "
    "every sum it enters). The finding gives the first epoch, every place it appeared then, and the last finite "
    "loss before it. When only the loss (or the predictions) was ever non-finite and the run ends with a finite "
    "loss, the finding says that the weights stayed finite and training went on (a log of 0, not a blow-up).",
    "Find what blew up first (see the findings before this one: usually a step that is far too large or "
    "unscaled inputs). Guard logs against 0: np.log(np.clip(p, 1e-12, 1 - 1e-12)).",
    where="the first place it appeared (loss, `params[...]`, `grads[...]`, `activations[...]`, predictions).",
    example="Seed 002: pixels 0-255, lr 0.1; the first step changes W1 by hundreds of times its size and the "
            "loss is NaN at epoch 2.")


def check(facts):
    if facts.nonfinite_epoch is None:
        return []
    e, where = facts.nonfinite_epoch, facts.nonfinite_where
    before = [(r.epoch, r.loss) for r in facts.records if r.epoch < e]
    last = f"; the last finite loss was {g(before[-1][1])} at epoch {before[-1][0]}" if before else ""
    message = None
    if recovered(facts):
        message = ("The NaN or inf was in the loss (or the predictions) only: the weights stayed finite and later "
                   "losses are finite again. A log of a probability of exactly 0 or 1 gives an infinite loss without "
                   "breaking training, but that loss cannot be averaged or compared, and those outputs are "
                   "confidently wrong.")
    return [RULE.finding("error" if facts.failing else "warning", f"NaN or inf appeared at epoch {e}",
                         f"non-finite at epoch {e} in: {', '.join(where)}{last}", message=message,
                         since=e, where=where[0], link=f"NaN at epoch {e}")]


def recovered(facts):
    """True when no parameter, gradient or activation was ever non-finite and the last loss is finite: only the
    loss (or the predictions) was, for a while, and training went on."""
    places = {p for r in facts.records for p in r.nonfinite}
    return bool(places) and places <= {"loss", "predictions"} and facts.last_loss is not None and \
        bool(np.isfinite(facts.last_loss))
