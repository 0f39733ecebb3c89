"""The dense network a user's parameters describe: which arrays are weights and biases, in which
order and layout, and its forward pass in float64 with samples on axis 0.

A learner writes a layer as ``Z = X @ W + b`` (samples on axis 0, ``W`` of shape (in, out)), as
``Z = X @ W.T + b`` (PyTorch's (out, in)) or as ``Z = W @ X + b`` (samples on axis 1, ``b`` of
shape (out, 1)). All three are the same product once the inputs are read with samples on axis 0:
``Z = X @ Wc + b`` with ``Wc = W`` for weights stored (in, out) and ``Wc = W.T`` for (out, in).
So a network here is its :class:`Layer` list plus one ``orient`` for all its weights, and the
inputs are transposed once when they arrive with samples on axis 1.
"""
import itertools
import re
from dataclasses import dataclass

import numpy as np

from .. import vocabulary

# Hidden activations are tried in this order after any the observation names (softmax last: rare);
# output activations in the second (where two give the same numbers, the usual output is named).
KINDS = ("relu", "sigmoid", "tanh", "leaky_relu", "linear", "softmax")
# "softmax_over_samples" is a learner's bug, tried last: np.exp(z) / np.sum(np.exp(z), axis=0) (or Python's
# sum) on (n, k) outputs normalises each class over the batch instead of each sample over the classes.
# "log_softmax": outputs that are log-probabilities (a log-softmax before a negative log-likelihood).
OUTPUT_KINDS = ("sigmoid", "softmax", "linear", "tanh", "relu", "leaky_relu", "log_softmax", "softmax_over_samples")
DEFAULT_SLOPE = 0.01


class NotRebuilt(Exception):
    """The observation does not determine a dense network; the message says why in plain words.

    ``missing``: what the loop could pass to make the check possible ("inputs", "targets", "batch":
    the gradient of the observed batch), "" when passing more would not help."""

    def __init__(self, message, missing=""):
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class Layer:
    weight: str
    bias: str | None
    # The decoder of a tied autoencoder: it reuses the encoder's weight, transposed (X @ W -> ... -> @ W.T).
    tied: bool = False


@dataclass(frozen=True)
class Network:
    layers: tuple
    orient: str     # "in_out": W is (in, out); "out_in": W is (out, in)
    # The bias trick: no bias arrays; a column of ones joins each layer's input at this end ("first" or "last") and
    # the weight's extra row (or column) is the bias, as in [1, a] @ W or W @ [1; a]. ``ones_in_inputs``: the
    # observed inputs already carry their column of ones (only the hidden layers' inputs get one added).
    ones: str | None = None
    ones_in_inputs: bool = False

    def adds_ones(self, i):
        """True when layer ``i``'s input gets a column of ones before its product."""
        return self.ones is not None and (i > 0 or not self.ones_in_inputs)

    def dims(self, params):
        """[(in, out)] per layer (a 1-D weight of d entries is one unit: (d, 1)); ``in`` counts the inputs the
        previous layer (or X) gives, without a column of ones the bias trick adds."""
        dims = []
        for i, layer in enumerate(self.layers):
            s = params[layer.weight].shape
            s = (s[0], 1) if len(s) == 1 else s if self.orient == "in_out" else s[::-1]
            s = s[::-1] if layer.tied else s
            dims.append((s[0] - 1, s[1]) if self.adds_ones(i) else s)
        return dims

    def weight(self, i, params):
        """Layer ``i``'s weight as (in, out)."""
        w = params[self.layers[i].weight]
        w = w.reshape(-1, 1) if w.ndim == 1 else w if self.orient == "in_out" else w.T
        return w.T if self.layers[i].tied else w

    def affine(self, i, params, a):
        """``Z = A @ Wc + b``: (n, in) -> (n, out) for layer ``i``."""
        layer = self.layers[i]
        if self.adds_ones(i):
            ones = np.ones((a.shape[0], 1))
            a = np.hstack([ones, a] if self.ones == "first" else [a, ones])
        z = a @ self.weight(i, params)
        if layer.bias is not None:
            z = z + _bias_rows(params[layer.bias], z.shape)
        return z

    def forward(self, params, x, kinds):
        """(Z, A) of the output layer for activation ``kinds`` ((kind, slope) per layer)."""
        a = x
        for i, kind in enumerate(kinds):
            z = self.affine(i, params, a)
            a = activate(kind, z)
        return z, a

    def describe(self, kinds, inputs_on_rows, params):
        """``X @ W1 + b1 -> relu -> @ W2 + b2 -> sigmoid`` in the user's own layout and names."""
        parts = []
        for i, (layer, kind) in enumerate(zip(self.layers, kinds)):
            w, first = layer.weight, i == 0
            as_stored = params[w].ndim == 1 or (self.orient == ("in_out" if inputs_on_rows else "out_in")) != layer.tied
            a = "X" if first else "(.)"
            if self.adds_ones(i):
                a = (f"[1, {a}]" if self.ones == "first" else f"[{a}, 1]") if inputs_on_rows else \
                    (f"[1; {a}]" if self.ones == "first" else f"[{a}; 1]")
            if inputs_on_rows:
                product = f"{a + ' ' if first or self.adds_ones(i) else ''}@ {w}{'' if as_stored else '.T'}"
            else:
                product = f"{w}{'' if as_stored else '.T'} @ {a}"
            bias = f" + {layer.bias}" if layer.bias is not None else ""
            if layer.bias is not None and _per_sample(params[layer.bias], self.dims(params)[i][1]):
                bias += " (one per sample)"
            parts.append(f"{product}{bias} -> {kind_name(kind)}")
        return " -> ".join(parts)


