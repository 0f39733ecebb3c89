"""``gradcheck``: compare a user's gradients with float64 central differences and name what is wrong.

Order of work: validate the inputs, pair each gradient with its parameter by name and diagnose
shapes (no loss evaluations yet), then measure every parameter along its probes on the checker's
own float64 copy, then run the pattern rules. The user's arrays are never written to; they are
compared bit-for-bit afterwards and restored if ``loss_fn`` itself changed them.
"""
import numpy as np

from ..validation import InputError
from .batch import index_arrays, infer_batch_sizes
from .numeric import LossEvaluator, measure, reads_parameter, warn_float32
from .patterns import Evidence, diagnose
from .probes import entry_scale, plan_probes
from .report import GradReport, ParamResult
from .structure import flatten, missing_problem, pair_gradients, rebuild, shape_problem

STEP64, STEP32 = 6e-6, 5e-3


def _validate(loss_fn, grads, rtol, step, nearby, batch_size):
    if not callable(loss_fn):
        raise InputError(f"loss_fn must be a function params -> float, got {type(loss_fn).__name__}; "
                         f"e.g. loss_fn = lambda p: forward(X, Y, p)")
    if not (isinstance(rtol, (int, float)) and 0 < rtol < 1):
        raise InputError(f"rtol must be a number between 0 and 1, got {rtol!r}; the default is 1e-5")
    if step is not None and not (isinstance(step, (int, float)) and 0 < step < 1):
        raise InputError(f"step must be a small positive number, got {step!r}; the default is 6e-6")
    if not (isinstance(nearby, int) and nearby >= 0):
        raise InputError(f"nearby must be a whole number >= 0, got {nearby!r}")
    if nearby and not callable(grads):
        raise InputError("nearby points need the gradient as a function: pass grads=grad_fn where "
                         "grad_fn(params) returns the gradients, not a fixed dict")
    sizes = batch_size if isinstance(batch_size, tuple) else (batch_size,)
    if batch_size is not None and not all(isinstance(m, (int, np.integer)) and m >= 1 for m in sizes):
        raise InputError(f"batch_size must be a whole number >= 1, got {batch_size!r}")


def gradcheck(loss_fn, params, grads, *, rtol=1e-5, step=None, seed=0, batch_size=None,
              nearby=0, nearby_scale=0.5, max_elementwise=512, directions=4, max_groups=64, entries=16,
              loss_scale=0.0):
    """Check ``grads`` against the numeric gradient of ``loss_fn`` at ``params``.

    Parameters
    ----------
    loss_fn : callable ``params -> float`` (it must read the parameters from its argument).
    params : dict / list / tuple nesting with ndarray leaves, e.g. ``{"W1": ..., "b1": ...}``.
    grads : the same nesting, a flat dict keyed ``dW1`` / ``grad_W1`` / ``W1_grad`` / ``W1``, or a
        function ``grad_fn(params)`` returning one of those.
    rtol : largest accepted per-probe relative error ``|a - d| / max(|a|, |d|)``.
    step : relative finite-difference step (default 6e-6 ≈ eps^(1/3); 5e-3 for a float32 loss).
    batch_size : m, so that a factor m can be named (or a tuple of candidates); inferred from arrays the
        loss closes over if None.
    nearby : with a callable ``grads``, also check this many points ``x + nearby_scale·rms(x)·N(0,1)``
        (exposes mask bugs that hide where every unit is active).
    max_elementwise, directions, max_groups, entries : sampling of large tensors (see probes.py).
    loss_scale : the size of the terms the loss adds up when they cancel (``sum(|dout * out|)``);
        rounding noise is taken as ``100 eps max(|loss|, loss_scale)``.

    Returns
    -------
    GradReport with one ParamResult per parameter (``report.ok``, ``report["W1"].pattern``, ``str(report)``).
    """
    _validate(loss_fn, grads, rtol, step, nearby, batch_size)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seed must be a whole number >= 0, got {seed!r}")
    leaves = flatten(params, "params")
    if not leaves:
        raise InputError("params holds no arrays: pass e.g. {'W1': W1, 'b1': b1}")
    snapshot = [leaf.value.copy() for leaf in leaves]
    if batch_size is None:
        sizes = infer_batch_sizes(loss_fn, params)
    else:
        sizes = batch_size if isinstance(batch_size, tuple) else (batch_size,)
    options = dict(rtol=rtol, step=step, seed=seed, max_elementwise=max_elementwise, directions=directions,
                   max_groups=max_groups, entries=entries, loss_scale=loss_scale,
                   indices=index_arrays(loss_fn, params))
    try:
        values = [np.array(leaf.value, dtype=np.float64, order="C") for leaf in leaves]
        report = _check_point(loss_fn, params, leaves, values, grads, sizes, **options)
        rng = np.random.default_rng(seed + 1)
        for k in range(nearby):
            moved = [v + nearby_scale * entry_scale(v).reshape(v.shape) * rng.standard_normal(v.shape)
                     for v in values]
            _merge_nearby(report, _check_point(loss_fn, params, leaves, moved, grads, sizes, **options), k + 1)
    finally:
        _restore(leaves, snapshot)
    return report


