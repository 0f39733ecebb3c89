"""``Sequential``: layers applied in order, trained by :func:`scratchnn.training.fit`.

Parameters are named as the math names them: ``W1, b1`` for the first Dense layer, ``W2, b2``
for the second, and so on; ``model.params`` and ``model.grads`` map those names to the live arrays.
"""
import copy

import numpy as np

from . import activations, losses
from .layers import Dense, Layer
from .validation import InputError, check_finite, check_inputs, check_same_length


class Sequential:
    """A feed-forward network: ``Sequential([Dense(3, 4), ReLU(), Dense(4, 1)], seed=0)``.

    ``seed`` fixes the initial weights (and, unless ``fit`` is given its own, the shuffling), so
    the same seed gives bit-identical results. ``dtype`` is ``"float32"`` (default) or ``"float64"``.
    """

    def __init__(self, layers, seed=None, dtype="float32"):
        layers = list(layers)
        if not layers:
            raise InputError("Sequential needs at least one layer, e.g. Sequential([Dense(3, 1)])")
        for i, layer in enumerate(layers):
            if not all(hasattr(layer, a) for a in ("forward", "backward", "params", "grads")):
                raise InputError(f"layer {i} ({layer!r}) is not a layer: it needs forward, backward, params and grads")
            if any(other is layer for other in layers[:i]):
                # Each position keeps its own input and output for backward: one object cannot hold two.
                raise InputError(f"layer {i} ({layer!r}) is the same object as an earlier layer; create one per "
                                 f"position, e.g. Sequential([Dense(3, 4), Tanh(), Dense(4, 1), Tanh()])")
        dense = [l for l in layers if isinstance(l, Dense)]
        if not dense:
            raise InputError("Sequential needs at least one Dense layer to have something to learn")
        for a, b in zip(dense, dense[1:]):
            if a.out_features != b.in_features:
                raise InputError(f"layer sizes do not chain: Dense({a.in_features}, {a.out_features}) is followed by "
                                 f"Dense({b.in_features}, {b.out_features}); make the second one "
                                 f"Dense({a.out_features}, {b.out_features})")
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise InputError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
        self.layers, self.seed = layers, seed
        self.stop_training = False
        self.training_info = {}
        self._rng = np.random.default_rng(seed)
        self._index()
        self._initialize()
        for layer in layers:
            if isinstance(layer, Layer):
                layer.reuse_buffers = True  # the model's training steps write into buffers they keep

    # -- structure ----------------------------------------------------------------------------
    def _index(self):
        """Name parameters (W1, b1, ...) and pair each Dense with the activation after it."""
        self._names, self.groups = [], []
        for i, layer in enumerate(self.layers):
            if isinstance(layer, Dense):
                k = len(self.groups) + 1
                after = self.layers[i + 1] if i + 1 < len(self.layers) else None
                act = i + 1 if after is not None and not isinstance(after, Dense) else None
                self.groups.append((f"layer{k}", i, act))
                self._names += [(f"{key}{k}", layer, key) for key in layer.params]
        self.n_features = next(l for l in self.layers if isinstance(l, Dense)).in_features
        self.n_outputs = [l for l in self.layers if isinstance(l, Dense)][-1].out_features

    def _initialize(self):
        for _, i, act in self.groups:
            next_kind = self.layers[act].kind if act is not None else None
            self.layers[i].initialize(self._rng, self.dtype, next_kind)
        self._pack()

    def _pack(self):
        """Lay all parameters out as consecutive views of one flat array, and all gradients of another.

        Readers see no difference (``params`` and ``grads`` still hold one live array per name), but
        an optimizer can then update the whole network in a few NumPy calls instead of a few per
        array -- most of a step's time for networks as small as the seeds'.
        """
        for table in ("params", "grads"):
            arrays = [getattr(layer, table)[key] for _, layer, key in self._names]
            flat = np.concatenate([a.ravel() for a in arrays])
            start = 0
            for (_, layer, key), a in zip(self._names, arrays):
                getattr(layer, table)[key] = flat[start:start + a.size].reshape(a.shape)
                start += a.size

    @property
    def params(self):
        """``{"W1": ..., "b1": ..., ...}``: the live parameter arrays (updating them updates the model)."""
        return {name: layer.params[key] for name, layer, key in self._names}

    @property
    def grads(self):
        """Gradients from the last backward pass, keyed like :attr:`params`."""
        return {name: layer.grads[key] for name, layer, key in self._names}

    # -- computation --------------------------------------------------------------------------
    def forward(self, X, training=False):
        """Run every layer; keeps each layer's output (``self.outputs``) for the training record.

        With ``training=True`` the outputs are the layers' reused buffers (see :mod:`~scratchnn.layers`).
        """
        self.outputs = []
        h = X
        for layer in self.layers:
            h = layer.forward(h, training)
            self.outputs.append(h)
        return h

    def backward(self, da, start=None, input_grad=True):
        """Backpropagate ``dL/d(output)`` through the layers (from layer ``start`` downwards) and
        return ``dL/dX``; with ``input_grad=False`` the first layer, if Dense, skips that product
        and None is returned."""
        start = len(self.layers) - 1 if start is None else start
        for i in range(start, -1, -1):
            layer = self.layers[i]
            if i == 0 and not input_grad and isinstance(layer, Dense):
                return layer.backward(da, input_grad=False)
            da = layer.backward(da)
        return da

    def train_step(self, X, y, loss):
        """Forward, loss, backward on one batch (prepared arrays); fills :attr:`grads`, returns the loss.

        When the loss fuses with the output activation (sigmoid + BCE, softmax + cross-entropy) the
        loss is computed from the pre-activation and the joint gradient (a - y)/N enters below it.
        The gradient with respect to ``X`` itself is not computed: training never needs it.
        """
        a = self.forward(X, training=True)
        value = self._value(a, y, loss)
        if self._fused(loss):
            self.backward(loss.gradient_from_logits(a, y), start=len(self.layers) - 2, input_grad=False)
        else:
            self.backward(loss.gradient(a, y), input_grad=False)
        return value

    def _value(self, a, y, loss):
        """The loss of output ``a`` of the last forward: from the logits when fused (never log(0))."""
        if not self._fused(loss):
            return loss.value(a, y)
        if isinstance(self.layers[-1], activations.Softmax):
            # The softmax has just summed exp(z) over each row: the loss reuses that sum.
            return loss.value_from_logits(self.outputs[-2], y, self.layers[-1].log_normalizer())
        return loss.value_from_logits(self.outputs[-2], y)

    def _fused(self, loss):
        return loss.fuses_with is not None and loss.fuses_with == self.layers[-1].kind and len(self.layers) > 1

    # -- user-facing --------------------------------------------------------------------------
    def prepare(self, X, y, loss):
        """Validate ``X`` and ``y`` and cast to the model's dtype. Arrays already of that dtype are
        used as they are (training only reads them); the user's arrays are never modified."""
        X = check_inputs(X, self.n_features)
        check_same_length(X, np.asarray(y))
        y = losses.get(loss).prepare_targets(y, self.n_outputs, self.dtype)
        check_finite(y, "y")
        return X.astype(self.dtype, copy=False), y

    def predict(self, X):
        """Network output for ``X`` (n_samples, n_features): shape (n_samples, n_outputs)."""
        X = check_inputs(X, self.n_features)
        return self.forward(X.astype(self.dtype, copy=False), training=False).copy()

    def evaluate(self, X, y, loss=None):
        """Loss on (X, y); ``loss`` defaults to the one the model was trained with (else ``"mse"``)."""
        loss = losses.get(loss or self.training_info.get("loss", "mse"))
        return self.loss_value(*self.prepare(X, y, loss), loss)

    def loss_value(self, X, y, loss):
        """Loss on already prepared arrays (see :meth:`prepare`), without touching gradients."""
        return self._value(self.forward(X), y, loss)

    def loss_and_grads(self, X, y, loss="mse"):
        """``(loss, grads)`` on (X, y), grads copied and keyed like :attr:`params` (for checking)."""
        loss = losses.get(loss)
        X, y = self.prepare(X, y, loss)
        value = self.train_step(X, y, loss)
        return value, {k: g.copy() for k, g in self.grads.items()}

    def fit(self, X, y, **kwargs):
        """Train; see :func:`scratchnn.training.fit` for the arguments. Returns a :class:`History`."""
        from .training import fit
        return fit(self, X, y, **kwargs)

    def summary(self):
        """A table of layers, output shapes and parameter counts (returned and printed)."""
        lines = [f"{'layer':<24}{'output':<16}{'params':>10}"]
        width = self.n_features
        for layer in self.layers:
            width = getattr(layer, "out_features", width)
            count = sum(p.size for p in layer.params.values())
            lines.append(f"{repr(layer):<24}{str((None, width)):<16}{count:>10,}")
        total = sum(p.size for p in self.params.values())
        lines.append(f"total parameters: {total:,} ({self.dtype})")
        text = "\n".join(lines)
        print(text)
        return text

    def save(self, path):
        """Save to ``.npz`` (weights + JSON architecture, no pickle); returns the path written."""
        from .serialization import save
        return save(self, path)

    def copy(self):
        """An independent deep copy (same weights, same state)."""
        clone = copy.deepcopy(self)
        clone._pack()  # a deep copy holds each view as an array of its own
        return clone

    def config(self):
        """The architecture as a JSON-able dict (what ``save`` stores next to the weights)."""
        return {"layers": [layer_config(l) for l in self.layers], "dtype": self.dtype.name, "seed": self.seed}

    @classmethod
    def from_config(cls, cfg, seed=None):
        """A freshly initialized model of the architecture in ``cfg`` (see :meth:`config`)."""
        return cls([layer_from_config(c) for c in cfg["layers"]], seed=seed, dtype=cfg.get("dtype", "float32"))

    def __repr__(self):
        return f"Sequential([{', '.join(map(repr, self.layers))}])"


_LAYER_TYPES = {"Dense": Dense, **{cls.__name__: cls for cls in set(activations.ACTIVATIONS.values())}}


def layer_config(layer):
    name = type(layer).__name__
    if _LAYER_TYPES.get(name) is not type(layer):
        raise InputError(f"cannot describe layer {layer!r}: only scratchnn's own layers can be saved")
    return {"type": name, **layer.config()}


def layer_from_config(cfg):
    args = dict(cfg)
    kind = args.pop("type", None)
    if kind not in _LAYER_TYPES:
        raise InputError(f"unknown layer type {kind!r} in model description; known: {', '.join(_LAYER_TYPES)}")
    return _LAYER_TYPES[kind](**args)
