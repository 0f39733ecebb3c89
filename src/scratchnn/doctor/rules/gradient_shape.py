"""gradient-shape: a gradient whose shape differs from its parameter's."""
from ._common import Rule

RULE = Rule(
    "gradient-shape", "A gradient has another shape than its parameter",
    "`error` when the update broadcasts one gradient entry over several weights and the run fails, `warning` "
    "when it does so in a run that learns; `info` when the shapes cannot be combined at all (your update must "
    "reshape or transpose it).",
    "The update p - lr * g broadcasts: weights that should get different steps all get the same one (or the "
    "parameter silently changes shape), so the layer cannot learn what its gradient says.",
    "Any gradient whose shape differs from its parameter's, except a broadcast onto exactly the parameter's "
    "shape with as many entries ((20,) for a (1, 20) bias), which NumPy applies correctly.",
    "Compute the gradient with the parameter's shape (dW = X.T @ delta for W of shape (inputs, units); "
    "db = delta.sum(axis=0, keepdims=True) for b of shape (1, units)); assert dW.shape == W.shape.",
    where="the gradient.")
GROWS = ("The update p - lr * g broadcasts the parameter itself to the gradient's larger shape: from then on the "
         "forward pass adds (or multiplies by) an array of another shape than the layer was written for, and the "
         "gradients of the next steps keep that shape.")


def check(facts):
    out = []
    for p in facts.problems:
        if p.code != RULE.code:
            continue
        broadcasts = p.detail.get("kind") in ("broadcast", "grows")
        severity = ("error" if facts.failing else "warning") if broadcasts else "info"
        message = GROWS if p.detail.get("kind") == "grows" else None
        out.append(RULE.finding(severity, p.text.split(":")[0], p.text, message=message, since=p.epoch, where=p.where,
                                link=p.text.split(":")[0]))
    return out
