"""Metrics against hand-worked values and scikit-learn's implementations."""
import numpy as np
import pytest

from scratchnn import metrics
from scratchnn.validation import InputError


def test_accuracy_counts_equal_labels():
    assert metrics.accuracy(["a", "b", "b", "c"], ["a", "b", "c", "c"]) == 0.75


def test_mae_and_r2_by_hand():
    y, p = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.5, 2.0, 2.0, 4.5])
    assert metrics.mean_absolute_error(y, p) == pytest.approx((0.5 + 0 + 1 + 0.5) / 4)
    # residual 0.25 + 0 + 1 + 0.25 = 1.5; total around the mean 2.5: 2.25 + 0.25 + 0.25 + 2.25 = 5
    assert metrics.r2_score(y, p) == pytest.approx(1 - 1.5 / 5)


def test_r2_of_the_mean_is_zero_and_of_a_constant_target():
    y = np.array([1.0, 2.0, 3.0])
    assert metrics.r2_score(y, np.full(3, 2.0)) == pytest.approx(0.0)
    assert metrics.r2_score(np.ones(3), np.ones(3)) == 1.0
    assert metrics.r2_score(np.ones(3), np.zeros(3)) == 0.0


def test_against_scikit_learn_with_several_outputs():
    sk = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(0)
    y, p = rng.normal(size=(40, 3)), rng.normal(size=(40, 3))
    assert metrics.r2_score(y, p) == pytest.approx(sk.r2_score(y, p))
    assert metrics.mean_absolute_error(y, p) == pytest.approx(sk.mean_absolute_error(y, p))


def test_mismatched_lengths_are_refused():
    with pytest.raises(InputError, match="3 samples but y_pred has 2"):
        metrics.accuracy([1, 2, 3], [1, 2])


def test_scores_pick_the_metrics_by_loss():
    y = np.array([0.0, 1.0, 2.0])
    assert set(metrics.scores("mse", 0.5, y, y)) == {"loss", "mae", "r2"}
    assert metrics.scores("bce", 0.1, ["a", "b"], None, ["a", "a"]) == {"loss": 0.1, "accuracy": 0.5}
