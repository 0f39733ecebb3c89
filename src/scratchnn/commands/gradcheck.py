"""``scratchnn gradcheck path/to/file.py:function`` — check the gradients a function of yours returns.

The function takes no arguments and returns what one of the four entry points takes:

* ``(loss_fn, params, grads)``: :func:`~scratchnn.gradcheck` (grads keyed ``dW1``, ``grad_W1``,
  ``W1_grad`` ...: see :mod:`scratchnn.vocabulary`);
* a dict with ``"layers"`` and ``"x"`` (optionally ``"params"``, ``"loss"``): :func:`~scratchnn.gradcheck_layer`;
* a dict with ``"forward"``, ``"backward"`` and ``"inputs"`` (optionally ``"args"``, ``"dout"``):
  :func:`~scratchnn.gradcheck_pair`;
* a dict with ``"function"`` and ``"inputs"`` (optionally ``"names"``): :func:`~scratchnn.gradcheck_torch`;
* or a report it made itself (a :class:`~scratchnn.GradReport`).

The report is printed; the exit status is 0 when every gradient is right, 1 when one is wrong, 2
for bad usage (raised here as InputError / FileNotFoundError, printed by the CLI).
"""
import importlib.util
import sys
from pathlib import Path

from ..validation import InputError


def register(subparsers):
    parser = subparsers.add_parser(
        "gradcheck", help="check hand-written gradients and say what is wrong with them",
        description="Check the gradients returned by a function of yours against float64 central "
                    "differences. The function takes no arguments and returns (loss_fn, params, grads), or a "
                    "dict naming another form: {'layers': ..., 'x': ...} for layer objects, {'forward': ..., "
                    "'backward': ..., 'inputs': {...}} for a function pair, {'function': F.apply, 'inputs': (...)} "
                    "for a torch.autograd.Function (see docs/gradcheck.md).")
    parser.add_argument("target", help="path/to/file.py:function")
    parser.add_argument("--rtol", type=float, default=1e-5, help="largest accepted relative error (1e-5)")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="the batch size m, so a factor m can be named (inferred if omitted)")
    parser.add_argument("--nearby", type=int, default=0,
                        help="also check this many nearby points (with (loss_fn, params, grads): needs grads "
                             "to be a function)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random probes (0)")
    return parser


def _import_file(path):
    spec = importlib.util.spec_from_file_location(f"_scratchnn_gradcheck_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.resolve().parent))   # so the file can import its neighbours
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.resolve().parent))
    return module


def _functions(module):
    checks = getattr(module, "CHECKS", None)    # the seed files list their entry points
    if checks:
        return ", ".join(f.__name__ for f in checks)
    own = getattr(module, "__name__", None)
    names = sorted(k for k, v in vars(module).items()
                   if callable(v) and not k.startswith("_") and getattr(v, "__module__", None) == own)
    return ", ".join(names) or "none"


def load_target(target):
    """Import ``file.py`` and return its function named after the colon."""
    path_text, sep, name = str(target).rpartition(":")
    if not sep:
        path_text, name = str(target), ""
    path = Path(path_text)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path_text or target!r} (give path/to/file.py:function)")
    if path.suffix != ".py":
        raise InputError(f"{path_text} is not a Python file: gradcheck runs a function of your own code, "
                         f"give path/to/file.py:function (to look at a saved model, use scratchnn info)")
    module = _import_file(path)
    if not name:
        raise InputError(f"which function of {path_text}? give path/to/file.py:function; "
                         f"its functions: {_functions(module)}")
    function = getattr(module, name, None)
    if not callable(function):
        raise InputError(f"{path_text} has no function {name!r}; its functions: {_functions(module)}")
    return function


# Each dict form: the keys that identify it, the keys it may also have, and the entry point's name.
FORMS = (
    ({"layers", "x"}, {"params", "loss"}, "gradcheck_layer"),
    ({"forward", "backward", "inputs"}, {"args", "dout"}, "gradcheck_pair"),
    ({"function", "inputs"}, {"names"}, "gradcheck_torch"),
    ({"loss_fn", "params", "grads"}, set(), "gradcheck"),
)


def check_returned(returned, target, **options):
    """The report for whatever form ``target``'s function returned (see the module docstring)."""
    from scratchnn import gradchecker

    if isinstance(returned, gradchecker.GradReport):
        return returned
    if isinstance(returned, tuple) and len(returned) == 3:
        return gradchecker.gradcheck(*returned, **options)
    if isinstance(returned, dict):
        for needed, optional, name in FORMS:
            if needed <= set(returned):
                unknown = set(returned) - needed - optional
                if unknown:
                    raise InputError(f"{target} returned a dict for {name} with unknown key(s) "
                                     f"{', '.join(sorted(map(str, unknown)))}; it takes {', '.join(sorted(needed | optional))}")
                entry = getattr(gradchecker, name)
                if name == "gradcheck":
                    return entry(returned["loss_fn"], returned["params"], returned["grads"], **options)
                return entry(**returned, **options)
    got = f"a tuple of {len(returned)} items" if isinstance(returned, tuple) else type(returned).__name__
    if isinstance(returned, dict):
        got = f"a dict with keys {', '.join(sorted(map(str, returned))) or 'none'}"
    raise InputError(f"{target} must return (loss_fn, params, grads) or a dict for one of the other forms "
                     f"({{'layers', 'x'}}, {{'forward', 'backward', 'inputs'}}, {{'function', 'inputs'}}); got {got}")


def run(args):
    function = load_target(args.target)
    options = dict(rtol=args.rtol, batch_size=args.batch_size, nearby=args.nearby, seed=args.seed)
    report = check_returned(function(), args.target, **options)
    print(report)
    return 0 if report.ok else 1
