"""``scratchnn gradcheck path/to/file.py:function`` — check the gradients a function of yours returns.

The function takes no arguments and returns ``(loss_fn, params, grads)`` as :func:`gradcheck`
takes them. The report is printed; the exit status is 0 when every gradient is right, 1 when one
is wrong, 2 for bad usage (raised here as ValueError / FileNotFoundError, printed by the CLI).
"""
import importlib.util
import sys
from pathlib import Path

from ..validation import InputError


def register(subparsers):
    parser = subparsers.add_parser(
        "gradcheck", help="check hand-written gradients and say what is wrong with them",
        description="Check the gradients returned by a function of yours against float64 central "
                    "differences. The function takes no arguments and returns (loss_fn, params, grads).")
    parser.add_argument("target", help="path/to/file.py:function")
    parser.add_argument("--rtol", type=float, default=1e-5, help="largest accepted relative error (1e-5)")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="the batch size m, so a factor m can be named (inferred if omitted)")
    parser.add_argument("--nearby", type=int, default=0,
                        help="also check this many nearby points (needs grads to be a function)")
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
    module = _import_file(path)
    if not name:
        raise InputError(f"which function of {path_text}? give path/to/file.py:function; "
                         f"its functions: {_functions(module)}")
    function = getattr(module, name, None)
    if not callable(function):
        raise InputError(f"{path_text} has no function {name!r}; its functions: {_functions(module)}")
    return function


def run(args):
    from scratchnn.gradchecker import gradcheck

    function = load_target(args.target)
    returned = function()
    if not (isinstance(returned, tuple) and len(returned) == 3):
        got = f"a tuple of {len(returned)} items" if isinstance(returned, tuple) else type(returned).__name__
        raise InputError(f"{args.target} must return (loss_fn, params, grads), got {got}")
    loss_fn, params, grads = returned
    report = gradcheck(loss_fn, params, grads, rtol=args.rtol, batch_size=args.batch_size,
                       nearby=args.nearby, seed=args.seed)
    print(report)
    return 0 if report.ok else 1
