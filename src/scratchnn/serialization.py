"""Save and load models as one ``.npz``: each parameter as an array (``param:W1``, ...) and the
architecture plus training details as a JSON string (``config``). No pickle in either direction:
loading uses ``allow_pickle=False``, so a file carrying Python objects is refused, not executed."""
import json
import zipfile
from pathlib import Path

import numpy as np

from . import activations, batchnorm, conv, pooling, reshaping
from .layers import Dense
from .validation import InputError

FORMAT = "scratchnn-model"
VERSION = 1


def save(model, path):
    """Write ``model`` to ``path`` (``.npz`` is appended if missing); returns the path written.
    The round trip through :func:`load` is bit-exact."""
    path = Path(path)
    if path.suffix != ".npz":
        path = path.with_name(path.name + ".npz")
    meta = {"format": FORMAT, "version": VERSION, **model.config(), "training": model.training_info}
    arrays = {f"param:{name}": value for name, value in model.params.items()}
    arrays.update({f"state:{name}": value for name, value in model.state.items()})  # e.g. running statistics
    np.savez(path, config=np.array(json.dumps(meta)), **arrays)
    return path


def load(path, model_class):
    """Read a model written by :meth:`Sequential.save`, built as ``model_class`` (``scratchnn.load``
    passes :class:`~scratchnn.model.Sequential`). A missing, truncated, foreign or pickle-bearing
    file raises an error that says which and what to do."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no model file at {str(path)!r}; check the path (models are saved as .npz)")
    # np.load falls back to unpickling anything that is not .npy/.npz, so a text file would be
    # reported as "pickled": say plainly that it is not an .npz archive at all.
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path} is not an .npz (zip) archive, so not a scratchnn model file; it may be "
                         "truncated or another kind of file; save the model again with model.save()")
    try:
        with np.load(path, allow_pickle=False) as f:
            if "config" not in f.files:
                raise InputError(f"{path} is an .npz file but not a scratchnn model (it has no 'config' entry); "
                                 "load a file written by model.save()")
            meta = json.loads(str(f["config"]))
            arrays = {k[len("param:"):]: f[k] for k in f.files if k.startswith("param:")}
            states = {k[len("state:"):]: f[k] for k in f.files if k.startswith("state:")}
    except (zipfile.BadZipFile, EOFError, OSError) as err:
        raise InputError(f"{path} is not a readable .npz model file ({err}); it may be truncated or not a model; "
                         "save the model again with model.save()") from None
    except InputError:
        raise
    except ValueError as err:
        if "pickle" in str(err):
            raise InputError(f"{path} contains pickled Python objects; scratchnn never loads pickles (they can run "
                             "code). Re-save the model with model.save()") from None
        raise InputError(f"{path} could not be read as a scratchnn model ({err})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise InputError(f"{path} is not a scratchnn model (format {meta.get('format') if isinstance(meta, dict) else meta!r})")
    if meta.get("version", 0) > VERSION:
        raise InputError(f"{path} was written by a newer scratchnn (format version {meta['version']}); upgrade scratchnn")
    model = model_class.from_config(meta, seed=meta.get("seed"))
    params = model.params
    if set(arrays) != set(params):
        raise InputError(f"{path} has parameters {sorted(arrays)} but its architecture needs {sorted(params)}; "
                         "the file is damaged")
    for name, value in params.items():
        stored = arrays[name]
        if stored.shape != value.shape or stored.dtype != value.dtype:
            raise InputError(f"{path}: parameter {name} has shape {stored.shape} and dtype {stored.dtype}, expected "
                             f"{value.shape} {value.dtype}; the file is damaged")
        value[...] = stored
    state = model.state
    if set(states) != set(state):
        raise InputError(f"{path} has state arrays {sorted(states)} but its architecture needs {sorted(state)}; "
                         "the file is damaged")
    for name, value in state.items():
        if states[name].shape != value.shape:
            raise InputError(f"{path}: state {name} has shape {states[name].shape}, expected {value.shape}; "
                             "the file is damaged")
        value[...] = states[name]
    model.training_info = meta.get("training", {})
    return model


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
