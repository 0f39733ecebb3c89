"""``Sequential``: layers applied in order, trained by :func:`scratchnn.training.fit`.

Parameters are named as the math names them, ``{key}{k}`` with ``k`` counting the layers that
have parameters: ``W1, b1`` for the first Dense layer, ``W2, b2`` for the second, and so on.

Parameter layout: the model owns one flat array holding every parameter, :attr:`flat_params`, and
one holding every gradient, :attr:`flat_grads`; each layer's ``params[key]`` and ``grads[key]`` are
views into them (as scikit-learn's MLP keeps its coefficients in one packed array). ``fit`` hands
the two flat arrays to the optimizer, which then updates the whole network in a few NumPy calls
instead of a few per array -- on networks as small as the seeds' that is most of a step (3-4-1:
27 instead of 47 us). So a layer updates its arrays in place (``grads["W"][...] = ...``) and never
rebinds them.
"""
import copy
from dataclasses import dataclass

import numpy as np

from . import losses
from .layers import Dense
from .serialization import layer_config, layer_from_config
from .serialization import load as _load
from .serialization import save as _save
from .validation import (InputError, as_numeric_array, check_dtype, check_finite, check_inputs, check_layer_list,
                         check_same_length, check_seed)


@dataclass
class StepRecord:
    """What one training step exposes (:meth:`Sequential.last_step`): the batch, every layer's
    output in layer order, and the parameters and gradients by name. The arrays are live: copy
    what you keep."""

    inputs: np.ndarray
    targets: np.ndarray
    outputs: list
    params: dict
    grads: dict


