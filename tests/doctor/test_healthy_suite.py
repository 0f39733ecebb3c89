"""False alarms: runs that learn must get no finding of severity warning or error."""
import pytest

from healthy_runs import fit_runs, numpy_runs  # noqa: E402  (tests/doctor is on sys.path via conftest)

RUNS = dict(numpy_runs())
try:
    RUNS.update(fit_runs())
except ImportError:  # the core library is not importable: the NumPy loops still run
    pass


def test_the_suite_has_at_least_twelve_runs():
    assert len(RUNS) >= 12


@pytest.mark.parametrize("name", sorted(RUNS))
def test_healthy_run_gets_no_warning(name):
    report = RUNS[name]()
    assert report.last_loss is not None
    assert report.codes == [], f"false alarm on {name}:\n{report}"
