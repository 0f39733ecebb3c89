"""What the doctor says: a :class:`Finding` per problem and the :class:`DoctorReport` that orders them.

A finding reads like a linter message: a stable ``code`` (``dead-relu``), a ``severity``
(``error`` = the run cannot learn like this, ``warning`` = very likely why it does not learn,
``info`` = worth knowing, harmless here), a one-line ``title``, the ``evidence`` (the numbers), a
``message`` (why this stops learning, in plain words), a concrete ``fix``, the epoch it began
(``since_epoch``) and the layer or parameter it concerns (``where``).
"""
from dataclasses import asdict, dataclass, field
import html

SEVERITIES = ("error", "warning", "info")


@dataclass
class Finding:
    code: str
    severity: str
    title: str
    evidence: str
    message: str
    fix: str
    since_epoch: int | None = None
    where: str | None = None
    # How this finding reads as one link of the causal story ("64 of 64 ReLUs in layer1 dead").
    link: str = ""
    # A change DoctorCallback can try on a copy of the model to confirm the fix, e.g. {"lr": 0.01}.
    remedy: dict | None = field(default=None, repr=False)
    # Proven by a finite-difference check: told as a root cause, not after the story.
    proven: bool = field(default=False, repr=False)

    def to_dict(self):
        out = asdict(self)
        out.pop("remedy")
        out.pop("proven")
        return out


@dataclass
class DoctorReport:
    """The diagnosis: ``findings`` ordered root cause first, the causal ``story`` that links them,
    and the per-epoch ``curves`` (loss and per-layer summaries) the plot draws."""

    findings: list
    story: list = field(default_factory=list)
    n_observations: int = 0
    last_loss: float | None = None
    # The gate (see scratchnn.doctor.facts): is the run failing, and what a constant prediction gets.
    failing: bool = False
    baseline: float | None = None
    curves: dict = field(default_factory=dict, repr=False)
    # One line on the model's own gradients when fit(doctor=True) checked them (failing runs only).
    gradients: str | None = None

    @property
    def codes(self):
        """Codes of the findings of severity warning or worse, root cause first."""
        return [f.code for f in self.findings if f.severity != "info"]

    @property
    def ok(self):
        return not self.codes

    def __getitem__(self, code):
        """The first finding with ``code`` (KeyError when there is none)."""
        for f in self.findings:
            if f.code == code:
                return f
        raise KeyError(f"no finding {code!r} in this report; its codes are {[f.code for f in self.findings]}")

    def __contains__(self, code):
        return any(f.code == code for f in self.findings)

    def to_dict(self):
        return {"ok": self.ok, "codes": self.codes, "story": list(self.story), "failing": self.failing,
                "gradients": self.gradients,
                "baseline": self.baseline, "n_observations": self.n_observations, "last_loss": self.last_loss,
                "findings": [f.to_dict() for f in self.findings]}

    def plot(self, path=None):
        """Draw the loss curve and per-layer summaries (needs matplotlib); see :mod:`.plot`."""
        from .plot import plot_report
        return plot_report(self, path)

    def __str__(self):
        head = f"scratchnn doctor: {self.n_observations} observation(s)"
        if self.last_loss is not None:
            head += f", last loss {self.last_loss:.6g}"
        if self.gradients:
            head += f"\n{self.gradients}"
        if not self.findings:
            if self.failing:
                return head + (f"\nThe run is not learning (a constant prediction gets {self.baseline:.6g}), "
                               "but no rule names a cause: train longer, or check the gradients with "
                               "scratchnn.gradcheck and observe more (params, grads, activations).")
            return head + "\nNo problems found."
        lines = [head]
        if len(self.story) > 1:
            lines.append("Story: " + " -> ".join(self.story))
        for i, f in enumerate(self.findings, 1):
            where = f" [{f.where}]" if f.where else ""
            since = f" (since epoch {f.since_epoch})" if f.since_epoch is not None else ""
            lines.append(f"\n{i}. {f.severity.upper()} {f.code}{where}{since}: {f.title}")
            lines.append(f"   evidence: {f.evidence}")
            lines.append(f"   why: {f.message}")
            lines.append(f"   fix: {f.fix}")
        if self.ok:
            lines.append("\nNothing of severity warning or error: this run learns.")
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        """Jupyter shows one table, every cell left-aligned (notebooks right-align cells by default),
        with codes, epochs and evidence (the numbers) in monospace."""
        esc = html.escape
        left = "text-align:left; vertical-align:top"
        mono = f"{left}; font-family:monospace"
        head = "".join(f'<th style="{left}">{name}</th>' for name in ("severity", "code", "where", "since", "finding"))
        rows = "".join(
            f'<tr><td style="{mono}">{esc(f.severity)}</td><td style="{mono}">{esc(f.code)}</td>'
            f'<td style="{mono}">{esc(f.where or "")}</td>'
            f'<td style="{mono}">{"" if f.since_epoch is None else f.since_epoch}</td>'
            f'<td style="{left}"><b>{esc(f.title)}</b><br><span style="font-family:monospace">{esc(f.evidence)}</span>'
            f"<br><i>fix:</i> {esc(f.fix)}</td></tr>" for f in self.findings)
        # Without findings, the verdict is the text's lines after its head (and the gradients line).
        verdict = " ".join(str(self).splitlines()[1 + bool(self.gradients):])
        table = f"<table><tr>{head}</tr>{rows}</table>" if rows else f'<p style="{left}">{esc(verdict)}</p>'
        story = f'<p style="{left}"><b>Story:</b> {esc(" → ".join(self.story))}</p>' if len(self.story) > 1 else ""
        loss = "" if self.last_loss is None else f", last loss <code>{self.last_loss:.6g}</code>"
        grads = f'<p style="{mono}">{esc(self.gradients)}</p>' if self.gradients else ""
        return (f'<div style="{left}"><p style="{left}"><b>scratchnn doctor</b>: {self.n_observations} '
                f"observations{loss}</p>{grads}{story}{table}</div>")

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))
