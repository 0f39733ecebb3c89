"""The ``scratchnn`` command line: a thin front that hands each subcommand to its module.

    scratchnn demo                     the seed-000 story: a hand-written net stalls, scratchnn says why
    scratchnn fit --sequence "..."     train without writing code (CSV, number sequence, built-in data)
    scratchnn predict MODEL.npz ...    predictions from a saved model
    scratchnn evaluate MODEL.npz ...   scores of a saved model on labelled data
    scratchnn info MODEL.npz           architecture, parameter count, how it was trained
    scratchnn gradcheck FILE.py:FUNC   check hand-written gradients
    scratchnn doctor SCRIPT.py         run a training script and explain why it does not learn

Each command lives in ``scratchnn/commands/<name>.py`` with ``register(subparsers)`` and
``run(args) -> int``; only the module of the command being run is imported, so a slow or missing
command never affects the others. User mistakes are raised as ``scratchnn.InputError`` with a
one-line message naming the fix (a file that cannot be written is one too), and an ``OSError``
about a file the user named (missing, unreadable) is one too; they print as
``scratchnn: error: ...`` with exit status 2 (the traceback only with ``--debug``). Anything else
is a bug in scratchnn, not a mistake of the user's, and says so (exit status 1, with the advice to
rerun with ``--debug`` and report the traceback).
"""
import argparse
import importlib
import os
import sys

from . import __version__
from .validation import InputError

# name -> one-line help; the order is the order of `scratchnn --help`.
COMMANDS = {
    "demo": "watch a hand-written network fail, scratchnn explain why, and the same network learn",
    "fit": "train a network on a CSV file, a number sequence or a built-in dataset",
    "predict": "predict with a model saved by `scratchnn fit`",
    "evaluate": "score a saved model on a labelled CSV file (loss, accuracy or MAE and R^2)",
    "info": "show a saved model's architecture, parameter count and how it was trained",
    "gradcheck": "check hand-written gradients and say what is wrong with them",
    "doctor": "run a training script and explain why it does not learn",
}
USER_ERRORS = (InputError, OSError)


def _command_in(argv):
    """The subcommand named in ``argv`` (the first word that is not a top-level option), or None."""
    return next((word for word in argv if not word.startswith("-")), None)


def _load(name):
    """Import ``scratchnn.commands.<name>``; a command whose module is not installed is a user error."""
    module_name = f"{__package__}.commands.{name}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name != module_name:
            raise
        raise InputError(f"the '{name}' command is not available in this installation of scratchnn "
                         f"({module_name} is missing); update scratchnn (pip install -U scratchnn)") from None


def build_parser(command=None):
    """The top-level parser; the full sub-parser only for ``command`` (the others list their help)."""
    parser = argparse.ArgumentParser(
        prog="scratchnn",
        description="Neural networks from scratch in NumPy: train, check hand-written gradients, and "
                    "find out why a network does not learn. Start with `scratchnn demo`.")
    parser.add_argument("--version", action="version", version=f"scratchnn {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, help_text in COMMANDS.items():
        if name == command:
            _load(name).register(subparsers)
        else:
            subparsers.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv=None):
    """Run ``scratchnn`` with ``argv`` (default ``sys.argv[1:]``); returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):   # a file name that is not UTF-8 is printed escaped, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    command = _command_in(argv)
    debug = "--debug" in (argv[:argv.index(command)] if command else argv)   # top-level flag only
    try:
        parser = build_parser(command if command in COMMANDS else None)
        try:
            args = parser.parse_args(argv)
        except SystemExit as done:      # --help, --version, or a usage error argparse has printed
            return done.code if isinstance(done.code, int) else 2
        if args.command is None:
            parser.print_help()
            return 2
        return int(_load(args.command).run(args) or 0)
    except USER_ERRORS as err:
        if debug:
            raise
        print(f"scratchnn: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:   # the output was piped into a reader that stopped early (`| head`)
        sys.stdout = open(os.devnull, "w")
        return 0
    except KeyboardInterrupt:
        if debug:
            raise
        print("scratchnn: interrupted", file=sys.stderr)
        return 130
    except Exception as err:   # not the user's mistake: a bug in scratchnn
        if debug:
            raise
        print(f"scratchnn: internal error ({type(err).__name__}: {err}); this is a bug in scratchnn, not in your "
              f"input: rerun as `scratchnn --debug {' '.join(argv)}` and report the traceback", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
