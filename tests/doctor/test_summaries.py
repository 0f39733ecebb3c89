"""The doctor's per-observation sizes: norms and dot products of whole parameter arrays."""
import numpy as np
import pytest

from scratchnn.doctor import summaries


def test_norm_and_dot_match_a_float64_reference():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(300, 200)).astype(np.float32)
    b = rng.normal(size=(300, 200)).astype(np.float32)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    assert summaries.norm(a) == pytest.approx(np.sqrt(np.sum(a64 * a64)), rel=1e-5)
    assert summaries.dot(a, b) == pytest.approx(np.sum(a64 * b64), rel=1e-4, abs=1e-3)


def test_exploding_float32_weights_get_their_true_finite_size():
    # 1e20 squared overflows float32 (max ~3.4e38), but the norm itself, 2e20, is a float32-sized number.
    a = np.full(4, 1e20, dtype=np.float32)
    assert summaries.norm(a) == pytest.approx(2e20, rel=1e-6)
    assert summaries.dot(a, -a) == pytest.approx(-4e40, rel=1e-6)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_non_finite_entry_keeps_the_norm_non_finite(bad):
    a = np.ones(1000, dtype=np.float32)
    a[17] = bad
    assert not np.isfinite(summaries.norm(a))
