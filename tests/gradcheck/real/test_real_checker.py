"""The gradient checker's verdict and pattern on every labelled gradient of the real-case corpus.

Each case runs through the entry point of its form (``gradcheck_layer`` / ``gradcheck_pair`` /
``gradcheck_torch``). While the entry point is not in the working tree the case skips with a reason
naming it. A case the checker still gets wrong is listed in ``STILL_WRONG`` with what it said, as
a strict xfail: fixing the checker turns it into a failure until the entry is removed.
"""
import pytest

from gcreal_cases import all_cases
from gcreal_checker import missing_entry_point, run_checker, score

CASES = all_cases()

STILL_WRONG = {
    # case name: what the checker said (measured; see docs/gradcheck-real-corpus.md)
}


def _param(case):
    marks = []
    if case.name in STILL_WRONG:
        marks.append(pytest.mark.xfail(strict=True, reason=STILL_WRONG[case.name]))
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_checker_verdict_and_pattern_match_the_label(case):
    why = missing_entry_point(case.form)
    if why:
        pytest.skip(why)
    rows = score(case, run_checker(case))
    wrong = [f"{name}: expected {case.labels[name]}, checker said {said}"
             for name, verdict, pattern, said in rows if not (verdict and pattern)]
    assert not wrong, "; ".join(wrong)
