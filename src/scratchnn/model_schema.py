"""What a model file's JSON ``config`` may say, checked before anything is built or allocated.

:func:`check` walks the decoded JSON once: format and version, the top-level keys and their types,
every layer's kind and keyword arguments (names from the layer's own constructor, values JSON
scalars), and the training record the CLI reads back (feature names, input scaler).
:func:`expected_arrays` then says which arrays the architecture needs and their shapes, computed
from the arguments alone -- so :mod:`scratchnn.serialization` can compare them with the ``.npy``
headers in the file before a single weight is allocated. Every failure is one
:class:`InputError` naming the file, the place in the config and what is wrong.
"""
import inspect
import numbers
import re

import numpy as np

from .validation import InputError

FORMAT = "scratchnn-model"
VERSION = 1
MAX_DEPTH = 20
TOP_LEVEL = {"format", "version", "layers", "dtype", "seed", "training"}


def check_depth(text, path):
    """Refuse JSON nested deeper than :data:`MAX_DEPTH` before decoding it (no RecursionError)."""
    skeleton = re.sub(r'"(?:[^"\\]|\\.)*"', "", text)       # brackets inside strings do not count
    steps = np.frombuffer(skeleton.encode("ascii", "replace"), dtype=np.uint8)
    depth = np.cumsum(np.isin(steps, (ord("["), ord("{"))).astype(np.int64)
                      - np.isin(steps, (ord("]"), ord("}"))))
    if depth.size and depth.max() > MAX_DEPTH:
        raise InputError(f"{path}: its config is nested {int(depth.max())} levels deep (a model needs at most "
                         f"{MAX_DEPTH}); the file is damaged or hostile")


def _fail(path, where, what):
    raise InputError(f"{path}: config {where} {what}; the file is damaged or was edited by hand (save the model "
                     "again with model.save())")


def _is_int(v):
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def _is_scalar(v):
    return v is None or isinstance(v, (bool, str)) or (isinstance(v, (int, float)) and np.isfinite(v))


def check(meta, path):
    """Raise :class:`InputError` unless ``meta`` is a well-formed model description."""
    if not isinstance(meta, dict):
        raise InputError(f"{path} is not a scratchnn model (its config is a {type(meta).__name__}, not an object)")
    if meta.get("format") != FORMAT:
        raise InputError(f"{path} is not a scratchnn model (format {meta.get('format')!r}, expected {FORMAT!r})")
    version = meta.get("version")
    if not _is_int(version) or version < 1:
        _fail(path, "'version'", f"is {version!r}, not a format version (1, 2, ...)")
    if version > VERSION:
        raise InputError(f"{path} was written by a newer scratchnn (format version {version}; this one reads up to "
                         f"{VERSION}); upgrade scratchnn (pip install -U scratchnn)")
    unknown = sorted(set(meta) - TOP_LEVEL)
    if unknown:
        _fail(path, "has unknown key(s)", ", ".join(map(repr, unknown)))
    if meta.get("dtype", "float32") not in ("float32", "float64"):
        _fail(path, "'dtype'", f"is {meta.get('dtype')!r}; it must be 'float32' or 'float64'")
    seed = meta.get("seed")
    if seed is not None and not (_is_int(seed) and 0 <= seed < 2**64):
        _fail(path, "'seed'", f"is {seed!r}; it must be null or a whole number >= 0")
    layers = meta.get("layers")
    if not isinstance(layers, list) or not layers:
        _fail(path, "'layers'", f"is {_short(layers)}; it must be a non-empty list of layers")
    for i, layer in enumerate(layers):
        _check_layer(layer, i, path)
    _check_training(meta.get("training", {}), path)
    _check_training_fits_layers(meta, path)


def _short(value):
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


PAIRS = {"kernel_size", "stride", "padding"}  # the image layers' (height, width) arguments


def _check_layer(layer, i, path):
    from .serialization import _LAYER_TYPES
    where = f"layer {i}"
    if not isinstance(layer, dict):
        _fail(path, where, f"is {_short(layer)}, not an object")
    kind = layer.get("type")
    if kind not in _LAYER_TYPES:
        _fail(path, where, f"has unknown type {kind!r} (known: {', '.join(_LAYER_TYPES)})")
    accepted = inspect.signature(_LAYER_TYPES[kind]).parameters
    for key, value in layer.items():
        if key == "type":
            continue
        if key not in accepted:
            _fail(path, f"{where} ({kind})", f"has unknown argument {key!r} (it takes {', '.join(accepted) or 'none'})")
        pair = key in PAIRS and isinstance(value, list) and len(value) == 2   # e.g. kernel_size [3, 3]
        scalars = value.values() if isinstance(value, dict) else value if pair else [value]
        if not all(_is_scalar(v) for v in scalars):
            _fail(path, f"{where} ({kind}) argument {key!r}", f"is {_short(value)}, not a finite number, string or flag")
    if kind in ARRAYS:
        ARRAYS[kind](layer, lambda what: _fail(path, f"{where} ({kind})", what))


