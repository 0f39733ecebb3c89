"""Save and load models as one ``.npz``: each parameter as an array (``param:W1``, ...), each
layer's saved state as ``state:<layer index>:<key>`` (e.g. BatchNorm's running statistics), and
the architecture plus training details as a JSON string (``config``). No pickle in either
direction: a file carrying Python objects is refused, not executed.

Loading treats the file as hostile until proven otherwise (the safetensors discipline): the JSON
is checked against the schema (:mod:`scratchnn.model_schema`), every array's ``.npy`` header is read
and its shape checked against the architecture *before* any array is decompressed or any layer
built, and every size is bounded by the bytes the file actually holds. A 1 KB file that claims a
10^6 x 10^6 layer is refused in microseconds, without allocating its 7 TiB. Each malformed file
gives one :class:`InputError` line naming what is wrong.
"""
import json
import os
import warnings
import zipfile
from pathlib import Path

import numpy as np

from . import activations, batchnorm, conv, model_schema, pooling, reshaping
from .layers import Dense
from .model_schema import FORMAT, VERSION
from .safe_files import write_file
from .validation import InputError


def to_json(value, **kwargs):
    """``json.dumps`` that always produces strict JSON: a non-finite float becomes the string
    ``"NaN"``, ``"Infinity"`` or ``"-Infinity"`` (bare ``NaN`` is not JSON, and most readers reject it);
    NumPy scalars and arrays become numbers and lists."""
    def clean(v):
        if isinstance(v, dict):
            return {str(k): clean(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [clean(x) for x in v]
        if isinstance(v, np.ndarray):
            return clean(v.tolist())
        if isinstance(v, (np.bool_, bool)):
            return bool(v)
        if isinstance(v, np.integer):
            return int(v)
        if isinstance(v, (float, np.floating)):
            v = float(v)
            return v if np.isfinite(v) else ("NaN" if v != v else ("Infinity" if v > 0 else "-Infinity"))
        return v
    return json.dumps(clean(value), allow_nan=False, **kwargs)


def model_path(path):
    """``path`` with ``.npz`` appended when it has another suffix or none (what :func:`save` writes)."""
    path = Path(path)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def save(model, path, overwrite=True):
    """Write ``model`` to ``path`` (``.npz`` is appended if missing); returns the path written.

    The round trip through :func:`load` is bit-exact. The file is written atomically (see
    :mod:`scratchnn.safe_files`): a crash or a full disk mid-save leaves any previous file intact.
    With ``overwrite=False`` an existing file (or link) at ``path`` is never replaced."""
    given = _as_path(path, "save")
    if given.is_dir():      # not "DIR.npz" beside it
        raise InputError(f"{given} is a directory; give a file name inside it, e.g. {given / 'model.npz'}")
    path = model_path(given)
    meta = {"format": FORMAT, "version": VERSION, **model.config(), "training": model.training_info}
    arrays = {f"param:{name}": value for name, value in model.params.items()}
    for i, layer in enumerate(model.layers):
        arrays.update({f"state:{i}:{key}": value for key, value in getattr(layer, "state", {}).items()})
    text = to_json(meta)

    def write(tmp):
        with open(tmp, "wb") as f:
            np.savez(f, config=np.array(text), **arrays)
    return write_file(path, write, force=overwrite, keep_on_conflict=not overwrite)


# A deflate stream cannot expand more than about 1032 times; anything claiming more is a lie.
MAX_EXPANSION = 1100
MAX_CONFIG_BYTES = 256 * 2**20


def load(path, model_class=None):
    """Read a model written by :func:`save` (``load("m")`` finds ``m.npz`` as ``save("m")`` wrote it),
    built as ``model_class`` (default :class:`~scratchnn.model.Sequential`).

    A missing, truncated, foreign, malformed or pickle-bearing file raises an error that says
    which and what to do; nothing is allocated beyond what the file's own bytes justify."""
    if model_class is None:
        from .model import Sequential as model_class

    path = _as_path(path, "load")
    if not path.is_file() and model_path(path).is_file():   # save("m") wrote m.npz
        path = model_path(path)
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a model file; give the path of the .npz file inside it")
    if path.exists() and not path.is_file():
        raise InputError(f"{path} is not a regular file (a device or a pipe), so not a model file; give the path "
                         "of a .npz file written by model.save()")
    if not path.is_file():
        raise FileNotFoundError(f"no model file at {str(path)!r}; check the path (models are saved as .npz)")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path} is not an .npz (zip) archive, so not a scratchnn model file; it may be "
                         "truncated or another kind of file; save the model again with model.save()")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = _entries(archive, path)
            meta = _read_config(archive, entries, path)
            model_schema.check(meta, path)
            headers = {name: _npy_header(archive, info, path) for name, info in entries.items() if name != "config"}
            _check_arrays(meta, headers, path)
            try:
                model = model_class.from_config(meta, seed=meta.get("seed"))
            except (ValueError, TypeError) as err:      # the schema passed but a constructor did not agree
                raise InputError(f"{path}: the architecture it describes cannot be built ({err}); the file is "
                                 "damaged or was edited by hand") from None
            targets = dict(model.params)
            for i, layer in enumerate(model.layers):
                targets.update({f"state:{i}:{k}": v for k, v in getattr(layer, "state", {}).items()})
            for name, info in entries.items():
                if name != "config":
                    target = targets[name[len("param:"):] if name.startswith("param:") else name]
                    target[...] = _read_array(archive, info, path)
                    if not np.all(np.isfinite(target)):    # loaded as saved, but not silently
                        warnings.warn(f"{path}: {name.split(':', 1)[1]} holds NaN or infinite values, so its "
                                      "predictions will be NaN; the model diverged before it was saved: retrain it "
                                      "with a smaller learning rate or use an earlier copy", RuntimeWarning,
                                      stacklevel=3)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as err:
        raise InputError(f"{path} is not a readable .npz model file ({err}); it may be truncated or not a model; "
                         "save the model again with model.save()") from None
    model.training_info = meta.get("training", {})
    return model


