"""Building blocks of ``scratchnn demo``: run a seed's own loop under the doctor, check its
gradients, show a scratchnn run. Each part says what it skipped when the doctor, the gradient
checker or the seed transcriptions are not installed, so the demo always runs to the end."""
import contextlib
import importlib
import io
import textwrap

import numpy as np

import scratchnn


def heading(number, text):
    print(f"\n{number}. {text}")
    print("-" * (len(text) + 3))


def indent(text, prefix="   "):
    return textwrap.indent(str(text), prefix)


def optional(module_name, what):
    """Import ``module_name``, or print that ``what`` is skipped and return None."""
    try:
        return importlib.import_module(module_name)
    except ImportError as err:
        print(f"   (skipped: {what} needs {module_name}, which is not available here: {err})")
        return None


@contextlib.contextmanager
def observing(doctor):
    """Route the seed loops' ``scratchnn.observe(...)`` line to a fresh doctor (or nowhere without one)."""
    saved = getattr(scratchnn, "observe", None)
    fresh = doctor.reset() if doctor else None
    scratchnn.observe = fresh.observe if fresh else (lambda **record: None)
    try:
        yield fresh
    finally:
        if saved is None:
            del scratchnn.observe
        else:
            scratchnn.observe = saved


def run_seed_loop(loop_module, function, args, seed):
    """Run ``loop_module.function(*args)`` from ``np.random.seed(seed)`` with its prints captured.

    Returns ``(result, printed_lines, report)``; ``report`` is None without the doctor, and the whole
    triple is None when the seed transcription is missing.
    """
    loop = optional(f"scratchnn.seeds.{loop_module}", "the seed's own loop")
    if loop is None:
        return None
    doctor = optional("scratchnn.doctor", "the doctor's report")
    printed = io.StringIO()
    with observing(doctor) as fresh:
        np.random.seed(seed)
        with contextlib.redirect_stdout(printed), np.errstate(all="ignore"):
            result = getattr(loop, function)(*args)
    return result, printed.getvalue().splitlines(), (fresh.report() if fresh else None)


def show_lines(lines, head=3, tail=2):
    """The first and last lines a loop printed, with a count of those in between."""
    if len(lines) <= head + tail + 1:
        shown = lines
    else:
        shown = lines[:head] + [f"... ({len(lines) - head - tail} more lines) ..."] + lines[-tail:]
    for line in shown:
        print(f"   | {line}")


def check_gradients(checks):
    """Print the gradient checker's report for each ``(title, maker)``; maker() -> (loss_fn, params, grads)."""
    gradchecker = optional("scratchnn.gradchecker", "the gradient check")
    if gradchecker is None:
        return
    for title, make in checks:
        print(f"   {title}:")
        print(indent(gradchecker.gradcheck(*make()), "     "))
        print()


def fmt(values, digits=4):
    return "[" + ", ".join(f"{v:.{digits}g}" for v in np.ravel(values)) + "]"


def tell_seed_story(seed, loop, show_loop, doctor_title, gradients=None):
    """Print the first sections of a seed's demo and return the number of the next section.

    1. the seed's own loop: ``loop = (title, module, function, args)``, run from ``np.random.seed(seed)``;
       ``show_loop(result, printed_lines)`` prints what matters of it;
    2. the doctor's report on that loop, under ``doctor_title``;
    3. (when ``gradients = (title, module, checks)``) the gradient checker on each
       ``(label, maker)`` of ``checks(module)``.
    """
    title, module, function, args = loop
    heading(1, title)
    ran = run_seed_loop(module, function, args, seed)
    if ran:
        show_loop(*ran[:2])
    heading(2, doctor_title)
    if ran and ran[2] is not None:
        print(indent(ran[2]))
    else:
        print("   (skipped: needs the seed's loop and the doctor, see above)")
    if gradients is None:
        return 3
    title, module, checks = gradients
    heading(3, title)
    code = optional(f"scratchnn.seeds.{module}", "the seed's gradient code")
    if code is not None:
        check_gradients(checks(code))
    return 4


def show_scratchnn_version(number, title, code, recipe, seed, goal):
    """The last section: the same network built with scratchnn, its code, and how its training went."""
    heading(number, title)
    print(indent(code))
    result = recipe(seed=seed)
    h = result.history
    reached = (f"goal ({goal}) reached at epoch {result.epochs_to_goal}" if result.epochs_to_goal
               else f"goal ({goal}) {'reached' if result.passed else 'NOT reached'}")
    print(f"   loss {h.loss[0]:.6g} at epoch 1 -> {h.loss[-1]:.6g} at epoch {h.epochs}; {reached}")
    return result
