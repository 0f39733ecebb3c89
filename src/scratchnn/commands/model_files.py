"""What ``fit``, ``predict`` and ``info`` share: output files checked before any work and written
atomically (never replaced without ``--force``; see :mod:`scratchnn.safe_files`), and the input
scaler stored with the model.

The scaler travels inside the model's ``.npz``: ``fit`` puts it in ``model.training_info``
(``{"input_scaler": {"kind": "standard", "shift": [...], "scale": [...]}}``), which
:func:`scratchnn.serialization.save` writes into the file's JSON ``config`` entry. JSON floats
round-trip exactly, no pickle is involved, and ``scratchnn.load`` returns a model whose
``training_info`` still carries it, so ``predict`` applies the same scaling to new inputs.
"""
import os
from pathlib import Path

from .. import preprocessing
from ..safe_files import check_output
from ..serialization import load, model_path
from ..validation import InputError


def output_paths(out):
    """The files ``fit`` writes for ``--out``: the model, loss curve and doctor reports. ``--out`` naming
    a directory or a device is refused (``.npz`` would otherwise be appended to it, writing beside it)."""
    given = Path(out)
    if str(out).endswith(("/", os.sep)):       # Path() would drop the slash and write a file named like the directory
        raise InputError(f"--out {out} ends with '/', so it names a directory; give a file name, e.g. --out "
                         f"{given / 'model.npz'}")
    if os.path.isdir(given):
        raise InputError(f"--out {given} is a directory; give a file name inside it, e.g. --out {given / 'model.npz'}")
    if os.path.exists(given) and not os.path.isfile(given):
        raise InputError(f"--out {given} is not a regular file (a device or a pipe); give the model's file name, "
                         "e.g. --out model.npz")
    model = model_path(out)
    stem = model.with_suffix("")
    return {"model": model, "png": Path(f"{stem}.loss.png"), "doctor_text": Path(f"{stem}.doctor.txt"),
            "doctor_json": Path(f"{stem}.doctor.json")}


def refuse_overwrite(paths, force, option="--out"):
    """Raise before any work when a file could not be written, or would be replaced without ``--force``."""
    for path in paths:
        check_output(path, force, option)


def scaler_record(scaler):
    """The JSON-able form of a fitted scaler, or of no scaling."""
    return {"kind": "none"} if scaler is None else scaler.to_dict()


def apply_scaler(record, X):
    """Scale ``X`` (n_samples, n_features) as the model's training inputs were scaled."""
    scaler = preprocessing.from_dict(record)
    return X if scaler is None else scaler.transform(X)


def load_model(path):
    """A saved model; a missing or foreign file is a user error that names the fix."""
    if not Path(path).is_file() and not model_path(path).is_file():
        raise FileNotFoundError(f"no model file at {path}; train one first with `scratchnn fit ... --out {path}`")
    return load(path)
