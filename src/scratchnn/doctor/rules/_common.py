"""Small helpers the rules share."""
import bisect

from ..findings import Finding


def gated(facts):
    """Severity for a symptom that is only a problem when the run fails."""
    return "warning" if facts.failing else "info"


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
    """A number as a reader wants it: 6 significant digits."""
    return f"{x:.6g}"


__all__ = ["Finding", "gated", "observations_since", "streak_start", "g"]
