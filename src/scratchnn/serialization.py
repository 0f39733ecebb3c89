"""Save and load models as one ``.npz``: each parameter as an array (``param:W1``, ...) and the
architecture plus training details as a JSON string (``config``). No pickle in either direction:
loading uses ``allow_pickle=False``, so a file carrying Python objects is refused, not executed."""
import json
import zipfile
from pathlib import Path

import numpy as np

from .safe_files import write_file
from .validation import InputError

FORMAT = "scratchnn-model"
VERSION = 1


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
    path = model_path(path)
    meta = {"format": FORMAT, "version": VERSION, **model.config(), "training": model.training_info}
    arrays = {f"param:{name}": value for name, value in model.params.items()}
    text = to_json(meta)

    def write(tmp):
        with open(tmp, "wb") as f:
            np.savez(f, config=np.array(text), **arrays)
    return write_file(path, write, force=overwrite, keep_on_conflict=not overwrite)


def load(path):
    """Read a model written by :meth:`Sequential.save`. A missing, truncated, foreign or
    pickle-bearing file raises an error that says which and what to do."""
    from .model import Sequential

    path = Path(path)
    if not path.is_file() and model_path(path).is_file():   # save("m") wrote m.npz
        path = model_path(path)
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
    model = Sequential.from_config(meta, seed=meta.get("seed"))
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
    model.training_info = meta.get("training", {})
    return model
