"""``scratchnn evaluate MODEL.npz --data test.csv --target col``: score a saved model on labelled data.

The features are scaled as the model's training inputs were; the scores are those of
:meth:`scratchnn.Sequential.evaluate`: loss and accuracy for a classifier, loss, MAE and R² for a
regression. ``--json`` prints them as one JSON object instead.
"""
import json

from ..csv_data import read_table
from ..validation import InputError
from .model_files import apply_scaler, load_model

NAMES = {"loss": "loss", "accuracy": "accuracy", "mae": "mean absolute error", "r2": "R^2"}


def register(subparsers):
    parser = subparsers.add_parser(
        "evaluate", help="score a saved model on a labelled CSV file",
        description="Score a saved model on labelled data: loss and accuracy for a classifier, loss, "
                    "mean absolute error and R^2 for a regression. Inputs are scaled as during training.",
        epilog="example: scratchnn evaluate model.npz --data test.csv --target price")
    parser.add_argument("model", metavar="MODEL.npz", help="a model saved by scratchnn fit (or model.save)")
    parser.add_argument("--data", metavar="CSV", required=True, help="a CSV file of labelled samples, one per row")
    parser.add_argument("--target", metavar="COLUMN",
                        help="the target column: header name or 0-based index (default: the one the model was "
                             "trained on, else the last column)")
    parser.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    return parser


def run(args):
    model = load_model(args.model)
    info = model.training_info
    target = args.target if args.target is not None else (info.get("target_name") or "-1")
    table = read_table(args.data, target=target)
    names = info.get("feature_names")
    if names and table.has_header and table.feature_names != list(names):
        if sorted(table.feature_names) != sorted(names):
            raise InputError(f"{args.data} has feature columns {', '.join(table.feature_names)} but {args.model} was "
                             f"trained on {', '.join(names)}; give a file with those columns (and --target)")
        table.X = table.X[:, [table.feature_names.index(n) for n in names]]  # same columns, another order
    if table.X.shape[1] != model.n_features:
        raise InputError(f"{args.data} has {table.X.shape[1]} feature column(s) besides the target but {args.model} "
                         f"takes {model.n_features}; check --target")
    scores = model.evaluate(apply_scaler(info.get("input_scaler"), table.X), table.y)
    if args.json:
        print(json.dumps(scores))
        return 0
    print(f"{args.model} on {args.data} ({len(table.X)} samples, target {table.target_name!r}):")
    for key, value in scores.items():
        print(f"  {NAMES.get(key, key):<20} {value:.6g}")
    return 0
