"""``scratchnn fit``: train a network without writing code.

Data from a CSV file (``--data FILE --target COLUMN``), a number sequence for next-value
prediction (``--sequence "2.16,3.19,..." --window 3``, seed 000's task) or a built-in dataset
(``--dataset NAME``). Options as flags or from ``--config FILE.toml`` (see :mod:`.fit_options`).
Writes the model (``--out``, default ``model.npz``, with its input scaler inside; see
:mod:`.model_files`), a loss-curve PNG when matplotlib is installed, and the doctor's report;
existing files are only replaced with ``--force``. Every output location is checked before the data
is read, and every file is written atomically (:mod:`scratchnn.safe_files`). A run whose loss
turns NaN or infinite exits 1 and never replaces a model.
"""
import os
import sys

import numpy as np

from .. import datasets
from ..callbacks import EarlyStopping, ProgressBar
from ..csv_data import parse_numbers, read_table
from ..labels import outputs_for
from ..model import Sequential
from ..optim import SGD, Adam
from ..preprocessing import MinMaxScaler, StandardScaler
from ..safe_files import write_file, write_text
from ..serialization import save, to_json
from ..training import DEFAULT_LR, default_optimizer
from ..validation import InputError
from . import fit_options
from .model_files import output_paths, refuse_overwrite, scaler_record


def register(subparsers):
    parser = subparsers.add_parser(
        "fit", help="train a network on a CSV file, a number sequence or a built-in dataset",
        description="Train a network without writing code; saves the model, a loss curve and the doctor's report.",
        epilog='example: scratchnn fit --sequence "2.16,3.19,1.85,4.84,0.55,4.20,1.68,4.74,0.14,5.68,0.48,5.03,0.18" '
               "--window 3 --layers 3,4,1 --epochs 2000")
    fit_options.add_arguments(parser)
    return parser


def load_data(opts):
    """``(X, y, info)``: features, targets and what to record about the data (and to show at the end)."""
    if opts["sequence"] is not None:
        series, window = parse_numbers(opts["sequence"], "--sequence"), opts["window"]
        if len(series) <= window:
            raise InputError(f"the sequence has {len(series)} numbers, too short for --window {window}: it needs at "
                             f"least {window + 1}; give a longer --sequence or a smaller --window")
        X, y = datasets.sliding_window(series, window)
        return X, y, {"source": f"sequence of {len(series)} numbers, window {window}", "window": window,
                      "feature_names": [f"t-{window - i}" for i in range(window)], "target_name": "next",
                      "next_input": series[-window:]}
    if opts["dataset"] is not None:
        if opts["dataset"] not in datasets.LOADERS:
            raise InputError(f"unknown dataset {opts['dataset']!r}; the built-in ones are: {', '.join(datasets.LOADERS)}")
        data = datasets.load(opts["dataset"])
        X, y = np.asarray(data.X, dtype=np.float64), np.asarray(data.y, dtype=np.float64)
        info = {"source": f"built-in dataset {data.name}: {data.description}",
                "feature_names": [f"x{i}" for i in range(X.shape[1])], "target_name": "y"}
        if data.X_test is not None:
            info["test"] = (np.asarray(data.X_test, dtype=np.float64), np.asarray(data.y_test))
        return X, y, info
    table = read_table(opts["data"], target=opts["target"])
    return table.X, table.y, {"source": f"CSV {opts['data']} ({len(table.X)} rows)",
                              "feature_names": table.feature_names, "target_name": table.target_name}


def n_outputs_for(y, loss, source):
    """Output units the loss needs for targets ``y`` (checked: bce wants 0/1, cross_entropy labels 0..K-1;
    class labels as text: two for bce, one output per label for cross_entropy)."""
    if y.dtype.kind in "UO":
        if loss not in ("bce", "cross_entropy"):
            raise InputError(f"the target ({source}) holds text labels such as {str(y[0])!r}: use --loss cross_entropy "
                             f"(or --loss bce for two classes); --loss {loss} needs numbers")
        return outputs_for(y, loss)
    if loss == "bce":
        if not np.all((y == 0) | (y == 1)):
            raise InputError(f"--loss bce needs targets of 0 and 1, but the data ({source}) has values from {y.min():g} to "
                             f"{y.max():g}; use --loss mse for numbers")
        return 1
    if loss == "cross_entropy":
        if not np.all((y >= 0) & (y == np.round(y))):
            raise InputError(f"--loss cross_entropy needs class labels 0, 1, 2, ... but the data ({source}) has other values; "
                             f"use --loss mse for numbers")
        labels = np.unique(y)
        if y.max() + 1 > max(100, 10 * len(labels)):
            # One mistyped label (1000000000) would otherwise build an output layer of a billion units.
            raise InputError(f"--loss cross_entropy: the largest label is {y.max():.0f} but there are only {len(labels)} "
                             f"distinct labels ({source}); labels must be 0, 1, ..., K-1: renumber them or fix the typo")
        return max(int(y.max()) + 1, 2)
    return 1


