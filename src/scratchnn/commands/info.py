"""``scratchnn info MODEL.npz``: the architecture, the parameter count and how the model was trained."""
from ..serialization import to_json
from .model_files import load_model


def register(subparsers):
    parser = subparsers.add_parser(
        "info", help="show a saved model's architecture, parameter count and how it was trained",
        description="Show a saved model: layers, parameter count, and the training details stored with it.")
    parser.add_argument("model", metavar="MODEL.npz", help="a model saved by scratchnn fit (or model.save)")
    parser.add_argument("--json", action="store_true", help="print everything as JSON")
    return parser


def _describe(value):
    if isinstance(value, list) and len(value) > 6:    # e.g. 12288 feature names
        return f"[{', '.join(map(repr, value[:3]))}, ... ({len(value)} in all)]"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def run(args):
    model = load_model(args.model)
    info = dict(model.training_info)
    if args.json:
        print(to_json({"architecture": model.config(), "parameters": sum(p.size for p in model.params.values()),
                          "training": info}, indent=2))
        return 0
    print(f"{args.model}: {model!r}")
    model.summary()
    scaler = info.pop("input_scaler", None)
    if not info:
        print("training: not recorded (the model was saved before it was trained)")
        return 0
    print("training:")
    for key, value in info.items():
        print(f"  {key.replace('_', ' ')}: {_describe(value)}")
    if scaler:
        print(f"  input scaling: {scaler['kind']}" + (" (saved with the model; predict applies it)"
                                                      if scaler["kind"] != "none" else ""))
    return 0
