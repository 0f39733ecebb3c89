"""The options of ``scratchnn fit``: flags, TOML config file, defaults, and their checks.

A value comes from the command line if given there, else from ``--config FILE.toml``, else from
:data:`DEFAULTS`. The TOML file uses the flags' long names as keys (``layers = [3, 4, 1]`` or
``layers = "3,4,1"``, ``lr = 0.01``, ``validation_split = 0.2`` ...).
"""
from pathlib import Path

from .. import activations
from ..validation import InputError

DEFAULTS = {"data": None, "target": "-1", "sequence": None, "window": 3, "dataset": None,
            "layers": None, "activation": "relu", "loss": "mse", "optimizer": "adam", "lr": None,
            "momentum": 0.0, "epochs": 1000, "batch_size": None, "validation_split": 0.0, "early_stopping": None,
            "seed": 0,
            "scale": "standard", "out": "model.npz", "doctor": True, "report_format": "text"}
CHOICES = {"loss": ("mse", "bce", "cross_entropy"), "optimizer": ("adam", "sgd"),
           "scale": ("standard", "minmax", "none"), "report_format": ("text", "json")}
HIDDEN_ACTIVATIONS = ("relu", "leaky_relu", "sigmoid", "tanh", "linear")


def add_arguments(parser):
    """Every option with default None, so that a config file can fill what the command line omits."""
    data = parser.add_argument_group("data (one of)")
    data.add_argument("--data", metavar="CSV", help="a CSV file, one sample per row (header optional)")
    data.add_argument("--target", help="the CSV column to predict: its header name or 0-based index (default: last)")
    data.add_argument("--sequence", metavar="NUMBERS", help='numbers to predict the next one of, e.g. "2.16,3.19,1.85,4.84"')
    data.add_argument("--window", type=int, help="previous values used to predict the next (default 3)")
    data.add_argument("--dataset", metavar="NAME", help="a built-in dataset: next_number, cat_photos, xor, and_gate")
    net = parser.add_argument_group("network and training")
    net.add_argument("--layers", help="layer sizes from inputs to outputs, e.g. 3,4,1 (default: inputs,8,outputs)")
    net.add_argument("--activation", help=f"hidden activation: {', '.join(HIDDEN_ACTIVATIONS)} (default relu)")
    net.add_argument("--loss", help="mse (regression, default), bce (0/1 targets) or cross_entropy (class labels)")
    net.add_argument("--optimizer", help="adam (default) or sgd")
    net.add_argument("--lr", type=float, help="learning rate (default: 0.01 for sgd; for adam, as in Python, "
                     "min(0.01, 1/number of inputs))")
    net.add_argument("--momentum", type=float, help="momentum for sgd (default 0)")
    net.add_argument("--epochs", type=int, help="passes over the data (default 1000)")
    net.add_argument("--batch-size", type=int, help="samples per step (default: all)")
    net.add_argument("--validation-split", type=float, help="fraction held out to validate, e.g. 0.2 (default 0)")
    net.add_argument("--early-stopping", type=int, metavar="PATIENCE",
                     help="stop when the validation loss has not improved for PATIENCE epochs and keep the best "
                          "epoch's weights (needs --validation-split)")
    net.add_argument("--seed", type=int, help="random seed for initial weights and the split (default 0)")
    net.add_argument("--scale", help="input scaling: standard (default), minmax or none; saved with the model")
    out = parser.add_argument_group("output")
    out.add_argument("--out", metavar="MODEL.npz", help="where to save the model (default model.npz)")
    out.add_argument("--force", action="store_true", help="overwrite existing output files")
    out.add_argument("--no-doctor", dest="doctor", action="store_const", const=False, default=None,
                     help="do not run the training doctor")
    out.add_argument("--report-format", help="doctor report file: text (default) or json")
    out.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--config", metavar="FILE.toml", help="read options from a TOML file (flags win)")


def read_config(path):
    """The options in a TOML file, keys normalised to the flags' names."""
    try:
        import tomllib
    except ModuleNotFoundError:        # Python 3.10
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise InputError("--config needs a TOML reader: Python 3.11+, or on Python 3.10 `pip install tomli`") from None
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no config file at {path}; check the path given to --config")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: byte 0x{err.object[err.start]:02x} at position {err.start} is not UTF-8 text; "
                         "TOML files are UTF-8: save it as UTF-8 (e.g. iconv -f cp1252 -t utf-8)") from None
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{path} is not valid TOML ({err}); fix the line it names") from None
    config = {key.replace("-", "_"): value for key, value in raw.items()}
    unknown = sorted(set(config) - set(DEFAULTS))
    if unknown:
        raise InputError(f"{path}: unknown option(s) {', '.join(unknown)}; known: {', '.join(DEFAULTS)}")
    for key, value in config.items():
        _check_config_type(path, key, value)
    return config


# What a TOML value may be, per option (TOML has real types: `epochs = 1.5` or `doctor = "no"` is a
# mistake to report, not a value to round or a string that happens to be true).
WHOLE = ("window", "epochs", "batch_size", "seed", "early_stopping")
REAL = ("lr", "momentum", "validation_split")
LISTS = ("layers", "sequence", "target")