def _per_sample(b, out):
    """True for a bias with one column (or row) of ``out`` values per sample: (out, n) or (n, out), n > 1.
    A loop whose bias gradient kept the samples' axis broadcasts its bias into that shape at the first update."""
    return b.ndim == 2 and b.size > out and out in b.shape


def _bias_rows(b, shape):
    """Bias ``b`` added to pre-activations of ``shape`` (n, out): one row for all samples, or one per sample."""
    if b.size == shape[1]:
        return b.reshape(1, -1)
    if b.shape == shape:
        return b
    if b.shape == shape[::-1]:
        return b.T
    raise NotRebuilt(f"a bias of shape {b.shape} fits neither one row of {shape[1]} values nor one per sample "
                     f"of the {shape[0]} observed")


def activation_kind(name):
    """``"ReLU"``, ``"leaky-relu"``, ``"logistic"`` ... -> one of KINDS, or None."""
    return vocabulary.activation_kind(name)    # the project's one list of aliases


def kind_name(kind):
    name, slope = kind
    if name == "softmax_over_samples":
        return "softmax over the samples (each output normalised over the batch, not over the classes)"
    if name == "log_softmax":
        return "log-softmax"
    return f"leaky relu ({slope:g})" if name == "leaky_relu" else name


def activate(kind, z):
    """The activation ``kind`` = (name, leaky slope) of pre-activations ``z`` (n, units)."""
    name, slope = kind
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, z, slope * z)
    if name == "sigmoid":
        # 1 / (1 + e^-z) without overflow: e^-|z| never exceeds 1.
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    if name == "tanh":
        return np.tanh(z)
    if name == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    if name == "log_softmax":
        shifted = z - z.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    if name == "softmax_over_samples":
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)
    return z


# ---------------------------------------------------------------- which arrays are layers
def _role(name):
    """("weight" | "bias" | None, trailing number or None) from a parameter's name."""
    letters = re.sub(r"[^a-z]", "", name.lower())
    number = re.search(r"(\d+)\D*$", name)
    number = int(number.group(1)) if number else None
    if "bias" in letters or letters.startswith("b"):
        return "bias", number
    if letters.startswith(("w", "kernel", "theta")):
        return "weight", number
    return None, number


def layers_of(params):
    """The dense layers ``params`` describe, in order: named W1, b1, W2 ... or, failing names, by order."""
    if not params:
        raise NotRebuilt("no parameters were observed")
    for name, p in params.items():
        if p.size == 0:
            raise NotRebuilt(f"params[{name!r}] is empty (shape {p.shape})")
        if p.ndim > 2:
            raise NotRebuilt(f"params[{name!r}] has shape {p.shape}: a convolution or another layer that is "
                             f"not dense; only dense layers (2-D weights) are rebuilt")
    roles = {name: _role(name) for name in params}
    if all(role for role, _ in roles.values()) and any(role == "weight" for role, _ in roles.values()):
        layers = _layers_by_name(params, roles)
    else:
        layers = _layers_by_order(params)
    for layer in layers:
        if params[layer.weight].ndim == 0:
            raise NotRebuilt(f"params[{layer.weight!r}] is a single number where a weight matrix should be; "
                             f"only dense layers (2-D weights, or 1-D for one unit) are rebuilt")
        if params[layer.weight].ndim == 1 and layer is not layers[-1]:
            raise NotRebuilt(f"params[{layer.weight!r}] of shape {params[layer.weight].shape} is a 1-D weight "
                             f"before another layer; only the last layer may be a single unit with a 1-D weight")
    return layers


