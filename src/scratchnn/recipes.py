"""The seed tasks solved with scratchnn: one function per task that builds the seed's own network
shape, trains it the recommended way, and says whether it reached the task's goal.

Used by ``examples/``, ``benchmarks/seed_tasks.py``, the tests and ``scratchnn demo``, so there is
one source for "how scratchnn does it".

========  ==============================  ===========================================================
task      network (seed)                  goal
========  ==============================  ===========================================================
S1        3-4-1 ReLU, MSE (000)           train MSE < 0.1 within 5,000 epochs; both held-out values within 1.0
S2        12288-64-1 ReLU/sigmoid (002)   BCE < 0.01 within 300 epochs
S2 CNN    conv-pool-dense on the photos   BCE < 0.01 within 300 epochs
S3        2-3-1 sigmoid, XOR (002 answer) mean |error| < 0.05 within 2,000 epochs
S4        2-1-1 sigmoid, AND (003)        MSE < 0.05
========  ==============================  ===========================================================
"""
from dataclasses import dataclass

import numpy as np

from . import datasets
from .activations import ReLU, Sigmoid
from .conv import Conv2D
from .layers import Dense
from .model import Sequential
from .optim import SGD, Adam
from .pooling import MaxPool2D
from .reshaping import Flatten
from .preprocessing import StandardScaler


@dataclass
class TaskResult:
    """What a recipe did: the trained ``model``, its ``history``, whether it ``passed`` the task's
    goal, the epoch the goal was first met (``epochs_to_goal``, None if never) and ``details``."""

    model: Sequential
    history: object
    passed: bool
    epochs_to_goal: int | None
    details: dict


def _first_below(values, threshold):
    return next((i + 1 for i, v in enumerate(values) if v < threshold), None)


def next_number(seed=None, epochs=5000):
    """S1 (seed 000): 3 previous numbers -> next, with the seed's own 3-4-1 ReLU shape.

    Defaults throughout; the only addition is standardizing the inputs. The held-out windows are
    predicted after training and compared with the true next numbers [5.99, 0.09].
    """
    data = datasets.next_number()
    scaler = StandardScaler().fit(data.X)
    model = Sequential([Dense(3, 4), ReLU(), Dense(4, 1)], seed=seed)
    history = model.fit(scaler.transform(data.X), data.y, loss="mse", epochs=epochs)
    reached = _first_below(history.loss, 0.1)
    predictions = model.predict(scaler.transform(data.X_test)).ravel()
    held_out_ok = bool(np.all(np.abs(predictions - data.y_test) < 1.0))
    return TaskResult(model, history, reached is not None, reached,
                      {"scaler": scaler, "predictions": predictions, "truth": data.y_test,
                       "held_out_ok": held_out_ok})


def cat_photos(seed=None, epochs=300):
    """S2 (seed 002): 12288-64-1, ReLU then sigmoid, BCE, on ten 64x64x3 photos with pixels 0-255.

    The pixels are standardized per feature first (:class:`StandardScaler`); the optimizer is the
    default Adam, lr = 1/12288 for this input width (docs/defaults.md).
    """
    data = datasets.cat_photos()
    X = StandardScaler().fit_transform(data.X)
    model = Sequential([Dense(12288, 64), ReLU(), Dense(64, 1), Sigmoid()], seed=seed)
    history = model.fit(X, data.y, loss="bce", epochs=epochs)
    reached = _first_below(history.loss, 0.01)
    return TaskResult(model, history, reached is not None, reached, {})


def photo_images():
    """Seed 002's ten photos as images (10, 3, 64, 64), standardized by the mean and standard
    deviation of all their pixels (one number each), and their labels (1 = cat)."""
    data = datasets.cat_photos()
    images = data.extra["images"].transpose(0, 3, 1, 2).astype(np.float32)  # (n, H, W, C) -> (n, C, H, W)
    return (images - images.mean()) / images.std(), data.y


def photo_cnn(seed=None):
    """conv 3->8 3x3 stride 2 pad 1 (64x64 -> 32x32), ReLU, max-pool 4 (-> 8x8), Dense 512->1, sigmoid."""
    return Sequential([Conv2D(3, 8, 3, stride=2, padding=1), ReLU(), MaxPool2D(4), Flatten(),
                       Dense(8 * 8 * 8, 1), Sigmoid()], seed=seed)


def cat_photos_cnn(seed=None, epochs=300):
    """S2 with a small convolutional network instead of 12,288 flattened numbers: full-batch
    Adam(1e-3), binary cross-entropy (``examples/cnn_cat_photos.py`` measures 20 starts)."""
    X, y = photo_images()
    model = photo_cnn(seed)
    history = model.fit(X, y, loss="bce", optimizer=Adam(1e-3), epochs=epochs)
    reached = _first_below(history.loss, 0.01)
    return TaskResult(model, history, reached is not None, reached, {"X": X})


def xor(seed=None, epochs=2000):
    """S3 (the XOR answer in seed 002): 2-3-1 sigmoid.

    2-3-1 sigmoid XOR has real local minima: Adam with BCE stalls in about 1 init in 6. Glorot
    init (the default before a sigmoid) with SGD, momentum 0.9, lr 0.5 on MSE escapes them.
    """
    data = datasets.xor()
    model = Sequential([Dense(2, 3), Sigmoid(), Dense(3, 1), Sigmoid()], seed=seed)
    history = model.fit(data.X, data.y, loss="mse", optimizer=SGD(0.5, momentum=0.9), epochs=epochs)
    mean_abs_error = float(np.mean(np.abs(model.predict(data.X).ravel() - data.y)))
    return TaskResult(model, history, mean_abs_error < 0.05, None, {"mean_abs_error": mean_abs_error})


def and_gate(seed=None, epochs=2000):
    """S4 (seed 003): the two-neuron sigmoid chain 2-1-1 learns AND with MSE and the defaults."""
    data = datasets.and_gate()
    model = Sequential([Dense(2, 1), Sigmoid(), Dense(1, 1), Sigmoid()], seed=seed)
    history = model.fit(data.X, data.y, loss="mse", epochs=epochs)
    reached = _first_below(history.loss, 0.05)
    return TaskResult(model, history, reached is not None, reached, {})


TASKS = {"S1": next_number, "S2": cat_photos, "S3": xor, "S4": and_gate}