def _check_training(training, path):
    if not isinstance(training, dict):
        _fail(path, "'training'", f"is {_short(training)}, not an object")
    names = training.get("feature_names")
    if names is not None and not (isinstance(names, list) and all(isinstance(n, str) for n in names)):
        _fail(path, "training 'feature_names'", "is not a list of column names")
    for key in ("target_name", "loss"):
        if training.get(key) is not None and not isinstance(training[key], str):
            _fail(path, f"training {key!r}", f"is {_short(training[key])}, not a string")
    scaler = training.get("input_scaler")
    if scaler is not None:
        from .preprocessing import check_record
        try:
            check_record(scaler)
        except InputError as err:
            _fail(path, "training 'input_scaler'", f"is not a valid scaler ({err})")


def _check_training_fits_layers(meta, path):
    """The class list and the input scaler agree with the network they were saved with (a Dense first
    and last layer say how many inputs and outputs it has)."""
    training, layers = meta.get("training", {}), meta["layers"]
    n_in = layers[0]["in_features"] if layers[0]["type"] == "Dense" else None
    # The last layer with arrays fixes the output width (activations, dropout and flatten keep it).
    last = [l for l in layers if l["type"] in ARRAYS][-1:] or [{}]
    n_out = {"Dense": last[0].get("out_features"), "BatchNorm1D": last[0].get("num_features")}.get(last[0].get("type"))
    record = training.get("classes")
    if record is not None:
        kinds = ("str", "int", "float", "bool")
        listed = record.get("classes") if isinstance(record, dict) else None
        if not (isinstance(listed, list) and record.get("kind", "str") in kinds and len(listed) >= 2
                and all(_is_scalar(c) and c is not None for c in listed)):
            _fail(path, "training 'classes'", f"is {_short(record)}, not {{'kind': one of {', '.join(kinds)}, "
                  "'classes': [at least 2 labels]}")
        wanted = None if n_out is None else 2 if n_out == 1 else n_out
        if wanted is not None and len(record["classes"]) != wanted:
            _fail(path, "training 'classes'", f"lists {len(record['classes'])} classes but the network has {n_out} "
                  f"output(s), which {'is' if n_out == 1 else 'are'} for {wanted}")
    scaler = training.get("input_scaler")
    if n_in is not None and isinstance(scaler, dict) and scaler.get("kind", "none") != "none":
        width = len(scaler["shift"])
        if width not in (1, n_in):
            _fail(path, "training 'input_scaler'", f"scales {width} features but the network takes {n_in}")


# -- the arrays each layer kind stores, from its arguments alone (nothing allocated) ------------------
def _dense_arrays(args, fail):
    n_in, n_out = args.get("in_features"), args.get("out_features")
    if not (_is_int(n_in) and _is_int(n_out) and n_in >= 1 and n_out >= 1):
        fail(f"needs whole numbers in_features and out_features >= 1, got {n_in!r} and {n_out!r}")
    if not isinstance(args.get("bias", True), bool):
        fail(f"argument 'bias' is {args['bias']!r}, not true or false")
    return {"params": {"W": (n_in, n_out), **({"b": (n_out,)} if args.get("bias", True) else {})}, "state": {}}


def _conv_arrays(args, fail):
    c_in, c_out, k = args.get("in_channels"), args.get("out_channels"), args.get("kernel_size")
    k = [k, k] if _is_int(k) else k
    if not (_is_int(c_in) and _is_int(c_out) and c_in >= 1 and c_out >= 1 and isinstance(k, list) and len(k) == 2
            and all(_is_int(v) and v >= 1 for v in k)):
        fail(f"needs whole numbers in_channels, out_channels >= 1 and a kernel_size, got {c_in!r}, {c_out!r}, {k!r}")
    return {"params": {"W": (c_out, c_in, *k), "b": (c_out,)}, "state": {}}


def _batchnorm_arrays(args, fail):
    d = args.get("num_features")
    if not (_is_int(d) and d >= 1):
        fail(f"needs a whole number num_features >= 1, got {d!r}")
    return {"params": {"gamma": (d,), "beta": (d,)}, "state": {"running_mean": (d,), "running_var": (d,)}}


ARRAYS = {"Dense": _dense_arrays, "Conv2D": _conv_arrays, "BatchNorm1D": _batchnorm_arrays,
          "BatchNorm2D": _batchnorm_arrays}


def expected_arrays(meta):
    """``{"param:W1": shape, ..., "state:3:running_mean": shape}`` for a checked ``meta``."""
    out, k = {}, 0
    for i, layer in enumerate(meta["layers"]):
        rule = ARRAYS.get(layer["type"])
        if rule is None:
            continue
        arrays = rule(layer, None)
        if arrays["params"]:
            k += 1
            out.update({f"param:{key}{k}": shape for key, shape in arrays["params"].items()})
        out.update({f"state:{i}:{key}": shape for key, shape in arrays["state"].items()})
    return out
