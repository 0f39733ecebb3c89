"""What ``fit``, ``predict`` and ``info`` share: output files that are never overwritten without
``--force``, and the input scaler stored with the model.

The scaler travels inside the model's ``.npz``: ``fit`` puts it in ``model.training_info``
(``{"input_scaler": {"kind": "standard", "shift": [...], "scale": [...]}}``), which
:func:`scratchnn.serialization.save` writes into the file's JSON ``config`` entry. JSON floats
round-trip exactly, no pickle is involved, and ``scratchnn.load`` returns a model whose
``training_info`` still carries it, so ``predict`` applies the same scaling to new inputs.
"""
from pathlib import Path

import numpy as np

from .. import preprocessing
from ..model import load


def output_paths(out):
    """The files ``fit`` writes for ``--out``: the model, loss curve and doctor reports."""
    model = Path(out)
    if model.suffix != ".npz":
        model = model.with_name(model.name + ".npz")
    stem = model.with_suffix("")
    return {"model": model, "png": Path(f"{stem}.loss.png"), "doctor_text": Path(f"{stem}.doctor.txt"),
            "doctor_json": Path(f"{stem}.doctor.json")}


def refuse_overwrite(paths, force):
    """Raise before any work when a file would be overwritten without ``--force``."""
    existing = [str(p) for p in paths if Path(p).exists()]
    if existing and not force:
        raise FileExistsError(f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
                              f"pass --force to overwrite, or choose another name with --out")


def scaler_record(scaler):
    """The JSON-able form of a fitted scaler, or of no scaling."""
    return {"kind": "none"} if scaler is None else scaler.to_dict()


def apply_scaler(record, X):
    """Scale ``X`` (n_samples, n_features) as the model's training inputs were scaled."""
    scaler = preprocessing.from_dict(record)
    return X if scaler is None else scaler.transform(X)


def load_model(path):
    """A saved model; a missing or foreign file is a user error that names the fix."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"no model file at {path}; train one first with `scratchnn fit ... --out {path}`")
    return load(path)
