"""An independent float64 oracle for the real-case corpus: central differences and label predicates.

Nothing here imports scratchnn. Each case's true gradient is measured by plain elementwise central
differences (step ``H``) and its user gradient is read the way the case's own code delivers it;
``confirm(pattern, g, n, x, factor)`` then says whether the expected label is *true* of the
numbers, using the gradient checker's pattern names with these precise meanings:

=============  ==========================================================================
ok             ``g`` equals ``n`` (to rounding)
scale          ``g = c n`` for the given ``c`` (and ``c`` is not 1)
sign           ``g = -n``
zero           ``g`` is all zeros where ``n`` is not (or ``n`` is zero where ``g`` is not and larger
               steps do not change the loss either: it does not read the value)
flat           ``n`` is zero where ``g`` is not, but larger steps (0.1 of the value's scale) do change
               the loss: saturated, clipped or piecewise-constant outputs
transpose      ``g`` is ``n`` with two equal-length axes swapped
regularization ``g = n + beta x`` with ``beta != 0``
mask           along a unit axis (axis 0 or 1: rows / columns of a matrix, samples, filters or
               channels of a 4-D tensor; never a spatial axis), some slices are wrong while all the
               others equal ``c n``, where ``c`` is 1, -1, 2, 1/2, m or 1/m, or is shared by slices
               covering half the tensor
mismatch       none of the above
=============  ==========================================================================
"""
import numpy as np

H = 1e-6
SEED = 1234          # NumPy's global generator is reseeded with this before every forward


def numeric_gradient(f, x, h=H, sides=False):
    """d f / d x by central differences; ``f`` reads ``x`` (float64, modified and restored in place).

    With ``sides`` also the one-sided differences (left, right), which differ at a kink.
    """
    grad, left, right = np.zeros_like(x), np.zeros_like(x), np.zeros_like(x)
    base = f() if sides else 0.0
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f()
        x[i] = old - h
        down = f()
        x[i] = old
        grad[i] = (up - down) / (2 * h)
        left[i], right[i] = (base - down) / h, (up - base) / h
    return (grad, left, right) if sides else grad


def as_float_array(g, shape):
    """A user gradient as a float64 array of the parameter's shape (a broadcastable layout is reshaped)."""
    if g is None:
        return np.zeros(shape)
    g = np.asarray(g, dtype=np.float64)
    if g.shape != tuple(shape) and g.size == int(np.prod(shape, dtype=np.int64)):
        g = g.reshape(shape)
    return g


def close(a, b):
    """Equal up to float64 rounding and finite-difference error."""
    if a.shape != b.shape:
        return False
    big = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)))
    return bool(np.all(np.abs(a - b) <= 1e-6 * big + 1e-8))


def ls_factor(g, n):
    denom = float(np.sum(n * n))
    return float(np.sum(g * n)) / denom if denom > 0 else 0.0


def is_scale(g, n):
    c = ls_factor(g, n)
    return c != 0 and abs(c - 1) > 1e-3 and close(g, c * n), c


def is_transpose(g, n):
    for a in range(n.ndim):
        for b in range(a + 1, n.ndim):
            if n.shape[a] == n.shape[b] and n.shape[a] > 1 and close(g, np.swapaxes(n, a, b)):
                return True
    return False


def is_zero(g, n, moves=False):
    return (not np.any(g) and not close(n, np.zeros_like(n))) or \
           (close(n, np.zeros_like(n)) and not close(g, np.zeros_like(g)) and not moves)


def is_flat(g, n, moves):
    return close(n, np.zeros_like(n)) and not close(g, np.zeros_like(g)) and moves


def moves_with_large_steps(f, x):
    """Does f change when single entries of x move by 0.1 of their scale (or 0.1)?"""
    base = f()
    for i in np.ndindex(x.shape):
        old = x[i]
        for step in (0.1 * max(abs(old), 1.0), -0.1 * max(abs(old), 1.0)):
            x[i] = old + step
            changed = abs(f() - base) > 1e-9 * max(1.0, abs(base))
            x[i] = old
            if changed:
                return True
    return False