class Sequential:
    """A feed-forward network: ``Sequential([Dense(3, 4), ReLU(), Dense(4, 1)], seed=0)``.

    ``seed`` fixes the initial weights (and, unless ``fit`` is given its own, the shuffling), so
    the same seed gives bit-identical results. ``dtype`` is ``"float32"`` (default) or ``"float64"``.
    """

    def __init__(self, layers, seed=None, dtype="float32"):
        layers = check_layer_list(layers)
        seed = check_seed(seed)
        if not layers:
            raise InputError("Sequential needs at least one layer, e.g. Sequential([Dense(3, 1)])")
        for i, layer in enumerate(layers):
            if not all(hasattr(layer, a) for a in ("forward", "backward", "params", "grads")):
                raise InputError(f"layer {i} ({layer!r}) is not a layer: it needs forward, backward, params and grads")
            if any(other is layer for other in layers[:i]):
                # Each position keeps its own input and output for backward: one object cannot hold two.
                raise InputError(f"layer {i} ({layer!r}) is the same object as an earlier layer; create one per "
                                 f"position, e.g. Sequential([Dense(3, 4), Tanh(), Dense(4, 1), Tanh()])")
        sized = [l for l in layers if hasattr(l, "in_features") and hasattr(l, "out_features")]
        for a, b in zip(sized, sized[1:]):
            if a.out_features != b.in_features:
                raise InputError(f"layer sizes do not chain: {a!r} is followed by {b!r}; make the second one "
                                 f"{type(b).__name__}({a.out_features}, {b.out_features})")
        self.dtype = check_dtype(dtype)
        self.layers, self.seed = layers, seed
        self.stop_training = False
        self.training_info = {}
        self._batch, self.outputs = None, []  # the last training step's batch and layer outputs
        trained = [l for l in layers if l.params]
        self.n_features = getattr(layers[0], "in_features", None)
        self.n_outputs = getattr(trained[-1], "out_features", None) if trained else None
        # Parameter names: {key}{k}, k counting the layers that have parameters.
        self._names = [(f"{key}{k}", layer, key) for k, layer in enumerate(trained, 1) for key in layer.params]
        self._rng = np.random.default_rng(seed)
        # Weights still on their defaults are drawn now, from the model's seed, each for the
        # activation that follows its layer (None when a layer with parameters or nothing follows).
        for layer, after in zip(layers, layers[1:] + [None]):
            if hasattr(layer, "initialize"):
                layer.initialize(self._rng, None if after is None or after.params else getattr(after, "kind", None))
        self._pack()

    def _pack(self):
        """Copy every parameter into one flat array and make the layers' arrays views of it (and
        the same for the gradients), in the model's dtype."""
        total = sum(layer.params[key].size for _, layer, key in self._names)
        self.flat_params = np.empty(total, self.dtype)
        self.flat_grads = np.zeros(total, self.dtype)
        start = 0
        for _, layer, key in self._names:
            shape = layer.params[key].shape
            stop = start + layer.params[key].size
            view = self.flat_params[start:stop].reshape(shape)
            view[...] = layer.params[key]
            layer.params[key] = view
            layer.grads[key] = self.flat_grads[start:stop].reshape(shape)
            start = stop

    @property
    def params(self):
        """``{"W1": ..., "b1": ..., ...}``: views of :attr:`flat_params` (updating them updates the model)."""
        return {name: layer.params[key] for name, layer, key in self._names}

    @property
    def grads(self):
        """Gradients from the last backward pass, keyed like :attr:`params` (views of :attr:`flat_grads`)."""
        return {name: layer.grads[key] for name, layer, key in self._names}

    @property
    def state(self):
        """Arrays saved with the model but not trained (e.g. running statistics), keyed like :attr:`params`."""
        trained = [l for l in self.layers if l.params]
        return {f"{key}{k}": value for k, layer in enumerate(trained, 1)
                for key, value in getattr(layer, "state", {}).items()}

    # -- computation --------------------------------------------------------------------------
    def forward(self, X, training=False):
        """Run every layer on ``X``; returns the network's output (a fresh array)."""
        for layer in self.layers:
            X = layer.forward(X, training)
        return X

    def backward(self, dy):
        """Backpropagate ``dL/d(output)`` through every layer; returns ``dL/dX``."""
        for layer in reversed(self.layers):
            dy = layer.backward(dy)
        return dy

    def train_step(self, X, y, loss):
        """Forward, loss, backward on one batch (prepared arrays); fills the gradients and returns
        the loss. The batch and every layer's output are kept for :meth:`last_step`.

        After a Sigmoid with binary cross-entropy, or a Softmax with cross-entropy
        (:func:`scratchnn.losses.fuses`), the loss is computed from the output layer's input z and
        backpropagation starts there with the joint gradient (a - y)/N.
        """
        outputs, h = [], X
        for layer in self.layers:
            h = layer.forward(h, training=True)
            outputs.append(h)
        self._batch, self.outputs = (X, y), outputs
        top = len(self.layers) - 1
        if losses.fuses(loss, self.layers[-1]):
            value = loss.value_from_logits(outputs[-2] if top else X, y)
            dy, top = loss.gradient_from_logits(outputs[-1], y), top - 1
        else:
            value = loss.value(outputs[-1], y)
            dy = loss.gradient(outputs[-1], y)
        for i in range(top, 0, -1):
            dy = self.layers[i].backward(dy)
        if top >= 0:
            # Nothing needs dL/dX of the data itself: a Dense first layer skips that product
            # (one of the step's largest on a wide input such as seed 002's 12288 pixels).
            first = self.layers[0]
            first.backward(dy, input_grad=False) if isinstance(first, Dense) else first.backward(dy)
        return value

    def last_step(self):
        """The last training batch as a :class:`StepRecord` (None before any training step)."""
        if self._batch is None:
            return None
        return StepRecord(*self._batch, self.outputs, self.params, self.grads)

    # -- user-facing --------------------------------------------------------------------------
    def _check_X(self, X):
        if self.n_features is None:  # a first layer that does not say its width (e.g. images)
            X = as_numeric_array(X, "X")
            check_finite(X, "X", self.dtype)
            return X
        return check_inputs(X, self.n_features, dtype=self.dtype)

    def prepare(self, X, y, loss):
        """Validate ``X`` and ``y`` and cast to the model's dtype. Arrays already of that dtype are
        used as they are (training only reads them); the user's arrays are never modified."""
        X = self._check_X(X).astype(self.dtype, copy=False)
        check_same_length(X, np.asarray(y))
        n_outputs = self.n_outputs or self.forward(X[:1]).shape[-1]
        y = losses.get(loss).prepare_targets(y, n_outputs, self.dtype)
        check_finite(y, "y")
        return X, y

    def predict(self, X):
        """Network output for ``X`` (n_samples, n_features): shape (n_samples, n_outputs)."""
        return self.forward(self._check_X(X).astype(self.dtype, copy=False))

    def evaluate(self, X, y, loss=None):
        """Loss on (X, y); ``loss`` defaults to the one the model was trained with (else ``"mse"``)."""
        loss = losses.get(loss or self.training_info.get("loss", "mse"))
        return self.loss_value(*self.prepare(X, y, loss), loss)

    def loss_value(self, X, y, loss):
        """Loss on already prepared arrays (see :meth:`prepare`), without touching gradients."""
        z = a = X
        for layer in self.layers:
            z, a = a, layer.forward(a)
        return loss.value_from_logits(z, y) if losses.fuses(loss, self.layers[-1]) else loss.value(a, y)

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
        lines.append(f"total parameters: {self.flat_params.size:,} ({self.dtype})")
        text = "\n".join(lines)
        print(text)
        return text

    def save(self, path):
        """Save to ``.npz`` (weights + JSON architecture, no pickle); returns the path written."""
        return _save(self, path)

    def copy(self):
        """An independent deep copy (same weights, same state)."""
        clone = copy.deepcopy(self)
        clone._pack()  # a deep copy holds each view as an array of its own: lay them out again
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


def load(path):
    """Read a model written by :meth:`Sequential.save` (see :func:`scratchnn.serialization.load`)."""
    return _load(path, Sequential)
