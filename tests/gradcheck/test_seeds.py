"""The seeds, diagnosed: each report must tell the truth as float64 finite differences see it."""
import numpy as np
import pytest

from scratchnn.gradchecker import gradcheck
from scratchnn.seeds import seed000_gradients as seed000
from scratchnn.seeds import seed002_gradients as seed002
from scratchnn.seeds import seed003_gradients as seed003


def test_seed000_at_start_both_gradients_are_exactly_m_times_too_big():
    s1 = seed000.forward(**{k: v for k, v in seed000.start().items()})[0]
    assert np.all(s1 > 0)                      # the premise: every hidden unit active at the start
    report = gradcheck(*seed000.at_start())
    for name in ("w1", "w2"):
        assert report[name].pattern == "scale"
        assert report[name].factor == pytest.approx(10, rel=1e-6)
        assert "= m (the batch size, 10): missing division by m" in report[name].message


def test_seed000_after_training_w1_is_wrong_in_the_rows_of_the_dead_units():
    params = seed000.trained()
    s1, _, s2, _, _ = seed000.forward(params["w1"], params["w2"])
    dead = np.flatnonzero(np.all(s1 <= 0, axis=1))
    always_on = np.flatnonzero(np.all(s1 > 0, axis=1))
    assert list(dead) == [1, 2] and list(always_on) == [3] and np.all(s2 > 0)
    report = gradcheck(*seed000.at_trained())
    assert report["w2"].pattern == "scale" and report["w2"].factor == pytest.approx(10, rel=1e-6)
    w1 = report["w1"]
    assert w1.pattern == "mask" and w1.factor == pytest.approx(10, rel=1e-6)
    assert "rows 0, 1, 2 of delta_w1" in w1.message
    assert "in rows 1, 2 the true gradient is 0" in w1.message and "ReLU" in w1.message


@pytest.mark.parametrize("make", [seed000.fixed_at_start, seed000.fixed_at_trained])
def test_seed000_fixed_gradients_are_ok(make):
    assert gradcheck(*make()).ok


def test_seed000_nearby_points_reach_the_mask_from_the_start():
    loss_fn, params, _ = seed000.at_start()
    report = gradcheck(loss_fn, params, seed000.seed_gradients, nearby=4, nearby_scale=1.0, seed=1)
    assert report["w1"].pattern == "mask" and report["w1"].point.startswith("nearby point")


def test_seed002_dW1_alone_is_m_times_too_big():
    loss_fn, params, grads = seed002.at_start()
    assert loss_fn(params) == seed002.forward_backward(seed002.x, seed002.y, params)[2]
    report = gradcheck(loss_fn, params, grads)
    assert report.patterns == {"W1": "scale", "b1": "ok", "W2": "ok", "b2": "ok"}
    assert report["W1"].factor == pytest.approx(10, rel=1e-6)
    assert "= m (the batch size, 10): missing division by m" in report["W1"].message
    assert report["W1"].checked.startswith("sampled:") and "every row (64 row probes)" in report["W1"].checked


def test_seed002_fixed_is_ok():
    assert gradcheck(*seed002.fixed_at_start()).ok


def test_seed003_at_zero_start_w2_and_b2_are_wrong_b2_exactly_4x():
    report = gradcheck(*seed003.at_zero_start())
    assert [r.name for r in report.results if not r.ok] == ["w2", "b2"]
    assert report["b2"].pattern == "scale" and report["b2"].factor == pytest.approx(4, rel=1e-6)


def test_seed003_at_a_random_point_all_five_are_wrong():
    report = gradcheck(*seed003.at_random_point())
    assert not any(r.ok for r in report.results) and len(report.results) == 5


@pytest.mark.parametrize("make", [seed003.fixed_at_zero_start, seed003.fixed_at_random_point])
def test_seed003_fixed_is_ok(make):
    assert gradcheck(*make()).ok