def _measure(f, x, g):
    """(true gradient, moves) for user gradient ``g``.

    At a kink (the one-sided differences disagree) the true gradient is any value between them (a
    subgradient): the one nearest ``g`` is taken. ``moves`` only matters (and is only computed)
    when the gradient is 0.
    """
    true, left, right = numeric_gradient(f, x, sides=True)
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    kink = hi - lo > 1e-3 * max(float(np.max(np.abs(true), initial=0.0)), 1.0)
    g = np.broadcast_to(np.asarray(g, dtype=np.float64), true.shape) if g is not None else np.zeros_like(true)
    true[kink] = np.clip(g[kink], lo[kink], hi[kink])
    return true, (moves_with_large_steps(f, x) if close(true, np.zeros_like(true)) else True)


def is_regularization(g, n, x):
    A = np.stack([n.ravel(), x.ravel()], axis=1)
    (alpha, beta), *_ = np.linalg.lstsq(A, g.ravel(), rcond=None)
    return abs(alpha - 1) < 1e-6 and abs(beta) > 1e-9 and close(g, n + beta * x)


def is_mask(g, n, batch_sizes=()):
    """Some slices along a unit axis wrong, all others ``c n`` (see the module docstring for ``c``)."""
    named = [1.0, -1.0, 2.0, 0.5] + [float(m) for m in batch_sizes] + [1 / m for m in batch_sizes]
    if _entry_mask(g, n, named):
        return True
    for axis in range(min(n.ndim, 2)):
        count = n.shape[axis]
        if count < 2:
            continue
        gs, ns = np.moveaxis(g, axis, 0), np.moveaxis(n, axis, 0)
        candidates = [(c, True) for c in named] + [(ls_factor(gs[j], ns[j]), False) for j in range(count)]
        for c, is_named in candidates:
            right = [j for j in range(count) if close(gs[j], c * ns[j])]
            wrong = [j for j in range(count) if j not in right]
            if not wrong or not any(np.any(ns[j]) for j in right):
                continue
            if is_named or 2 * sum(ns[j].size for j in right) >= n.size:
                return True
    return False


def _entry_mask(g, n, named):
    """Wrong exactly where the true gradient is 0 (some, not all, entries), ``c n`` on the others."""
    big = max(float(np.max(np.abs(n), initial=0.0)), 1e-300)
    zero = np.abs(n) <= 1e-6 * big
    if not zero.any() or zero.all():
        return False
    for c in named:
        wrong = np.abs(g - c * n) > 1e-6 * max(big, float(np.max(np.abs(g)))) + 1e-8
        if wrong.any() and np.array_equal(wrong, wrong & zero) and not wrong[~zero].any():
            return True
    return False


def confirm(pattern, g, n, x, factor=None, batch_sizes=(), moves=True):
    """Is the label ``pattern`` (with ``factor`` for scale) true of user gradient ``g`` vs true ``n``?"""
    ok = close(g, n)
    if pattern == "ok":
        return ok
    if ok:
        return False
    scale, c = is_scale(g, n)
    if pattern == "scale":
        return scale and factor is not None and abs(c / factor - 1) < 1e-6
    if pattern == "sign":
        return close(g, -n)
    if pattern == "zero":
        return is_zero(g, n, moves)
    if pattern == "flat":
        return is_flat(g, n, moves)
    if pattern == "transpose":
        return is_transpose(g, n)
    if pattern == "regularization":
        return is_regularization(g, n, x)
    if pattern == "mask":
        return is_mask(g, n, batch_sizes)
    if pattern == "mismatch":
        return not (scale or is_zero(g, n, moves) or is_flat(g, n, moves) or is_transpose(g, n)
                    or is_regularization(g, n, x)
                    or is_mask(g, n, batch_sizes))
    raise ValueError(f"unknown pattern {pattern!r}")