def _as_path(path, verb):
    """A str, bytes or os.PathLike path as a Path (anything else named as the mistake)."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, (str, os.PathLike)) or not str(path):
        raise InputError(f"{verb} takes the path of a model file (a str or Path), got {path!r}")
    return Path(path)


def _entries(archive, path):
    """``{"config": info, "param:W1": info, ...}``, each member's declared size bounded by the file."""
    file_size = os.path.getsize(path)
    entries = {}
    for info in archive.infolist():
        if not info.filename.endswith(".npy"):
            raise InputError(f"{path} holds {info.filename!r}, which is not an array; it is not a scratchnn model")
        name = info.filename[:-4]
        if info.flag_bits & 0x1:
            raise InputError(f"{path}: the entry {info.filename!r} is encrypted; scratchnn never encrypts model files, "
                             "so this one is damaged or not a model")
        if name in entries:
            raise InputError(f"{path} holds {info.filename!r} twice; the file is damaged")
        stored = info.compress_type == zipfile.ZIP_STORED
        if info.compress_size > file_size or info.file_size > (1 if stored else MAX_EXPANSION) * info.compress_size:
            raise InputError(f"{path}: the entry {info.filename!r} claims {info.file_size} bytes but the file holds "
                             f"{file_size}; the file is damaged or hostile")
        entries[name] = info
    if "config" not in entries:
        raise InputError(f"{path} is an .npz file but not a scratchnn model (it has no 'config' entry); "
                         "load a file written by model.save()")
    for name in entries:
        if name != "config" and not name.startswith(("param:", "state:")):
            raise InputError(f"{path} holds an unexpected array {name!r}; it is not a scratchnn model file")
    return entries


def _npy_header(archive, info, path):
    """``(shape, dtype)`` from an ``.npy`` member's header, checked against the member's size."""
    with archive.open(info) as f:
        try:
            version = np.lib.format.read_magic(f)
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran, dtype = read(f, max_header_size=10_000)
        except Exception as err:    # NumPy's header parser meets hostile bytes: any failure means "not .npy"
            raise InputError(f"{path}: {info.filename!r} is not a valid .npy array ({err}); the file is damaged") from None
        header_size = f.tell()
    if dtype.hasobject:
        raise InputError(f"{path} contains pickled Python objects ({info.filename}); scratchnn never loads pickles "
                         "(they can run code). Re-save the model with model.save()")
    n_bytes = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if header_size + n_bytes != info.file_size:
        raise InputError(f"{path}: {info.filename!r} declares shape {shape} ({n_bytes} bytes) but holds "
                         f"{info.file_size - header_size} bytes; the file is damaged or hostile")
    return tuple(shape), dtype


def _read_array(archive, info, path):
    with archive.open(info) as f:
        try:
            return np.lib.format.read_array(f, allow_pickle=False)
        except ValueError as err:
            raise InputError(f"{path}: {info.filename!r} could not be read ({err}); the file is damaged") from None


def _read_config(archive, entries, path):
    """The JSON architecture, decoded after its size, type and nesting depth are checked."""
    info = entries["config"]
    shape, dtype = _npy_header(archive, info, path)
    if shape != () or dtype.kind != "U" or info.file_size > MAX_CONFIG_BYTES:
        raise InputError(f"{path}: its 'config' entry is not the JSON text a model file holds (shape {shape}, "
                         f"dtype {dtype}); the file is damaged or not a scratchnn model")
    text = str(_read_array(archive, info, path))
    model_schema.check_depth(text, path)
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as err:
        raise InputError(f"{path}: its 'config' entry is not valid JSON ({err}); the file is damaged") from None


def _check_arrays(meta, headers, path):
    """The stored arrays are exactly the ones the architecture needs, with the shapes and dtype it needs."""
    expected = model_schema.expected_arrays(meta)
    missing, extra = sorted(set(expected) - set(headers)), sorted(set(headers) - set(expected))
    if missing or extra:
        raise InputError(f"{path} has arrays {sorted(headers)} but its architecture needs {sorted(expected)}"
                         f"{' (missing ' + ', '.join(missing) + ')' if missing else ''}"
                         f"{' (unexpected ' + ', '.join(extra) + ')' if extra else ''}; the file is damaged")
    dtype = np.dtype(meta.get("dtype", "float32"))
    for name, shape in expected.items():
        stored_shape, stored_dtype = headers[name]
        # The byte order is the writer's platform's, not part of the model: '>f4' holds the same float32.
        if stored_shape != shape or stored_dtype.newbyteorder("<") != dtype.newbyteorder("<"):
            what = name.replace("param:", "parameter ", 1).replace("state:", "state ", 1)
            raise InputError(f"{path}: {what} has shape {stored_shape} and dtype {stored_dtype}, expected {shape} "
                             f"{dtype} (what its architecture needs); the file is damaged")


_LAYER_TYPES = {"Dense": Dense, **{cls.__name__: cls for cls in set(activations.ACTIVATIONS.values())},
                **{cls.__name__: cls for cls in (conv.Conv2D, pooling.MaxPool2D, pooling.AvgPool2D, reshaping.Flatten,
                                                 reshaping.Dropout, batchnorm.BatchNorm1D, batchnorm.BatchNorm2D)}}


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
