"""The seed loops (src/scratchnn/seeds/, our own code) reproduce the numbers their questions report.

Seed 000: the loss sits at 6.22519 = sum(y^2) / 20 (the loss of predicting 0) on a start where
every ReLU dies; seed 002: the cost is NaN from the second epoch; seed 003: the loss settles at
0.25; the answer to seed 002 learns XOR. The first printed numbers are the ones the tutorials quote.
"""
import contextlib
import io

import numpy as np
import pytest

import scratchnn


@pytest.fixture(autouse=True)
def no_doctor(monkeypatch):
    """The loops call scratchnn.observe; these tests are about the loops' own numbers."""
    monkeypatch.setattr(scratchnn, "observe", lambda **record: None, raising=False)


def printed(fn, *args):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), np.errstate(all="ignore"):
        result = fn(*args)
    return result, out.getvalue().splitlines()


def test_seed000_sits_at_6_22519_the_loss_of_predicting_zero():
    from scratchnn.seeds import seed000_loop
    np.random.seed(0)
    predictions, lines = printed(seed000_loop.prediction, 300)
    y = np.array([4.84, 0.55, 4.20, 1.68, 4.74, 0.14, 5.68, 0.48, 5.03, 0.18])
    assert lines[:2] == ["23.14799274652868", "6.22519"]          # as the tutorial quotes them
    assert float(lines[-2]) == pytest.approx(np.sum(y ** 2) / 20, rel=1e-12) == pytest.approx(6.22519)
    assert lines[-1] == "- A [5.99 0.09]"
    assert list(predictions) == [0.0, 0.0]


def test_seed000_another_start_learns():
    from scratchnn.seeds import seed000_loop
    np.random.seed(1)
    predictions, lines = printed(seed000_loop.prediction, 300)
    assert float(lines[-2]) < 0.5 and predictions[0] == pytest.approx(5.99, abs=1.0)


def test_seed000_gradients_are_10x_the_true_ones_while_every_unit_is_active():
    from scratchnn.seeds import seed000_gradients as seed
    params = seed.start()
    wrong, right = seed.seed_gradients(params), seed.fixed_gradients(params)
    for name in ("delta_w1", "delta_w2"):
        np.testing.assert_allclose(wrong[name], 10 * right[name], rtol=1e-12)


def test_seed002_cost_is_nan_from_the_second_epoch():
    from scratchnn.seeds import seed002_loop
    np.random.seed(0)
    costs, _ = printed(seed002_loop.run, 4)
    assert round(float(costs[0]), 3) == 5.299                     # as the tutorial quotes it
    assert all(np.isnan(c) for c in costs[1:])


def test_seed002_dW1_alone_misses_the_division_by_m():
    from scratchnn.seeds import seed002_gradients as seed
    _, params, grads = seed.at_start()
    _, _, fixed = seed.fixed_at_start()
    np.testing.assert_allclose(grads["dW1"], 10 * fixed["dW1"], rtol=1e-12)
    for name in ("dW2", "db1", "db2"):
        np.testing.assert_array_equal(grads[name], fixed[name])


def test_seed003_loss_falls_from_0_326_and_sits_at_0_25():
    from scratchnn.seeds import seed003_loop
    _, lines = printed(seed003_loop.run, 1000)
    assert lines[:2] == ["0.3262259533993328", "0.32522253168874626"]   # as the tutorial quotes them
    assert float(lines[-1]) == pytest.approx(0.25, abs=1e-6)


def test_seed003_b2_gradient_is_4x_at_the_zero_start():
    from scratchnn.seeds import seed003_gradients as seed
    _, params, grads = seed.at_zero_start()
    eps = 1e-6
    up, down = dict(params), dict(params)
    up["b2"], down["b2"] = np.array(eps), np.array(-eps)
    true_b2 = (seed.loss_fn(up) - seed.loss_fn(down)) / (2 * eps)
    assert float(grads["db2"]) == pytest.approx(4 * true_b2, rel=1e-6)


def test_the_answer_to_seed002_learns_xor():
    from scratchnn.seeds import seed002_answer_xor_loop
    np.random.seed(0)
    _, lines = printed(seed002_answer_xor_loop.run, 1000)
    assert lines[0] == "Error: 0.4994359743074871"                      # as the tutorial quotes it
    np.random.seed(2)
    output, _ = printed(seed002_answer_xor_loop.run, 8000)
    assert np.mean(np.abs(output - seed002_answer_xor_loop.ideal_output)) < 0.1
