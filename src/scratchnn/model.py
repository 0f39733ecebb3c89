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
import numbers
from dataclasses import dataclass

import numpy as np

from . import labels, losses, metrics
from .conv import Conv2D
from .layers import Dense
from .serialization import layer_config, layer_from_config
from .serialization import load as _load
from .serialization import save as _save
from .validation import (InputError, as_numeric_array, check_dtype, check_finite, check_inputs, check_layer_list,
                         check_same_length, check_seed, unwrap)


class Summary(str):
    """The text of :meth:`Sequential.summary`, already printed: it displays as nothing, so the
    last line of a notebook cell (or the REPL) does not show the table again as a quoted string."""

    def __repr__(self):
        return ""

    def _ipython_display_(self):
        return None


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
        # One sample's shape, e.g. (64,) or (1, 8, 8) for images: known from a Dense first layer, else from data.
        self.input_shape = None if self.n_features is None else (self.n_features,)
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
        for layer in self.layers:  # running statistics in the model's dtype too
            layer.state = {k: np.asarray(v, self.dtype) for k, v in getattr(layer, "state", {}).items()}

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
            first.backward(dy, input_grad=False) if isinstance(first, (Dense, Conv2D)) else first.backward(dy)
        return value

    def last_step(self):
        """The last training batch as a :class:`StepRecord` (None before any training step)."""
        if self._batch is None:
            return None
        return StepRecord(*self._batch, self.outputs, self.params, self.grads)

    # -- user-facing --------------------------------------------------------------------------
    def _check_X(self, X):
        if self.n_features is not None:
            return check_inputs(X, self.n_features, dtype=self.dtype)
        X = as_numeric_array(X, "X")  # a first layer that does not say its width (e.g. images)
        channels = getattr(self.layers[0], "in_channels", None)
        if channels is not None and (X.ndim != 4 or X.shape[1] != channels):
            hint = (f" It looks channels-last: pass X.transpose(0, 3, 1, 2)." if X.ndim == 4 and X.shape[3] == channels
                    else f" For flat rows of square one-channel images pass X.reshape(len(X), 1, side, side)."
                    if X.ndim == 2 and channels == 1 else "")
            raise InputError(f"X has shape {X.shape} but {self.layers[0]!r} takes images (n, C, H, W) with "
                             f"C = {channels} channels.{hint}")
        self.output_shapes(X.shape[1:])  # raises InputError naming the first layer that does not fit
        check_finite(X, "X", self.dtype)
        self.input_shape = X.shape[1:]
        return X

    def output_shapes(self, input_shape=None):
        """Each layer's output shape for one sample of ``input_shape`` (default: the last seen), e.g.
        ``[(16, 8, 8), (16, 8, 8), (16, 4, 4), (256,), (10,)]``. Raises ``InputError`` naming the first
        layer that the shape does not fit."""
        shape = input_shape if input_shape is not None else self.input_shape
        if isinstance(shape, (str, bytes)) or not all(isinstance(d, numbers.Integral) and d >= 1 for d in shape):
            raise InputError(f"input_shape must be one sample's shape as whole numbers, e.g. (3,) or (1, 8, 8), "
                             f"got {shape!r}")
        shape, shapes = tuple(shape), []
        for i, layer in enumerate(self.layers):
            if hasattr(layer, "output_shape"):
                out = layer.output_shape(shape)
            elif hasattr(layer, "in_features"):
                if shape != (layer.in_features,):
                    fix = (f"; make it {type(layer).__name__}({shape[0]}, {layer.out_features})" if len(shape) == 1
                           else "; put a Flatten() before it")
                    source = "X" if i == 0 else f"layer {i - 1} {self.layers[i - 1]!r}"
                    raise InputError(f"layer {i} {layer!r} expects {layer.in_features} features per sample, but "
                                     f"{source} gives shape {shape}{fix}")
                out = (layer.out_features,)
            else:
                out = shape  # activations keep the shape
            shapes.append(tuple(int(d) for d in out))
            shape = shapes[-1]
        return shapes

    def prepare(self, X, y, loss, learn_classes=False):
        """Validate ``X`` and ``y`` and cast to the model's dtype. Arrays already of that dtype are
        used as they are (training only reads them); the user's arrays are never modified.

        Class labels (strings, booleans, integers) become the loss's targets through
        :attr:`classes`; ``learn_classes=True`` (what ``fit`` passes) first takes the classes from
        ``y`` and remembers them in ``training_info`` (saved with the model)."""
        X = self._check_X(X).astype(self.dtype, copy=False)
        y = unwrap(y, "y")          # a torch tensor or a data frame column: its values
        check_same_length(X, np.asarray(y))
        n_outputs = self.n_outputs or self.forward(X[:1]).shape[-1]
        loss = losses.get(loss)
        labels.refuse_text_for_regression(y, loss.name)
        if loss.name not in labels.CLASSIFICATION_LOSSES:    # 1e39 would become inf in float32: say which value
            check_finite(as_numeric_array(y, "y"), "y", self.dtype)
        if learn_classes:
            found = labels.classes_for(y, loss.name, n_outputs)
            self.training_info = {} if found is None else {"classes": found.to_json()}
        if loss.name in labels.CLASSIFICATION_LOSSES and self.classes is not None:
            y = labels.encode_targets(y, self.classes, loss.name)
        y = loss.prepare_targets(y, n_outputs, self.dtype)
        check_finite(y, "y")
        return X, y

    @property
    def classes(self):
        """The :class:`~scratchnn.labels.ClassLabels` of a classifier (set by ``fit`` with ``"bce"``
        or ``"cross_entropy"``, saved with the model), else None."""
        record = self.training_info.get("classes")
        return None if record is None else labels.ClassLabels.from_json(record)

    def predict(self, X):
        """For ``X`` (n_samples, n_features): a classifier's labels, shape (n_samples,) (see
        :attr:`classes`); otherwise the network's output, shape (n_samples, n_outputs)."""
        out = self.forward(self._check_X(X).astype(self.dtype, copy=False))
        classes = self.classes
        return out if classes is None else classes.decode(out)

    def predict_proba(self, X):
        """A classifier's probabilities: (n_samples, k), column j for ``classes[j]``, for softmax
        outputs; (n_samples, 1), the probability of ``classes[1]``, for a sigmoid output."""
        if self.classes is None:
            raise InputError("predict_proba needs a classifier: this model was not trained with loss 'bce' or "
                             "'cross_entropy' on class labels; use predict(X) for its outputs")
        return self.forward(self._check_X(X).astype(self.dtype, copy=False))

    def evaluate(self, X, y, loss=None):
        """Scores on (X, y) as a dict: ``loss`` and ``accuracy`` for a classifier, ``loss``, ``mae``
        and ``r2`` otherwise (:mod:`scratchnn.metrics`). ``loss`` defaults to the one the model
        was trained with (else ``"mse"``)."""
        loss = losses.get(loss or self.training_info.get("loss", "mse"))
        X_ready, y_ready = self.prepare(X, y, loss)
        value = self.loss_value(X_ready, y_ready, loss)
        if loss.name in labels.CLASSIFICATION_LOSSES and self.classes is not None:
            truth = np.asarray(y) if np.ndim(y) == 1 else self.classes.decode(y_ready)  # one-hot or (n, 1) rows
            return metrics.scores(loss.name, value, truth, None, self.predict(X_ready))
        return metrics.scores(loss.name, value, y_ready, self.forward(X_ready))

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

    def summary(self, input_shape=None):
        """Print a table of layers, output shapes (None: any number of samples) and parameter counts;
        returns its text as a :class:`Summary`, which a notebook or REPL does not show a second time.
        ``input_shape``: one sample's, e.g. (1, 8, 8); default the last seen."""
        known = input_shape is not None or self.input_shape is not None
        shapes = self.output_shapes(input_shape) if known else ["?"] * len(self.layers)
        lines = [f"{'layer':<32}{'output':<20}{'params':>10}"]
        for layer, shape in zip(self.layers, shapes):
            count = sum(p.size for p in layer.params.values())
            lines.append(f"{repr(layer):<32}{str((None, *shape)) if known else shape:<20}{count:>10,}")
        lines.append(f"total parameters: {self.flat_params.size:,} ({self.dtype})")
        text = "\n".join(lines)
        print(text)
        return Summary(text)

    def to_torch(self):
        """An equivalent ``torch.nn.Sequential`` with copies of the weights (see :mod:`scratchnn.torch_bridge`)."""
        from .torch_bridge import to_torch
        return to_torch(self)

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
