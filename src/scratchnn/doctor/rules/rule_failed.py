"""rule-failed: a rule raised instead of giving its verdict (a bug in the doctor, never in your loop)."""
from ._common import Rule

RULE = Rule(
    "rule-failed", "A rule of the doctor could not run", "always `info`.",
    "report() never raises: a rule that fails on an unusual run is left out, and this line names it and the error, "
    "so the rest of the report still stands.",
    "Any exception inside a rule.",
    "Nothing to fix in your loop; please report the line to scratchnn's issue tracker.")


def check(facts):
    return []


def failed(module, err):
    return RULE.finding("info", f"the rule {module.RULE.code} could not run",
                        f"{module.RULE.code} raised {type(err).__name__}: {err}", where=module.RULE.code)