def _entries_of_layers(weights, biases, roles):
    """{layer number: [weight names]} when two-digit weight numbers read as layer and entry: w11, w12 (the
    weights of layer 1's unit, next to b1) and w2 (next to b2) -- not layers 11, 12 and 2. None otherwise."""
    layers = {roles[b][1] for b in biases}
    if None in layers or not layers:
        return None
    groups = {}
    for w in weights:
        digits = str(roles[w][1]) if roles[w][1] is not None else ""
        layer = int(digits) if int(digits or -1) in layers else int(digits[0]) if len(digits) == 2 else None
        if layer not in layers:
            return None
        groups.setdefault(layer, []).append(w)
    return groups if any(len(ws) > 1 for ws in groups.values()) else None


def _layers_by_name(params, roles):
    weights = [n for n in params if roles[n][0] == "weight"]
    biases = [n for n in params if roles[n][0] == "bias"]
    entries = _entries_of_layers(weights, biases, roles)
    if entries:
        read = "; ".join(f"{', '.join(ws)} with {b}" for b in biases for k, ws in sorted(entries.items())
                         if roles[b][1] == k)
        first = next(ws for ws in entries.values() if len(ws) > 1)
        example = ", ".join(f"[{w}]" for w in first)
        raise NotRebuilt(f"one number per weight, read as layers by their first digit ({read}): single numbers are "
                         f"not rebuilt; pass each layer's weights as one array, e.g. np.array([{example}])")
    numbers = [roles[n][1] for n in weights]
    if None not in numbers and len(set(numbers)) == len(numbers):
        weights.sort(key=lambda n: roles[n][1])
        by_number = {roles[b][1]: b for b in biases}
        layers = [Layer(w, by_number.pop(roles[w][1], None)) for w in weights]
        if by_number:
            left = ", ".join(by_number.values())
            raise NotRebuilt(f"the bias {left} has no weight with the same number")
        return layers
    if len(biases) not in (0, len(weights)):
        raise NotRebuilt(f"{len(weights)} weights ({', '.join(weights)}) and {len(biases)} biases "
                         f"({', '.join(biases)}) do not pair into layers")
    return [Layer(w, biases[i] if biases else None) for i, w in enumerate(weights)]


def _layers_by_order(params):
    """Insertion order: a 2-D weight, then its bias if the next array is 1-D or a row/column of its width."""
    names = list(params)
    layers, i = [], 0
    while i < len(names):
        w = params[names[i]]
        if w.ndim == 0 or (w.ndim == 1 and i + 2 < len(names)):
            raise NotRebuilt(f"params[{names[i]!r}] of shape {w.shape} is where a 2-D weight should come "
                             f"(the order of the parameters is read as W1, b1, W2, b2 ...)")
        bias = None
        if i + 1 < len(names):
            b = params[names[i + 1]]
            units = 1 if w.ndim == 1 else None
            if (b.ndim <= 1 or 1 in b.shape) and (b.size == units or (units is None and b.size in w.shape)):
                bias = names[i + 1]
        layers.append(Layer(names[i], bias))
        i += 2 if bias else 1
    return layers


# Layers whose names or order do not say the order of the network (w_h_o before w_i_h: hidden->output first) are
# tried in every order that chains, up to this many layers (4! = 24 orders).
MAX_REORDERED = 4


def networks(params):
    """Every :class:`Network` whose shapes chain (one per weight layout that fits); when none does in the order
    the names or the dict give, every other order of the layers that does (the rebuild must still reproduce the
    observed predictions, which picks the right one)."""
    layers = tuple(layers_of(params))
    found = _chaining(layers, params)
    if not found and 1 < len(layers) <= MAX_REORDERED:
        found = [net for order in itertools.permutations(layers) if order != layers
                 for net in _chaining(order, params)]
    if not found:
        shapes = ", ".join(f"{l.weight} {params[l.weight].shape}" + (f" {l.bias} {params[l.bias].shape}" if l.bias else "")
                           for l in layers)
        raise NotRebuilt(f"the parameters do not chain into dense layers ({shapes}): each layer's output "
                         f"width must be the next layer's input width")
    return found


