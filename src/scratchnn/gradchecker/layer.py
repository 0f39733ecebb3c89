"""``gradcheck_layer``: check a layer's ``backward`` against its ``forward``.

Any object with ``forward(x)``, ``backward(dy) -> dx`` and dicts ``params`` / ``grads`` (the
scratchnn layer protocol) can be checked. With a fixed random upstream gradient ``r`` (the shape
of ``y``) the scalar

.. math::  L(x, \\theta) = \\sum_{ij} r_{ij}\\, y_{ij}(x, \\theta)

has ``dL/dy = r``, so ``backward(r)`` must return ``dL/dx`` and fill ``grads`` with ``dL/dθ``.
During the check the layer's parameter and gradient arrays are swapped for float64 copies (also
where an attribute of the layer refers to the same array object) and put back afterwards, untouched.
"""
import numpy as np

from .check import gradcheck


def _require_protocol(layer):
    missing = [name for name in ("forward", "backward") if not callable(getattr(layer, name, None))]
    if missing:
        raise ValueError(f"{type(layer).__name__} has no {' or '.join(missing)} method: a layer needs "
                         f"forward(x) -> y and backward(dy) -> dx (and dicts params / grads)")
    for name in ("params", "grads"):
        if not isinstance(getattr(layer, name, {}), dict):
            raise ValueError(f"{type(layer).__name__}.{name} must be a dict of arrays, "
                             f"got {type(getattr(layer, name)).__name__}")


class _Float64Params:
    """Context manager: the layer's params and grads become float64 copies; originals put back on exit.

    Grads are swapped too because a backward that writes in place (``out=self.grads["W"]``) would
    otherwise round the float64 gradient to the layer's dtype.
    """

    def __init__(self, layer):
        self.layer = layer
        self.saved = []      # (dict or None, key or attribute name, original object)

    def _swap(self, table, key):
        original = table[key]
        wide = np.array(original, dtype=np.float64)
        table[key] = wide
        self.saved.append((table, key, original))
        for attr, value in list(vars(self.layer).items()):
            if value is original:    # the layer may also hold the array as an attribute
                setattr(self.layer, attr, wide)
                self.saved.append((None, attr, original))

    def __enter__(self):
        for name in ("params", "grads"):
            table = getattr(self.layer, name, None) or {}
            for key in list(table):
                self._swap(table, key)
        return self

    def __exit__(self, *exc):
        for table, key, original in reversed(self.saved):
            if table is None:
                setattr(self.layer, key, original)
            else:
                table[key] = original
        return False


def gradcheck_layer(layer, x, *, seed=0, **options):
    """Check ``layer.backward`` (input gradient ``x`` and every parameter) with a random upstream gradient.

    ``x``: (n_samples, n_features) input; ``options`` go to :func:`gradcheck` (e.g. ``rtol``).
    Returns a GradReport whose results are named ``x`` and the layer's parameter keys (``W``, ``b``).
    """
    _require_protocol(layer)
    x = np.asarray(x)
    if x.ndim < 1 or x.size == 0:
        raise ValueError(f"x must be a non-empty array of inputs (n_samples, n_features), got shape {x.shape}")
    with _Float64Params(layer):
        live = layer.params
        x64 = np.array(x, dtype=np.float64)
        y = np.asarray(layer.forward(x64.copy()))
        r = np.random.default_rng(seed).standard_normal(y.shape)

        def loss_fn(p):
            for key in live:
                live[key][...] = p[key]
            return float(np.sum(np.asarray(layer.forward(p["x"])) * r))

        def grad_fn(p):
            for key in live:
                live[key][...] = p[key]
            layer.forward(p["x"])
            dx = layer.backward(r.copy())
            return {"x": np.array(dx, copy=True), **{k: np.array(v, copy=True) for k, v in layer.grads.items()}}

        params = {"x": x64, **{k: np.array(v, copy=True) for k, v in live.items()}}
        options.setdefault("batch_size", x.shape[0])     # samples are on axis 0 by the layer protocol
        return gradcheck(loss_fn, params, grad_fn, seed=seed, **options)
