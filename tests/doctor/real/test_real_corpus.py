"""The doctor on the real corpus: public training loops, broken and healthy (see doctor_corpus.py).

* every symptom label is true: its numeric predicate holds on the run;
* the doctor never raises, in observe() or report();
* each expected symptom is found (at warning or error);
* a healthy run gets no warning or error.
Known shortfalls are strict xfails listed in known_results.py; measure.py prints the totals.
"""
import functools

import numpy as np
import pytest

import known_results
from doctor_corpus import load_cases
from measure import run_case

CASES = load_cases()
BROKEN = [c for c in CASES if not c.healthy]
HEALTHY = [c for c in CASES if c.healthy]


@functools.lru_cache(maxsize=None)
def result(name):
    return run_case(next(c for c in CASES if c.name == name))


def xfail_if(reason):
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def test_the_corpus_has_20_broken_and_20_healthy_loops_with_sources():
    assert len(BROKEN) >= 20 and len(HEALTHY) >= 20
    from scratchnn.doctor import CODES
    for case in CASES:
        assert case.source.startswith("http") and case.diagnosis and case.choices, case.name
        if case.healthy:
            assert [s.code for s in case.symptoms] == [None], case.name
        else:
            assert case.expected and case.expected <= set(CODES), (case.name, case.expected - set(CODES))


@pytest.mark.parametrize("case, symptom", [pytest.param(c, s, id=f"{c.name}-{s.code or 'learns'}")
                                           for c in CASES for s in c.symptoms])
def test_each_label_is_true_on_the_run(case, symptom):
    with np.errstate(all="ignore"):
        assert symptom.holds(result(case.name).trace), f"{case.name}: not true that {symptom.claim}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=xfail_if(known_results.EXCEPTIONS.get(c.name)))
                                  for c in CASES])
def test_the_doctor_never_raises(case):
    assert result(case.name).exceptions == []


@pytest.mark.parametrize("case, code", [
    pytest.param(c, code, id=f"{c.name}-{code}", marks=xfail_if(known_results.MISSES.get((c.name, code))))
    for c in BROKEN for code in sorted(c.expected)])
def test_each_expected_symptom_is_found(case, code):
    r = result(case.name)
    assert code in r.codes, f"{case.name}: expected {code}; the doctor says {r.codes or 'nothing'}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=xfail_if(known_results.FALSE_ALARMS.get(c.name)))
                                  for c in HEALTHY])
def test_a_healthy_run_gets_no_warning(case):
    r = result(case.name)
    assert r.codes == [], f"{case.name} learns, but the doctor says {r.codes}"
