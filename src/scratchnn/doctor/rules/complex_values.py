"""complex-values: complex numbers where a real network has real ones."""
from ._common import Rule

RULE = Rule(
    "complex-values", "An array holds complex numbers", "`warning` (`error` when the run fails).",
    "A real network has real parameters, gradients and activations. A complex number comes from the square root "
    "or logarithm of a negative number taken with np.emath or on a complex array, or from np.fft; from there it "
    "spreads into every sum it enters.",
    "Any non-zero imaginary part. An array whose imaginary part is exactly 0 is read as real and not reported.",
    "Find where the complex value is made (np.emath.sqrt, np.lib.scimath, complex dtype, np.fft) and take the real "
    "formula instead; clip the argument of sqrt and log.",
    where="the argument of observe().")


def check(facts):
    found = [p for p in facts.problems if p.code == RULE.code]
    if not found:
        return []
    where = ", ".join(p.where for p in found[:5])
    return [RULE.finding("error" if facts.failing else "warning", f"complex numbers in {where}",
                         "; ".join(p.text for p in found[:5]), since=found[0].epoch, where=found[0].where,
                         link=f"complex numbers in {found[0].where}")]