def _check_config_type(path, key, value):
    if key in WHOLE:
        ok, want = isinstance(value, int) and not isinstance(value, bool), "a whole number, e.g. 3"
    elif key in REAL:
        ok, want = isinstance(value, (int, float)) and not isinstance(value, bool), "a number, e.g. 0.01"
    elif key == "doctor":
        ok, want = isinstance(value, bool), "true or false (no quotes)"
    elif key in LISTS:
        ok = (isinstance(value, (str, int)) and not isinstance(value, bool)) or (
            isinstance(value, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value))
        want = "a string or a list of numbers"
    else:
        ok, want = isinstance(value, str), "a string in quotes"
    if not ok:
        raise InputError(f"{path}: {key} = {value!r} is not valid; {key} must be {want}")


def _as_text(value):
    return ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def resolve(args):
    """Merge command line, config file and defaults into one checked dict of options."""
    config = read_config(args.config) if args.config else {}
    opts = {}
    for key, default in DEFAULTS.items():
        given = getattr(args, key, None)
        opts[key] = given if given is not None else config.get(key, default)
    for key in ("target", "layers", "sequence"):
        if opts[key] is not None:
            opts[key] = _as_text(opts[key])
    for key, choices in CHOICES.items():
        opts[key] = str(opts[key]).lower()
        if opts[key] not in choices:
            raise InputError(f"unknown --{key.replace('_', '-')} {opts[key]!r}; choose one of: {', '.join(choices)}")
    act = str(opts["activation"]).lower()
    if act not in HIDDEN_ACTIVATIONS:
        hint = " (softmax belongs on the output: use --loss cross_entropy)" if act == "softmax" else ""
        raise InputError(f"unknown activation {opts['activation']!r}{hint}; choose one of: {', '.join(HIDDEN_ACTIVATIONS)}")
    opts["activation"] = act
    for key, kind in (("window", int), ("epochs", int), ("seed", int), ("lr", float), ("momentum", float),
                      ("validation_split", float), ("batch_size", int), ("early_stopping", int)):
        if opts[key] is not None:
            try:
                opts[key] = kind(opts[key])
            except (TypeError, ValueError):
                raise InputError(f"{key} must be a {'whole ' if kind is int else ''}number, got {opts[key]!r}") from None
    for key in ("window", "epochs", "batch_size"):
        if opts[key] is not None and opts[key] < 1:
            raise InputError(f"--{key.replace('_', '-')} must be at least 1, got {opts[key]}")
    if not 0 <= opts["momentum"] < 1:
        raise InputError(f"--momentum must be in [0, 1), got {opts['momentum']}; typical values are 0.9 or 0")
    if opts["lr"] is not None and not 0 < opts["lr"] < float("inf"):
        raise InputError(f"--lr must be positive, got {opts['lr']}; typical values are 0.001 to 0.1")
    if not 0 <= opts["validation_split"] < 1:
        raise InputError(f"--validation-split must be in [0, 1), got {opts['validation_split']}; e.g. 0.2")
    if opts["early_stopping"] is not None:
        if opts["early_stopping"] < 1:
            raise InputError(f"--early-stopping must be at least 1 epoch, got {opts['early_stopping']}")
        if not opts["validation_split"]:
            raise InputError("--early-stopping needs --validation-split (e.g. 0.2): it stops when the validation "
                             "loss stops improving")
    sources = [k for k in ("data", "sequence", "dataset") if opts[k] is not None]
    if len(sources) != 1:
        said = f"got {', '.join('--' + s for s in sources)}" if sources else "got none"
        raise InputError(f"give exactly one source of data: --data FILE.csv, --sequence \"1,2,3,...\" or "
                         f"--dataset NAME ({said})")
    for key, needs in (("target", "data"), ("window", "sequence")):   # an option that would be silently ignored
        if getattr(args, key, None) is not None and opts[needs] is None:
            raise InputError(f"--{key} applies only with --{needs}; remove it (the data here comes from "
                             f"--{sources[0]})")
    opts["quiet"], opts["force"] = args.quiet, args.force
    return opts


def parse_layers(text, n_features, n_outputs, source):
    """``"3,4,1"`` -> [3, 4, 1], checked against the data (first = features, last = outputs)."""
    if text is None:
        return [n_features, 8, n_outputs]
    try:
        sizes = [int(s) for s in text.replace(" ", "").split(",")]   # "3,,1" is a typo, not 3,1
    except ValueError:
        raise InputError(f"--layers must be whole numbers separated by commas, e.g. {n_features},8,{n_outputs}; "
                         f"got {text!r}") from None
    if len(sizes) < 2 or min(sizes) < 1:
        raise InputError(f"--layers needs at least an input and an output size, all >= 1, e.g. "
                         f"{n_features},8,{n_outputs}; got {text!r}")
    if sizes[0] != n_features:
        raise InputError(f"--layers starts with {sizes[0]} inputs but the data ({source}) has {n_features} feature(s); "
                         f"start with {n_features}, e.g. --layers {n_features},{','.join(map(str, sizes[1:]))}")
    if sizes[-1] != n_outputs:
        raise InputError(f"--layers ends with {sizes[-1]} outputs but this task needs {n_outputs}; "
                         f"end with {n_outputs}, e.g. --layers {','.join(map(str, sizes[:-1]))},{n_outputs}")
    return sizes


def build_layers(sizes, activation, loss):
    """Dense layers of ``sizes`` with ``activation`` between them and the output the loss expects."""
    from ..layers import Dense
    layers = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        layers.append(Dense(a, b))
        if i < len(sizes) - 2:
            layers.append(activations.get(activation))
    output = {"mse": None, "bce": "sigmoid", "cross_entropy": "softmax"}[loss]
    if output:
        layers.append(activations.get(output))
    return layers
