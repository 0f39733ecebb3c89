"""Print the gradient checker's accuracy on the real-case corpus, per form.

    PYTHONPATH=src python tests/gradcheck/real/measure.py [--cases] [--markdown] [--heldout | --first]

Per form (layer / pair / torch, and 4-D across them): verdicts right / total and patterns right /
total over the labelled gradients, then (with --cases) every case with its source and each
gradient's label and what the checker said. Forms whose entry point is missing are reported so.
``--markdown`` prints the same as the tables of docs/gradcheck-real-corpus.md. ``--heldout`` measures only
the round-2 cases collected after issue 11 (measured before the checker was changed for them),
``--first`` only the cases issue 11 collected.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from gcreal_cases import all_cases          # noqa: E402
from gcreal_checker import measure          # noqa: E402


TITLES = {"dict": "A loss of a dict of arrays or of one flat vector (`gradcheck`)",
          "layer": "Layer objects (`gradcheck_layer`)", "pair": "Function pairs and loss functions (`gradcheck_pair`)",
          "torch": "`torch.autograd.Function` and other callables of tensors (`gradcheck_torch`)"}


def _why(details, form):
    """The reason a form's gradients were not measured (a missing entry point, no torch)."""
    return next(r[3] for c, rows in details for r in rows if c.form == form and r[1] is None)


def label_text(label):
    if isinstance(label, str):
        return label
    return label[0] + (f" {label[1]:g}" if len(label) > 1 else "")


def markdown(cases, totals, details):
    print("| form | cases | gradients | verdicts right | patterns right |")
    print("|---|---|---|---|---|")
    for form in ("dict", "layer", "pair", "torch", "4-D"):
        if form in totals:
            v, p, n, k = totals[form]
            right = f"not measured ({_why(details, form)}) |" if n == 0 else f"{v} / {n} | {p} / {n}"
            print(f"| {form} | {k} | {n} | {right} |")
    for form in ("dict", "layer", "pair", "torch"):
        if not any(c.form == form for c in cases):
            continue
        print(f"\n### {TITLES[form]}\n")
        print("| case | source: what it reports | gradient: label → checker (verdict / pattern) |")
        print("|---|---|---|")
        for case, rows in details:
            if case.form != form:
                continue
            cells = "<br>".join(f"`{name}`: {label_text(case.labels[name])} → {said}"
                                + ("" if verdict is None or (verdict and pattern) else " **(wrong)**")
                                for name, verdict, pattern, said in rows)
            note = f" *Here: {case.note}.*" if case.note else ""
            tag = " (4-D)" if case.four_d else ""
            print(f"| `{case.name}`{tag} | <{case.source}>: {case.reported}.{note} | {cells} |")


def main(argv):
    cases = all_cases()
    if "--heldout" in argv:
        cases = [c for c in cases if c.heldout]
    elif "--first" in argv:
        cases = [c for c in cases if not c.heldout]
    totals, details = measure(cases)
    if "--markdown" in argv:
        markdown(cases, totals, details)
        return
    print(f"{len(cases)} cases, {sum(len(c.labels) for c in cases)} labelled gradients, "
          f"{sum(c.correct_code for c in cases)} cases of correct code")
    print(f"{'form':6s} {'cases':>5s} {'verdicts right':>15s} {'patterns right':>15s}")
    for form in ("dict", "layer", "pair", "torch", "4-D"):
        if form not in totals:
            continue
        v, p, n, k = totals[form]
        if n == 0:
            print(f"{form:6s} {k:5d}   not measured: {_why(details, form)}")
        else:
            print(f"{form:6s} {k:5d} {v:>8d} / {n:<4d} {p:>8d} / {n:<4d}")
    wrong = [(c, r) for c, rows in details for r in rows if r[1] is not None and not (r[1] and r[2])]
    if wrong:
        print("\nstill wrong:")
        for case, (name, verdict, pattern, said) in wrong:
            print(f"  {case.name}  {name}: label {case.labels[name]}, checker {said}"
                  f"{'' if verdict else '  (VERDICT wrong)'}")
    if "--cases" in argv:
        print()
        for case, rows in details:
            print(f"{case.name} [{case.form}{', 4-D' if case.four_d else ''}] {case.source}")
            for name, verdict, pattern, said in rows:
                mark = "-" if verdict is None else ("right" if verdict and pattern else "WRONG")
                print(f"    {name:22s} label {str(case.labels[name]):24s} checker {said}  {mark}")


if __name__ == "__main__":
    main(sys.argv[1:])