def _chaining(layers, params):
    """The :class:`Network` of ``layers`` in this order, per weight layout whose shapes chain and biases fit."""
    found = []
    one_unit_only = all(params[layer.weight].ndim == 1 for layer in layers)
    for orient in ("in_out",) if one_unit_only else ("in_out", "out_in"):
        net = Network(layers, orient)
        dims = net.dims(params)
        chains = all(dims[i][1] == dims[i + 1][0] for i in range(len(dims) - 1))
        biases_fit = all(layer.bias is None or params[layer.bias].size == out or _per_sample(params[layer.bias], out)
                         for layer, (_, out) in zip(layers, dims))
        if chains and biases_fit:
            found.append(net)
    if all(layer.bias is None for layer in layers) and not any(layer.tied for layer in layers):
        found += _bias_trick(layers, params, one_unit_only)
    return found


def _bias_trick(layers, params, one_unit_only):
    """The networks of ``layers`` (no bias arrays) whose weights hold the bias as an extra row for a column of
    ones at either end of each layer's input, per layout whose shapes then chain."""
    found = []
    for ones, in_inputs, orient in itertools.product(("first", "last"), (False, True), ("in_out", "out_in")):
        if (in_inputs and len(layers) == 1) or (one_unit_only and orient == "out_in"):
            continue  # one layer whose inputs carry the ones is the plain network
        net = Network(layers, orient, ones, in_inputs)
        dims = net.dims(params)
        if all(d[0] > 0 for d in dims) and all(dims[i][1] == dims[i + 1][0] for i in range(len(dims) - 1)):
            found.append(net)
    return found


def tied_networks(params):
    """The tied autoencoders ``params`` may describe: one weight matrix W used by the encoder and, transposed, by
    the decoder (``X @ W -> act -> @ W.T -> act``, or ``W @ X ...`` with samples on axis 1), with no bias or one
    per layer (the hidden one of W's narrow width, the output one of its wide width). [] when it is no such set."""
    weights = [n for n, p in params.items() if p.ndim == 2 and min(p.shape) > 1]
    if len(weights) != 1:
        return []
    w = weights[0]
    biases = [n for n in params if n != w]
    if len(biases) not in (0, 2) or any(params[b].ndim > 2 or (params[b].ndim == 2 and 1 not in params[b].shape)
                                        for b in biases):
        return []
    orders = [(None, None)] if not biases else [tuple(biases), tuple(biases[::-1])]
    found = []
    for orient in ("in_out", "out_in"):
        for hidden, output in orders:
            net = Network((Layer(w, hidden), Layer(w, output, tied=True)), orient)
            dims = net.dims(params)
            if all(layer.bias is None or params[layer.bias].size == out for layer, (_, out) in zip(net.layers, dims)):
                found.append(net)
    return found


# ---------------------------------------------------------------- data with samples on axis 0
def input_views(x, n_features):
    """[(inputs_on_rows, X with samples on axis 0)] for each reading of ``x`` that has ``n_features``."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1 and n_features == 1:
        return [(True, x.reshape(-1, 1))]
    if x.ndim != 2:
        return []
    views = []
    if x.shape[1] == n_features:
        views.append((True, x))
    if x.shape[0] == n_features and x.shape[0] != x.shape[1]:
        views.append((False, x.T))
    return views


def as_rows(arr, n, k, labels=False):
    """``arr`` as (n, k) with samples on axis 0, or None; with ``labels``, integer class labels
    0..k-1 (shape (n,) or (n, 1)) become one-hot rows."""
    if arr is None:
        return None
    arr = np.asarray(arr, dtype=np.float64)
    if arr.shape == (n, k):
        return arr
    if arr.ndim == 2 and arr.shape == (k, n):
        return arr.T
    if arr.size == n * k and k == 1:
        return arr.reshape(n, 1)
    if labels and k > 1 and arr.size == n and np.all((arr == np.round(arr)) & (arr >= 0) & (arr < k)):
        return np.eye(k)[arr.ravel().astype(int)]
    return None