def split(X, y, fraction, seed):
    """Hold out ``fraction`` of the samples (a seeded random choice) for validation."""
    if fraction == 0:
        return X, y, None
    n_val = max(1, int(round(fraction * len(X))))
    if n_val >= len(X):
        raise InputError(f"--validation-split {fraction} leaves no training samples out of {len(X)}; use a smaller split")
    order = np.random.default_rng(seed).permutation(len(X))
    train, val = order[n_val:], order[:n_val]
    return X[train], y[train], (X[val], y[val])


def make_optimizer(opts, model, n_features):
    if opts["optimizer"] == "sgd":
        return SGD(DEFAULT_LR if opts["lr"] is None else opts["lr"], momentum=opts["momentum"])
    # Without --lr, the library's default (docs/defaults.md).
    return default_optimizer(model, n_features) if opts["lr"] is None else Adam(opts["lr"])


def run(args):
    opts = fit_options.resolve(args)
    paths = output_paths(opts["out"])
    use_doctor = opts["doctor"]
    report_path = paths["doctor_json" if opts["report_format"] == "json" else "doctor_text"]
    png_path = paths["png"] if matplotlib_available() else None
    # Every output location is checked now: a mistake costs seconds, not a training run.
    refuse_overwrite([paths["model"]] + ([png_path] if png_path else []) + ([report_path] if use_doctor else []),
                     opts["force"])
    X, y, info = load_data(opts)
    n_out = n_outputs_for(y, opts["loss"], info["source"])
    sizes = fit_options.parse_layers(opts["layers"], X.shape[1], n_out, info["source"])
    X_train, y_train, validation = split(X, y, opts["validation_split"], opts["seed"])
    scaler = {"standard": StandardScaler, "minmax": MinMaxScaler, "none": None}[opts["scale"]]
    scaler = scaler().fit(X_train) if scaler else None
    scale = (lambda A: scaler.transform(A)) if scaler else (lambda A: A)
    model = Sequential(fit_options.build_layers(sizes, opts["activation"], opts["loss"]), seed=opts["seed"])
    optimizer = make_optimizer(opts, model, X.shape[1])
    eps = f" eps {optimizer.eps:g}" if getattr(optimizer, "eps", 1e-8) != 1e-8 else ""

    print(f"scratchnn fit: {info['source']}; {len(X_train)} training samples"
          + (f", {len(validation[0])} for validation" if validation else ""))
    print(f"network {'-'.join(map(str, sizes))}, {opts['activation']} hidden, loss {opts['loss']}, "
          f"{opts['optimizer']} lr {optimizer.lr:g}{eps}, {opts['epochs']} epochs, inputs scaled: {opts['scale']}")
    stopper = EarlyStopping("val_loss", patience=opts["early_stopping"]) if opts["early_stopping"] else None
    callbacks = ([ProgressBar()] if show_progress(opts) else []) + ([stopper] if stopper else [])
    history = model.fit(scale(X_train), y_train, loss=opts["loss"], optimizer=optimizer,
                        epochs=opts["epochs"], batch_size=opts["batch_size"], seed=opts["seed"],
                        validation_data=None if validation is None else (scale(validation[0]), validation[1]),
                        callbacks=callbacks, doctor=use_doctor)
    sys.stdout.flush()
    if stopper is not None and stopper.best_params is not None:
        stopped = "stopped" if model.stop_training else "ran to"
        print(f"early stopping: validation loss best at epoch {stopper.best_epoch} ({stopper.best:.6g}); {stopped} "
              f"at epoch {history.epochs}; weights of epoch {stopper.best_epoch} restored")
    elif history.stopped_reason:
        print(f"stopped: {history.stopped_reason}")
    final = f"loss {history.loss[0]:.6g} at epoch 1 -> {history.loss[-1]:.6g} at epoch {history.epochs}"
    if history.val_loss:
        final += f", validation loss {history.val_loss[-1]:.6g}"
    print(final)
    diverged = (getattr(history, "diverged_at", None) is not None or not all(np.isfinite(history.loss))
                or not all(np.all(np.isfinite(p)) for p in model.params.values()))
    if not diverged:
        show_predictions(model, scale, X_train, y_train, info, opts["loss"])

    model.training_info.update({
        "command": "scratchnn fit", "source": info["source"], "feature_names": info["feature_names"],
        "target_name": info["target_name"], "activation": opts["activation"], "seed": opts["seed"],
        "validation_split": opts["validation_split"], "input_scaler": scaler_record(scaler),
        **({"window": info["window"]} if "window" in info else {})})
    written = [] if diverged else [save(model, paths["model"], overwrite=opts["force"])]
    if use_doctor and history.doctor is not None:
        written.append(write_report(history.doctor, report_path, opts["report_format"], opts["force"]))
    if png_path:
        written.append(plot_losses(history, png_path, opts["force"]))
    if diverged:
        return save_diverged(model, paths["model"], written)
    for path in written:
        print(f"saved {path}")
    if not png_path:
        print("(no loss-curve PNG: matplotlib is not installed; pip install matplotlib)")
    return 0