# ---------------------------------------------------------------- the three forms, read independently

def layer_gradients(layers, x, params, loss=None, seed=7):
    """See ``_layer_gradients``; NumPy's global generator is left as it was found."""
    state = np.random.get_state()
    try:
        return _layer_gradients(layers, x, params, loss, seed)
    finally:
        np.random.set_state(state)


def _layer_gradients(layers, x, params, loss=None, seed=7):
    """{result name: (user gradient, true gradient, moves, value)} for a list of layer objects.

    ``params``: one dict per layer, parameter attribute -> gradient attribute, or -> an index ``k``
    when backward returns ``(dx, grads)`` and the gradient is ``grads[k]``. Forward returns the
    output or stores ``.output``; backward returns dL/d(input) (alone or first in such a pair) or
    stores ``.dinputs``. Without ``loss`` the scalar is ``sum(r * output)`` for a fixed random ``r``.
    """
    x = np.array(x, dtype=np.float64)

    def run(perturb=None):
        np.random.seed(SEED)
        h = x
        for i, layer in enumerate(layers):
            if perturb is not None and perturb[0] == i:
                h = perturb[1]
            out = layer.forward(h)
            h = layer.output if out is None else out
        return h

    out = np.asarray(run(), dtype=np.float64)
    r = np.random.default_rng(seed).standard_normal(out.shape)
    value = (lambda o: float(loss[0](o))) if loss else (lambda o: float(np.sum(r * o)))
    top = np.asarray(loss[1](out), dtype=np.float64) if loss else r
    results = {}
    if loss:
        o = out.copy()
        results["loss.input"] = (top, *_measure(lambda: value(o), o, top), o.copy())
    run()
    g, inputs_grad, returned = top.copy(), {}, {}
    for i in reversed(range(len(layers))):
        back = layers[i].backward(g)
        if isinstance(back, tuple):              # (dx, [dW, db]) as some layers return it
            back, returned[i] = back
        g = layers[i].dinputs if back is None else back
        inputs_grad[i] = np.array(g, dtype=np.float64)
    for i, layer in enumerate(layers):
        for attr, grad_attr in params[i].items():
            p = getattr(layer, attr)
            grad = returned[i][grad_attr] if isinstance(grad_attr, int) else getattr(layer, grad_attr)
            user = as_float_array(grad, p.shape)
            results[f"layers[{i}].{attr}"] = (user, *_measure(lambda: value(run()), p, user), p.copy())
    hs = [x]
    for i in range(len(layers) - 1):       # the input of each layer, with the same random draws
        hs.append(np.array(_input_of(layers, x, i + 1, run), dtype=np.float64))
    for i, h in enumerate(hs):
        h = h.copy()
        results[f"layers[{i}].input"] = (inputs_grad[i], *_measure(lambda: value(run((i, h))), h, inputs_grad[i]),
                                         h.copy())
    return results


def _input_of(layers, x, k, run):
    """The input that layer ``k`` sees in a forward pass (run up to it with the seeded draws)."""
    np.random.seed(SEED)
    h = x
    for layer in layers[:k]:
        out = layer.forward(h)
        h = layer.output if out is None else out
    return np.array(h, copy=True)


