"""``scratchnn doctor script.py [args...]`` — run a training script and diagnose it.

The script calls ``scratchnn.observe(...)`` in its loop (or ``fit(doctor=True)``, whose report
is printed by the script itself). It runs as ``__main__`` with ``sys.argv = [script, *args]``;
the default doctor's report is printed at the end, also when the script raises or is stopped
with Ctrl-C. Exit status: the script's own (0 when it ends normally, 1 when it raised, 130 when
interrupted); 2 for bad usage.

``--json`` prints only the report on stdout (the script's own output goes to stderr, so
``scratchnn doctor --json train.py > report.json`` is valid JSON); ``--json-file FILE`` writes it to
a file instead. ``--png`` and ``--json-file`` are checked before the script runs and written
atomically; an existing file is replaced only with ``--force`` (see :mod:`scratchnn.safe_files`).
"""
import argparse
import contextlib
import runpy
import sys
import traceback
from pathlib import Path

from ..safe_files import check_output, write_file, write_text
from ..serialization import to_json
from ..validation import InputError


def register(subparsers):
    parser = subparsers.add_parser(
        "doctor", help="run a training script and explain why it does not learn",
        description="Run a Python script that calls scratchnn.observe(...) in its training loop, then print "
                    "the doctor's report (also when the script fails or is interrupted).")
    parser.add_argument("--png", metavar="PATH", help="also draw the loss curve and layer summaries to PATH "
                                                      "(needs matplotlib: pip install matplotlib (or, in a clone, pip install '.[plot]'))")
    parser.add_argument("--json", action="store_true",
                        help="print only the report, as JSON, on stdout (the script's own output goes to stderr)")
    parser.add_argument("--json-file", metavar="FILE.json", help="also write the report as JSON to FILE.json")
    parser.add_argument("--force", action="store_true", help="replace an existing --png or --json-file")
    parser.add_argument("script", help="the training script, e.g. train.py")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed on to the script")
    return parser


def run(args):
    from .. import doctor

    script = Path(args.script)
    if not script.is_file():
        raise FileNotFoundError(f"no such script: {args.script} (give the path to the .py file that trains)")
    if args.png and not args.png.lower().endswith(".png"):
        raise InputError(f"--png must name a .png file, got {args.png!r}")
    if args.png:
        try:
            import matplotlib  # noqa: F401  (checked before the script runs, not after)
        except ImportError:
            raise InputError("--png needs matplotlib: pip install matplotlib (or, in a clone, pip install '.[plot]')") from None
    for option, path in (("--png", args.png), ("--json-file", args.json_file)):
        if path:
            check_output(path, args.force, option)   # before the script runs; decided again when writing
    fresh = doctor.reset()
    status, ending = 0, None
    saved_argv, saved_path = sys.argv, list(sys.path)
    sys.argv = [str(script), *args.args]
    sys.path.insert(0, str(script.resolve().parent))  # so the script can import its neighbours
    # With --json, stdout carries only the report: the script's own prints go to stderr.
    script_out = contextlib.redirect_stdout(sys.stderr) if args.json else contextlib.nullcontext()
    try:
        with script_out:
            runpy.run_path(str(script), run_name="__main__")
    except KeyboardInterrupt:
        status, ending = 130, "interrupted (Ctrl-C)"
    except SystemExit as exit_:
        code = exit_.code
        status = code if isinstance(code, int) else (0 if code is None else 1)
        ending = None if status == 0 else f"exited with status {status}"
    except Exception:  # the user's script failed: show why, then what the doctor saw until then
        traceback.print_exc()
        status, ending = 1, "raised an exception (traceback above)"
    finally:
        sys.argv, sys.path[:] = saved_argv, saved_path
    sys.stdout.flush()
    report = fresh.report()
    say = sys.stderr if args.json else sys.stdout
    if ending:
        print(f"\nscratchnn doctor: the script {ending}; report on the {report.n_observations} observation(s) made",
              file=say)
    if report.n_observations == 0:
        print("scratchnn doctor: the script made no observation; add `import scratchnn` and "
              "`scratchnn.observe(loss=..., ...)` inside its training loop", file=say)
    payload = json_payload(report, status, ending)
    if args.json:       # always a JSON object, so `... --json | jq` never reads nothing
        print(to_json(payload, indent=2))
    elif report.n_observations:
        print(report)
    if args.json_file and report.n_observations:
        write_text(args.json_file, to_json(payload, indent=2) + "\n", args.force)
        print(f"scratchnn doctor: report written to {args.json_file}", file=say)
    if args.png and report.n_observations:
        write_file(args.png, report.plot, args.force)
        print(f"scratchnn doctor: figure written to {args.png}", file=say)
    return status


def json_payload(report, status, ending):
    """``report.to_dict()`` plus how the script ended: ``ok`` is true only when the script ended
    normally, made at least one observation and the report has no warning or error."""
    payload = report.to_dict()
    # In JSON the traceback is on stderr, not "above".
    ending = (ending or "ended normally").replace("(traceback above)", "(traceback on stderr)")
    payload["script"] = {"status": status, "ending": ending}
    if status != 0:
        payload["ok"] = False
    if report.n_observations == 0:
        payload["ok"] = False
        payload["diagnosis"] = ("nothing could be diagnosed: the script made no observation "
                                "(call scratchnn.observe(loss=..., ...) inside its training loop)")
    return payload
