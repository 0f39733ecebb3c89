"""What every rule shares: the :class:`Rule` that holds a rule's text once, and number formatting.

A rule module (ruff's layout) defines ``RULE = Rule(code, title, ...)`` with its what / threshold /
fix text, the thresholds as constants beside it, and ``check(facts) -> list[Finding]``. The docs
page ``docs/doctor/rules/<code>.md`` is :meth:`Rule.page` (generated, and tested to match).
"""
import bisect
import math
from dataclasses import dataclass

from ..findings import Finding

# A change between observations along -g (cos(g, dp) <= -0.99) is one plain gradient-descent step.
ALIGNED = -0.99


@dataclass(frozen=True)
class Rule:
    """One rule's words: ``title`` (one line), ``severity`` (when it is error / warning / info),
    ``what`` (what it means: the finding's default message), ``threshold`` (the threshold and why),
    ``fix`` (the default fix), ``where``, ``example`` and further ``sections`` of the docs page."""

    code: str
    title: str
    severity: str
    what: str
    threshold: str
    fix: str
    where: str = ""
    example: str = ""
    sections: tuple = ()

    def finding(self, severity, title, evidence, *, message=None, fix=None, since=None, where=None, link="",
                remedy=None, proven=False):
        return Finding(self.code, severity, title, evidence, message or self.what, fix or self.fix,
                       since_epoch=since, where=where, link=link, remedy=remedy, proven=proven)

    def page(self):
        """The docs page, markdown."""
        head = f"**Severity:** {self.severity}" + (f" **Where:** {self.where}" if self.where else "")
        parts = [f"# {self.code}", f"{self.title}.", head, f"**What it means.** {self.what}",
                 f"**Threshold and why.** {self.threshold}"]
        parts += [f"**{name}.** {text}" for name, text in self.sections]
        if self.example:
            parts.append(f"**Example.** {self.example}")
        parts.append(f"**Fix.** {self.fix}")
        return "\n\n".join(parts) + "\n"


def gated(facts):
    """Severity for a symptom that is only a problem when the run fails (or has a proven bug)."""
    proven = facts.gradients.ok is False or any(p.code == "gradient-shape" for p in facts.problems)
    return "warning" if facts.failing or proven else "info"


def observations_since(facts, epoch):
    """How many observations were made at or after ``epoch``."""
    return len(facts.epochs) - bisect.bisect_left(facts.epochs, epoch)


def streak_start(epochs, flags):
    """First epoch of the final run of True ``flags`` (None when the last flag is False)."""
    start = None
    for e, flag in zip(epochs, flags):
        start = (start if start is not None else e) if flag else None
    return start


def g(x):
    """A number as a reader wants it: 6 significant digits; NaN, infinities and None in words."""
    if x is None:
        return "unknown"
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "infinite" if x > 0 else "minus infinite"
    return f"{x:.6g}"


def times(x):
    """A ratio as "3.2x", or words when it is not a finite number."""
    if x is None or math.isnan(x):
        return "an unknown factor"
    if math.isinf(x):
        return "an unbounded factor"
    return f"{x:.3g}x"


def percent(x):
    """A fraction as "42%" (NaN: "an unknown share")."""
    if x is None or not math.isfinite(x):
        return "an unknown share"
    return f"{100 * x:.0f}%" if abs(x) <= 10 else f"{g(100 * x)}%"   # never 300 digits, nor "inf%"


__all__ = ["Finding", "Rule", "gated", "observations_since", "streak_start", "g", "times", "percent"]