def pair_gradients(forward, backward, inputs, args=(), dout=None, seed=7):
    """{input name: (user gradient, true gradient, moves, value)} for a forward/backward function pair."""
    names = list(inputs)
    values = [np.array(inputs[k], dtype=np.float64) for k in names]
    first = forward(*values, *args)
    if backward is None:
        grads = first[1:]
        value = lambda: float(forward(*values, *args)[0])       # noqa: E731
    else:
        # (out, cache), out alone, or several outputs and a cache: (out_1, ..., out_k, cache)
        if isinstance(first, tuple) and len(first) >= 2:
            outs, cache = first[:-1], first[-1]
        else:
            outs, cache = (first,), None
        rng = np.random.default_rng(seed)
        if dout is None:
            ds = [rng.standard_normal(np.shape(o)) for o in outs]
        else:
            ds = [np.asarray(dout, float)] if len(outs) == 1 else [np.asarray(d, float) for d in dout]
        grads = backward(*[d.copy() for d in ds], cache)
        grads = grads if isinstance(grads, tuple) else (grads,)

        def value():
            res = forward(*values, *args)
            res = res[:-1] if isinstance(res, tuple) and len(res) >= 2 else (res,)
            return float(sum(np.sum(np.asarray(o) * d) for o, d in zip(res, ds)))
    return {k: (as_float_array(g, v.shape), *_measure(value, v, as_float_array(g, v.shape)), v.copy())
            for k, g, v in zip(names, grads, values)}


def dict_gradients(loss_fn, params, user, reference=None):
    """{name: (user gradient, true gradient, moves, value)} for a loss of a dict of arrays (top-level keys
    name the results) or of one flat vector (named ``<array>``); ``user`` maps those names to the user's
    gradients. Each array is perturbed in place in a float64 copy of ``params``. ``reference`` (name -> true
gradient from an independent autodiff, e.g. PyTorch in float64) replaces central differences where they
cannot resolve the gradient (ReLU kinks closer than any usable step)."""
    if isinstance(params, np.ndarray):
        values = {"<array>": np.array(params, dtype=np.float64)}
        value = lambda: float(loss_fn(values["<array>"]))      # noqa: E731
    else:
        values = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
        value = lambda: float(loss_fn(values))                  # noqa: E731
    if reference is not None:
        return {k: (as_float_array(user[k], v.shape), np.asarray(reference[k], dtype=np.float64), True, v.copy())
                for k, v in values.items()}
    return {k: (as_float_array(user[k], v.shape), *_measure(value, v, as_float_array(user[k], v.shape)), v.copy())
            for k, v in values.items()}


def torch_gradients(function, inputs, names, seed=7, float64_function=None):
    """{name: (user gradient, true gradient, moves, value)} for a torch.autograd.Function's apply.

    The user's gradient is taken as the user would run it (inputs in their own dtype); the true one
    by central differences in float64, through ``float64_function`` when the callable holds
    float32 state of its own (an ``nn.Module``'s weights).
    """
    import torch
    xs = [t.detach().clone().requires_grad_(t.requires_grad) for t in inputs]
    outs = function(*xs)
    outs = outs if isinstance(outs, tuple) else (outs,)
    rng = np.random.default_rng(seed)
    rs = [torch.from_numpy(rng.standard_normal(tuple(o.shape))) for o in outs]
    total = sum((o * r.to(o.dtype)).sum() for o, r in zip(outs, rs))
    checked = [x for x in xs if x.requires_grad]
    if len(names) == len(xs) != len(checked):           # one name per input: keep the checked ones
        names = [n for n, x in zip(names, xs) if x.requires_grad]
    user_grads = torch.autograd.grad(total, checked, allow_unused=True)
    wide = [t.detach().double() if t.is_floating_point() else t.detach() for t in xs]
    f64 = float64_function or function
    results = {}
    for name, x, g in zip(names, checked, user_grads):
        arr = x.detach().double().numpy().copy()
        k = next(i for i, t in enumerate(xs) if t is x)

        def value():
            with torch.no_grad():
                ys = [torch.from_numpy(arr) if i == k else t for i, t in enumerate(wide)]
                o = f64(*ys)
                o = o if isinstance(o, tuple) else (o,)
                return float(sum((oi.double() * ri).sum() for oi, ri in zip(o, rs)))
        user = np.zeros(arr.shape) if g is None else g.detach().double().numpy()
        true, moves = _measure(value, arr, user)
        results[name] = (user, true, moves, arr.copy())
    return results
