"""The result of a gradient check: one :class:`ParamResult` per parameter, gathered in a :class:`GradReport`.

``str(report)`` is a table (one line per parameter) followed by the diagnoses with their evidence.
"""
from dataclasses import dataclass, field

from .locate import where_it_goes_wrong


@dataclass
class ParamResult:
    """What the checker found for one parameter.

    ``pattern`` is a stable code (see docs/gradcheck.md): ok, scale, sign, zero, transpose,
    swapped, mask, regularization, mismatch; or, found before numerics, missing, extra, shape.
    ``factor`` is set for scale (and for a mask whose right part is scaled).
    ``max_rel_error`` is the largest ``|a - d| / max(|a|, |d|)`` over the checked probes,
    ``rel_norm_error`` is ``||a - d|| / max(||a||, ||d||)``; both NaN when nothing could be compared.
    """

    name: str
    shape: tuple
    ok: bool
    pattern: str
    message: str
    max_rel_error: float = float("nan")
    rel_norm_error: float = float("nan")
    factor: float | None = None
    grad_name: str | None = None
    checked: str = ""
    excluded: int = 0
    evidence: str = ""
    point: str = "the given point"
    note: str = ""


@dataclass
class GradReport:
    """All results; ``ok`` is True when every parameter's gradient is right."""

    results: list
    rtol: float
    evaluations: int = 0
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        return all(r.ok for r in self.results)

    def __getitem__(self, name):
        for r in self.results:
            if r.name == name:
                return r
        raise KeyError(f"no result for {name!r}; the report has: {', '.join(r.name for r in self.results)}")

    @property
    def where_it_goes_wrong(self):
        """A sentence locating the error between layers, or None (see :mod:`.locate`)."""
        return where_it_goes_wrong(self.results)

    @property
    def patterns(self):
        """``{name: pattern}``, handy in tests and scripts."""
        return {r.name: r.pattern for r in self.results}

    def _repr_html_(self):
        """Jupyter shows the same table and diagnoses as the terminal, in a monospaced block."""
        import html
        return f"<pre>{html.escape(str(self))}</pre>"

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def __str__(self):
        wrong = [r for r in self.results if not r.ok]
        n = sum(r.pattern != "extra" for r in self.results)
        if not wrong:
            head = "gradcheck: the gradient is right" if n == 1 else f"gradcheck: all {n} gradients are right"
        else:
            head = f"gradcheck: {len(wrong)} of {n} gradient{'s' if n > 1 else ''} {'is' if len(wrong) == 1 else 'are'} wrong"
        head += f" (float64 central differences, rtol {self.rtol:g}, {self.evaluations} loss evaluations)"
        rows = [("name", "shape", "ok", "pattern", "factor", "max_rel_err", "rel_norm_err", "checked")]
        for r in self.results:
            rows.append((r.name, str(tuple(r.shape)), "yes" if r.ok else "NO", r.pattern,
                         "" if r.factor is None else f"{r.factor:.4g}", _num(r.max_rel_error),
                         _num(r.rel_norm_error),
                         r.checked + (f"; {r.excluded} at kinks excluded" if r.excluded else "")))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        lines = [head, ""]
        for row in rows:
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])
        if wrong:
            lines += ["", "diagnoses:"]
            for r in wrong:
                where = "" if r.point == "the given point" else f" (at {r.point})"
                lines.append(f"  {r.name} [{r.pattern}]{where}: {r.message}")
                if r.evidence:
                    lines.append(f"      evidence: {r.evidence}")
            located = self.where_it_goes_wrong
            if located:
                lines += ["", f"where: {located}"]
        noted = [r for r in self.results if r.note]
        if noted:
            lines += ["", "notes:"] + [f"  {r.name}: {r.note}" for r in noted]
        for text in self.warnings:
            lines.append(f"warning: {text}")
        return "\n".join(lines)


def _num(x):
    return "-" if x != x else f"{x:.2e}"
