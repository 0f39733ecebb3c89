"""Run scratchnn's gradient checker on a corpus case and score it against the case's labels.

The three entry points are called exactly as issue 11 gives them; ``missing_entry_point(form)``
names the one a form needs while it is not in the working tree yet (the tests skip on it).
"""
import inspect

import numpy as np

ENTRY = {"layer": "gradcheck_layer", "pair": "gradcheck_pair", "torch": "gradcheck_torch", "dict": "gradcheck"}


def missing_entry_point(form):
    """None when scratchnn has the form's entry point with the issue's signature (and, for torch
    cases, torch is installed), else a reason."""
    import scratchnn
    if form == "torch":
        try:
            import torch  # noqa: F401
        except ImportError:
            return "torch is not installed"
    name = ENTRY[form]
    fn = getattr(scratchnn, name, None)
    if fn is None:
        return f"scratchnn.{name} is not in the working tree yet"
    if form == "layer" and "loss" not in inspect.signature(fn).parameters:
        return "scratchnn.gradcheck_layer does not take (layers, x, params=None, loss=None) yet"
    return None


def run_checker(case):
    """The checker's GradReport for a freshly built case."""
    import scratchnn
    b = case.build()
    if case.form == "layer":
        return scratchnn.gradcheck_layer(b["layers"], b["x"], params=b.get("params"), loss=b.get("loss"))
    if case.form == "pair":
        return scratchnn.gradcheck_pair(b["forward"], b["backward"], b["inputs"], args=b.get("args", ()),
                                        dout=b.get("dout"))
    if case.form == "dict":
        return scratchnn.gradcheck(b["loss_fn"], b["params"], b["grads"])
    return scratchnn.gradcheck_torch(b["function"], b["inputs"], names=b["names"])


def score(case, report):
    """Per labelled gradient: (name, verdict right, pattern right, what the checker said)."""
    rows = []
    for name in case.labels:
        pattern, factor = case.expected(name)
        try:
            r = report[name]
        except KeyError:
            rows.append((name, False, False, f"no result named {name!r}"))
            continue
        verdict_right = bool(r.ok) == (pattern == "ok")
        pattern_right = r.pattern == pattern and (
            factor is None or (r.factor is not None and np.isclose(r.factor, factor, rtol=1e-3)))
        if pattern_right and pattern == "mask" and case.heldout:
            # the description must say what the numbers show, and blame no ReLU where none is at fault
            text = (r.message or "").lower()
            pattern_right = case.cause in text and ("relu" in case.cause or "relu" not in text)
        said = f"{'ok' if r.ok else 'wrong'} / {r.pattern}" + ("" if r.factor is None else f" {r.factor:.4g}")
        rows.append((name, verdict_right, pattern_right, said))
    return rows


def measure(cases):
    """{form: [verdicts right, patterns right, gradients, cases]} and the rows of every case."""
    totals, details = {}, []
    for case in cases:
        why = missing_entry_point(case.form)
        if why is None:
            try:
                rows = score(case, run_checker(case))
            except Exception as exc:              # an error is a wrong answer for every gradient
                rows = [(n, False, False, f"raised {type(exc).__name__}: {exc}"[:160]) for n in case.labels]
        else:
            rows = [(n, None, None, why) for n in case.labels]
        details.append((case, rows))
        for form in (case.form, "4-D") if case.four_d else (case.form,):
            t = totals.setdefault(form, [0, 0, 0, 0])
            t[3] += 1
            for _, verdict, pattern, _ in rows:
                if verdict is not None:
                    t[0] += verdict
                    t[1] += pattern
                    t[2] += 1
    return totals, details