def _restore(leaves, snapshot):
    for leaf, saved in zip(leaves, snapshot):
        if leaf.value.tobytes() != saved.tobytes():
            np.copyto(leaf.value, saved)


def _merge_nearby(report, other, k):
    """Keep the given point's verdict unless a nearby point shows a (more specific) bug."""
    report.evaluations += other.evaluations
    for i, (mine, theirs) in enumerate(zip(report.results, other.results)):
        if theirs.ok:
            continue
        if mine.ok or (theirs.pattern == "mask" and mine.pattern in ("scale", "mismatch")):
            theirs.point = f"nearby point {k}"
            report.results[i] = theirs


def _check_point(loss_fn, params, leaves, values, grads, batch_sizes, *, rtol, step, seed, loss_scale, indices,
                 **plan_options):
    tree = rebuild(params, values)
    if callable(grads):
        grads = grads(rebuild(params, [v.copy() for v in values]))
    pairings, problems = pair_gradients(leaves, grads)
    evaluate = LossEvaluator(loss_fn, tree, loss_scale)
    f0 = evaluate()
    warnings = []
    if evaluate.float32:
        warn_float32(warnings)
        rtol, step = max(rtol, 1e-2), max(step or 0, STEP32)
    step = step or STEP64
    rng = np.random.default_rng(seed)
    measured, results, readings, notes = {}, {}, {}, {}
    for pairing, x in zip(pairings, values):
        leaf = pairing.leaf
        if pairing.grad is None:
            results[leaf.name] = _structural(missing_problem(leaf), leaf.value.shape)
            continue
        g = np.asarray(pairing.grad)
        shape_issue = shape_problem(leaf.name, pairing.grad_name, leaf.value.shape, g.shape)
        if shape_issue is not None and shape_issue[0] == "layout":    # broadcasts fine: a note only
            notes[leaf.name] = shape_issue[1]
            g = shape_issue[2](g)
        elif shape_issue is not None:
            pattern, message, fix, readings[leaf.name] = shape_issue
            results[leaf.name] = ParamResult(leaf.name, leaf.value.shape, False, pattern, message,
                                             grad_name=pairing.grad_name)
            if fix is None:
                continue
            g = fix(g)
        g = np.array(g, dtype=np.float64).ravel()
        if not np.all(np.isfinite(g)):
            bad = int(np.sum(~np.isfinite(g)))
            results[leaf.name] = ParamResult(
                leaf.name, leaf.value.shape, False, "mismatch",
                f"{pairing.grad_name} has {bad} non-finite entries (nan or inf): look for log(0), "
                f"division by 0 or overflow in the backward pass", grad_name=pairing.grad_name)
            continue
        plan = plan_probes(x, rng, **plan_options)
        meas = measure(evaluate, x, plan.probes, g, step, rtol, f0)
        if np.any(g) and np.all(np.abs(meas.numeric) <= meas.noise):
            meas.reads = reads_parameter(evaluate, x, f0, rng)
        measured[leaf.name] = (pairing, x, g, plan, meas)
    others = {name: (x.shape, _true_entries(m, plan)) for name, (_, x, _, plan, m) in measured.items()
              if plan.elementwise}
    for name, (pairing, x, g, plan, meas) in measured.items():
        ev = Evidence(name, pairing.grad_name, x.shape, x.ravel(), g, meas, plan,
                      rtol=rtol, fit_tol=max(100 * rtol, 1e-4), batch_sizes=batch_sizes, others=others,
                      indices=indices)
        result = _numeric_result(ev)
        result.note = notes.get(name, "")
        if name in results:    # a shape problem whose reshaped/transposed numbers were checked too
            structural = results[name]
            reading = readings[name]
            verdict = f"the numbers are right once {reading}" if result.ok else f"once {reading}: {result.message}"
            structural.message += f"; {verdict}"
            structural.max_rel_error, structural.rel_norm_error = result.max_rel_error, result.rel_norm_error
            structural.checked = result.checked
        else:
            results[name] = result
    extras = [_structural(p, p.shape) for p in problems]
    if all(p.grad is not None for p in pairings):
        for extra in extras:    # every parameter has its gradient: an extra key is only a note
            extra.ok, extra.message = True, extra.message + "; ignored"
    ordered = [results[p.leaf.name] for p in pairings] + extras
    return GradReport(ordered, rtol, evaluate.calls, warnings)


