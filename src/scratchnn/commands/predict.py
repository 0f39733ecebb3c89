"""``scratchnn predict MODEL.npz --input "0.48,5.03,0.18"`` (or ``--data new.csv``).

The inputs are scaled as the model's training inputs were (the scaler saved by ``scratchnn fit``)
before the network sees them. One prediction per line, or a CSV with ``--out`` (never
overwriting a file without ``--force``).
"""
import numpy as np

from ..csv_data import parse_numbers, read_table
from ..safe_files import write_text
from ..validation import InputError
from .model_files import apply_scaler, load_model, refuse_overwrite


def register(subparsers):
    parser = subparsers.add_parser(
        "predict", help="predict with a model saved by `scratchnn fit`",
        description="Predict with a saved model. Inputs are scaled as during training.",
        epilog='example: scratchnn predict model.npz --input "0.48,5.03,0.18"')
    parser.add_argument("model", metavar="MODEL.npz", help="a model saved by scratchnn fit (or model.save)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--input", metavar="NUMBERS",
                        help='one sample, e.g. "0.48,5.03,0.18"; several samples separated by ";"')
    source.add_argument("--data", metavar="CSV", help="a CSV file of samples, one per row (header optional)")
    parser.add_argument("--out", metavar="FILE.csv", help="write the predictions to a CSV file")
    parser.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    return parser


def read_inputs(args, info):
    if args.input is not None:
        rows = [parse_numbers(part, "--input") for part in args.input.split(";") if part.strip()]
        if not rows:
            raise InputError('--input is empty; give numbers separated by commas, e.g. "0.48,5.03,0.18"')
        widths = {len(r) for r in rows}
        if len(widths) != 1:
            raise InputError(f"the samples in --input have different lengths {sorted(widths)}; give each the same number of values")
        return np.array(rows)
    return read_table(args.data, target=None, feature_names=info.get("feature_names"),
                      target_name=info.get("target_name")).X


def run(args):
    if args.out:
        refuse_overwrite([args.out], args.force)   # checked before any work; decided again when writing
    model = load_model(args.model)
    info = model.training_info
    X = read_inputs(args, info)
    if X.shape[1] != model.n_features:
        names = info.get("feature_names")
        expect = f" ({', '.join(names)})" if names else ""
        raise InputError(f"each sample has {X.shape[1]} value(s) but {args.model} takes {model.n_features}{expect}; "
                         f"give {model.n_features} numbers per sample")
    out = model.predict(apply_scaler(info.get("input_scaler"), X))
    if info.get("loss") == "cross_entropy":
        out = out.argmax(axis=1).reshape(-1, 1)
    lines = [",".join(f"{v:.6g}" for v in row) for row in out]
    if args.out:
        header = info.get("target_name") or "prediction"
        header = header if out.shape[1] == 1 else ",".join(f"output{i}" for i in range(out.shape[1]))
        write_text(args.out, "\n".join([header] + lines) + "\n", force=args.force)
        print(f"wrote {len(lines)} prediction(s) to {args.out}")
    else:
        print("\n".join(lines))
    return 0
