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
        """Jupyter shows the same table as the terminal, as an HTML table in monospace (text
        columns left-aligned, numbers right-aligned), and the diagnoses below it as preformatted text."""
        import html
        mono = "font-family:monospace; padding:0 0.6em"
        header, *rows = self._rows()
        def cell(tag, i, text):
            align = "right" if header[i] in _NUMBER_COLUMNS else "left"
            return f'<{tag} style="{mono}; text-align:{align}">{html.escape(text)}</{tag}>'
        table = "".join("<tr>" + "".join(cell(tag, i, text) for i, text in enumerate(row)) + "</tr>"
                        for tag, row in [("th", header)] + [("td", row) for row in rows])
        tail = "\n".join(self._tail())
        return (f'<div style="text-align:left"><p style="font-family:monospace; text-align:left">{html.escape(self._head())}</p>'
                f'<table style="font-family:monospace">{table}</table>'
                + (f'<pre style="text-align:left">{html.escape(tail.strip(chr(10)))}</pre>' if tail.strip() else "") + "</div>")

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _head(self):
        wrong = [r for r in self.results if not r.ok]
        n = sum(r.pattern != "extra" for r in self.results)
        if not wrong:
            head = "gradcheck: the gradient is right" if n == 1 else f"gradcheck: all {n} gradients are right"
        else:
            head = f"gradcheck: {len(wrong)} of {n} gradient{'s' if n > 1 else ''} {'is' if len(wrong) == 1 else 'are'} wrong"
        return head + f" (float64 central differences, rtol {self.rtol:g}, {self.evaluations} loss evaluations)"

    def _rows(self):
        """The table as rows of strings, the column names first."""
        rows = [("name", "shape", "ok", "pattern", "factor", "max_rel_err", "rel_norm_err", "checked")]
        for r in self.results:
            rows.append((r.name, str(tuple(r.shape)), "yes" if r.ok else "NO", r.pattern,
                         "" if r.factor is None else f"{r.factor:.4g}", _num(r.max_rel_error),
                         _num(r.rel_norm_error),
                         r.checked + (f"; {r.excluded} at kinks excluded" if r.excluded else "")))
        return rows

    def _tail(self):
        """The lines after the table: diagnoses with evidence, where it goes wrong, notes, warnings."""
        wrong = [r for r in self.results if not r.ok]
        lines = []
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
        return lines

    def __str__(self):
        rows = self._rows()
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        lines = [self._head(), ""]
        for row in rows:
            lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])
        return "\n".join(lines + self._tail())


# Columns holding numbers: right-aligned in HTML so their digits line up.
_NUMBER_COLUMNS = ("factor", "max_rel_err", "rel_norm_err")


def _num(x):
    return "-" if x != x else f"{x:.2e}"