def _true_entries(meas, plan):
    return meas.numeric / np.array([p.u[0] for p in plan.probes])


def _structural(problem, shape):
    return ParamResult(problem.name, tuple(shape), False, problem.pattern, problem.message)


def _numeric_result(ev):
    m = ev.meas
    keep = ev.keep
    errors = m.rel_errors(ev.rtol)[keep]
    max_rel = float(errors.max()) if errors.size else 0.0
    a, d = m.analytic[keep], m.numeric[keep]
    floor = m.floor(ev.rtol)[keep]
    if ev.plan.elementwise:   # entries in the parameter's own units, not step-scaled
        s = np.array([p.u[0] for p in m.probes])[keep]
        a, d, floor = a / s, d / s, floor / s
    # Below the rounding noise of the loss no difference counts: the floor enters the denominator.
    denom = max(np.linalg.norm(a), np.linalg.norm(d), float(floor.max()) if floor.size else 0.0)
    rel_norm = float(np.linalg.norm(a - d) / denom) if denom > 0 else 0.0
    common = dict(max_rel_error=max_rel, rel_norm_error=rel_norm, grad_name=ev.grad_name,
                  checked=ev.plan.description, excluded=int(m.excluded.sum()))
    if max_rel <= ev.rtol:
        return ParamResult(ev.name, ev.shape, True, "ok",
                           f"{ev.grad_name} matches the numeric gradient (max relative error {max_rel:.1e})",
                           **common)
    # The error floor relative to the whole gradient's norm (torch's gradcheck adds atol to rtol for
    # the same reason): an entry tiny next to the others may differ by rounding or by an epsilon such
    # as log(p + 1e-8), which leaves the gradient as a whole right to within rtol.
    if rel_norm <= ev.rtol:
        return ParamResult(ev.name, ev.shape, True, "ok",
                           f"{ev.grad_name} matches the numeric gradient (relative error of the whole "
                           f"gradient {rel_norm:.1e}; its worst entry differs by {max_rel:.1e} of itself, an entry "
                           f"tiny next to the others: rounding level, or an epsilon such as log(p + 1e-8))",
                           **common)
    found = diagnose(ev)
    return ParamResult(ev.name, ev.shape, False, found.pattern, found.message, factor=found.factor,
                       evidence=found.evidence, **common)


def print_checks(makers):
    """Print the report of each ``maker() -> (loss_fn, params, grads)`` (the seed files' ``__main__``)."""
    for make in makers:
        print(f"--- {make.__name__}")
        print(gradcheck(*make()))
        print()