def save_diverged(model, path, written):
    """Training diverged: never replace a model with this one; keep the last finite weights only in a
    new file (``fit`` restores them), and exit 1 so scripts notice."""
    for other in written:
        print(f"saved {other}")
    finite = all(np.all(np.isfinite(p)) for p in model.params.values())
    if finite and not os.path.lexists(path):
        save(model, path, overwrite=False)
        print(f"saved {path}: the last weights whose loss was finite", file=sys.stderr)
    else:
        why = "its weights are not finite" if not finite else f"{path} already exists and is kept as it was"
        print(f"not saved: {path} ({why})", file=sys.stderr)
    print("scratchnn: error: training diverged (a loss, gradient or update became NaN or infinite); try a smaller --lr "
          "(e.g. 10 times smaller) or --scale standard", file=sys.stderr)
    return 1


def show_predictions(model, scale, X, y, info, loss):
    """The fit on a few training samples, and the predictions the task asks for (next value, held-out)."""
    def fmt(values):  # numbers to 4 digits, class labels as they are
        return "[" + ", ".join(f"{v:.4g}" if isinstance(v, (int, float, np.number)) and not isinstance(v, np.bool_)
                               else str(v) for v in np.ravel(values)) + "]"
    k = min(5, len(X))
    out = model.predict(scale(X[:k]))
    print(f"first {k} training samples: predicted {fmt(out)}, true {fmt(y[:k])}")
    if "test" in info:
        X_test, y_test = info["test"]
        print(f"held-out samples: predicted {fmt(model.predict(scale(X_test)))}, true {fmt(y_test)}")
    if "next_input" in info:
        nxt = model.predict(scale(info["next_input"].reshape(1, -1)))
        print(f"next value after {fmt(info['next_input'])}: {float(nxt.ravel()[0]):.4g}")


def show_progress(opts):
    """A self-redrawing progress line only in a terminal; in a log file it would only add noise."""
    return not opts["quiet"] and sys.stdout.isatty()


def write_report(report, path, fmt, force):
    text = to_json(report.to_dict(), indent=2) if fmt == "json" else str(report)
    print("\n" + (str(report) if report.findings else "doctor: no problems found in this run") + "\n")
    return write_text(path, text + "\n", force)


def matplotlib_available():
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError:
        return False


def plot_losses(history, path, force):
    """The loss curves written atomically as a PNG (see :func:`loss_figure`)."""
    import matplotlib.pyplot as plt
    fig = loss_figure(history)
    try:
        return write_file(path, lambda tmp: fig.savefig(tmp, dpi=100, format="png"), force)
    finally:
        plt.close(fig)


def loss_figure(history):
    """Training (and validation) loss per epoch, on the doctor's axes: the epochs log-scaled beyond
    500 so the first ones keep their width on a run of 10,000, the loss log-scaled when it falls
    more than tenfold."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..doctor.plot import epoch_axis, loss_scale
    fig, ax = plt.subplots(figsize=(6, 3.5))
    epochs = np.arange(1, history.epochs + 1)
    ax.plot(epochs, history.loss, label="training loss")
    if history.val_loss:
        ax.plot(epochs[:len(history.val_loss)], history.val_loss, label="validation loss")
    loss_scale(ax, history.loss, history.val_loss or [])
    epoch_axis(ax, epochs)
    ax.set_ylabel("loss")
    ax.legend()
    fig.tight_layout()
    return fig
