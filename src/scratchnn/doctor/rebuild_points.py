"""Where the observed gradients may have been computed, and how they pair with the parameters.

A loop may call ``observe()`` before its update (the gradients belong to the observed parameters) or
after it (they belong to the previous observation's parameters, or to the observed ones + lr * gradient).
:func:`candidate_points` lists those candidates; :func:`one_step_between` says whether the last two observations
are one plain gradient-descent step apart (else the gradient may be another batch's); :func:`gradcheck_through`
checks the gradients through a rebuild at its point.
"""
import numpy as np

from ..gradchecker import gradcheck
from ..vocabulary import match_gradients
from .rebuild_network import NotRebuilt
from .rebuild_search import relative_gap


# Where the gradients may have been computed, as the report names the point (rules read them back).
PREVIOUS = "the previous observation's parameters (observe() after the update)"
UNDONE = "the observed parameters + lr * gradients"


def float64(arrays):
    return {k: np.array(v, dtype=np.float64) for k, v in arrays.items()}


def pair_gradients(params, grads):
    """``{parameter: (gradient key, paired by name)}``.

    By name first (``W1`` <- ``W1``, ``dW1``, ``grad_W1`` ...). When no key names any parameter but
    there are as many gradients as parameters with the same shapes in the same order (``dlw``,
    ``dlc`` for ``w``, ``c``), they are paired by order. Parameters left without a gradient are not
    checked; a check never calls a gradient "missing" only because of its spelling.
    """
    named = match_gradients(list(params), list(grads))     # the project's one list of spellings
    if named:     # a named gradient of another shape is paired too: the checker diagnoses its shape
        return {p: (k, True) for p, k in named.items()}
    if len(grads) == len(params) and all(np.shape(g) == np.shape(p) for g, p in zip(grads.values(), params.values())):
        return {p: (k, False) for p, k in zip(params, grads)}
    return {}


def gradcheck_through(rebuild, pairing, grads):
    """The gradient checker on ``grads`` through ``rebuild`` (a rebuild_search.Rebuild) at its parameters; parameters
    without a gradient are held fixed."""
    fixed = {p: v for p, v in rebuild.params.items() if p not in pairing}
    return gradcheck(lambda q, r=rebuild, f=fixed: r.loss_fn({**f, **q}),
                     {p: rebuild.params[p] for p in pairing}, grads, batch_size=rebuild.n)


def candidate_points(point):
    """[(where, params)]: the finite parameters the gradients may have been computed at."""
    params = float64(point.params)
    found = [("the observed parameters", params)]
    prev = point.previous_params
    if prev and set(prev) == set(params) and all(np.shape(prev[k]) == params[k].shape for k in params):
        found.append((PREVIOUS, float64(prev)))
    pairing = pair_gradients(params, point.grads)
    grads = {p: np.asarray(point.grads[k], dtype=np.float64) for p, (k, _) in pairing.items()}
    # The update p - lr * g broadcasts a gradient of another shape; undoing it does the same.
    undoable = grads and all(broadcasts_to(g, params[p].shape) for p, g in grads.items())
    if point.lr and undoable:
        undone = {k: p + point.lr * grads[k] if k in grads else p for k, p in params.items()}
        found.append((f"{UNDONE} (lr = {point.lr:g}: undoing a plain "
                      f"gradient-descent step)", undone))
    kept = []
    for at, values in found:
        finite = all(np.all(np.isfinite(v)) for v in values.values())
        # One update per observation makes "previous" and "undone" the same point up to rounding.
        if finite and not any(same_point(values, other) for _, other in kept):
            kept.append((at, values))
    return kept


def one_step_between(point, params):
    """NotRebuilt when the parameters moved between the last two observations by something other than
    one plain gradient-descent step along this observation's or the previous one's gradients.

    A loop that takes several minibatch steps per observation can hand observe() full-data
    predictions and the last batch's gradients: they come from different forward passes, and checking
    one against the other would call right gradients wrong. With momentum, Adam or weight decay the
    step is not along the gradient either; those loops are not checked (never accuse on a guess).
    """
    along = steps_along(point, params)
    first = not point.previous_params or not point.previous_grads or set(point.previous_params) != set(params)
    if first and point.steps_between:
        # No observation before this one to measure its step by, but the run's other steps show a loop that
        # takes several (or momentum) steps per observation: this one's gradient may be another batch's too.
        raise NotRebuilt("this observation has none before it to measure its step by, and between other "
                         "observations the parameters moved by more than one plain gradient-descent step along "
                         "the observed gradients (several minibatches per observation, momentum, Adam?): the "
                         "gradients may come from another batch than the observed inputs and predictions, so they "
                         "were not checked", missing="batch")
    if along is None or along:
        return
    raise NotRebuilt("between the last two observations the parameters moved by more than one plain "
                     "gradient-descent step along the observed gradients (several minibatches per observation, "
                     "momentum, Adam or weight decay?): the gradients may come from another batch than the "
                     "observed inputs and predictions, so they were not checked", missing="batch")


def steps_along(point, params):
    """Which observed gradients the step from the previous observation's parameters to ``params`` (float64) is one
    plain gradient-descent step along: a tuple of "this" (observe() after the update: this observation's gradient
    belongs to the previous parameters) and "previous" (before it: the previous gradient led here, and this one
    belongs to ``params``); None when there is no step to measure (a first observation, parameters that did not
    move)."""
    prev, prev_grads = point.previous_params, point.previous_grads
    if not prev or not prev_grads or set(prev) != set(params):
        return None
    step = np.concatenate([(params[k] - np.asarray(prev[k], dtype=np.float64)).ravel() for k in params])
    size = np.linalg.norm(step)
    if not size > 0:
        return None
    eps = max(np.finfo(np.asarray(v).dtype).eps if np.issubdtype(np.asarray(v).dtype, np.floating) else 0.0
              for v in point.params.values())
    rounding = 8 * eps * np.sqrt(sum(np.sum(v ** 2) for v in params.values()))
    along = []
    for which, grads in (("this", point.grads), ("previous", prev_grads)):
        pairing = pair_gradients(params, grads)
        if set(pairing) != set(params) or not all(broadcasts_to(np.asarray(grads[k]), params[p].shape)
                                                  for p, (k, _) in pairing.items()):
            continue
        g = np.concatenate([np.broadcast_to(np.asarray(grads[k], dtype=np.float64), params[p].shape).ravel()
                            for p, (k, _) in pairing.items()])
        lr = -float(step @ g) / float(g @ g) if g @ g > 0 else 0.0
        if lr > 0 and np.linalg.norm(step + lr * g) <= 1e-6 * size + rounding:
            along.append(which)
    return tuple(along)


def broadcasts_to(g, shape):
    try:
        return np.broadcast_shapes(g.shape, shape) == shape
    except ValueError:
        return False


def same_point(a, b):
    return all(relative_gap(a[k], b[k]) <= 1e-9 for k in a)
