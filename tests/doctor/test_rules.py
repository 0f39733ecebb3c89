"""Each rule on a small hand-made run: it fires on the bug it names, with the numbers, and not otherwise."""
import numpy as np
import pytest

from scratchnn.doctor import Doctor


def observe_run(doctor, losses, **fixed):
    for epoch, loss in enumerate(losses, 1):
        doctor.observe(epoch=epoch, loss=loss, **fixed)
    return doctor.report()


def test_shape_mismatch_names_the_broadcast_when_the_loss_used_it():
    p, y = np.arange(4.0).reshape(4, 1), np.array([0.0, 1.0, 2.0, 4.0])
    broadcast_mse = float(np.mean((p - y) ** 2))          # (4, 4): every prediction vs every target
    report = observe_run(Doctor(), [broadcast_mse] * 3, predictions=p, targets=y)
    f = report["shape-mismatch"]
    assert f.severity == "error" and "(4, 4)" in f.evidence and "mse" in f.evidence


def test_shape_mismatch_is_found_after_the_broadcast_has_grown_the_parameters():
    """(n, 1) predictions against (n,) targets make an (n, n) error, a (2, n) 'gradient' and so a (2, n)
    theta: from the second observation on the predictions are (n, n) themselves and only the first
    observation shows the mismatch. It is still the bug."""
    x = np.c_[np.ones(5), np.arange(5.0)]
    y = 1 + 2 * x[:, 1]
    theta, d = np.array([[0.5], [0.5]]), Doctor()
    for epoch in range(4):
        predictions = x @ theta
        loss = float(np.mean((predictions - y) ** 2))
        grad = x.T @ (predictions - y) / len(y)
        theta = theta - 0.01 * grad
        d.observe(epoch=epoch, loss=loss, params={"theta": theta}, grads={"theta": grad}, predictions=predictions,
                  targets=y)
    assert theta.shape == (2, 5)
    f = d.report()["shape-mismatch"]
    assert "(5, 1)" in f.evidence and "(5,)" in f.evidence and f.since_epoch == 0


def test_matching_shapes_after_a_fixed_reshape_are_no_shape_mismatch():
    y = np.arange(4.0)
    report = observe_run(Doctor(), [1.0, 0.5, 0.25], predictions=y.reshape(4, 1) * 0.9, targets=y.reshape(4, 1))
    assert "shape-mismatch" not in report.codes


def test_weights_not_updating_when_the_update_goes_to_a_copy():
    W, dW = np.ones((3, 2)), np.full((3, 2), 0.5)
    d = Doctor()
    for epoch in range(1, 6):
        W_copy = W.copy()
        W_copy -= 0.1 * dW          # the bug: the network keeps reading W
        d.observe(epoch=epoch, loss=1.0, params={"W": W}, grads={"dW": dW})
    f = d.report()["weights-not-updating"]
    assert f.where == "W" and f.severity == "error"  # the loss never moved from where it started


def test_gradient_scale_when_loss_falls_ten_times_less_than_promised():
    # f(w) = 0.5 * ||w||^2, true gradient w; the "gradient" given is 10 w (summed instead of averaged).
    w, lr, d = np.array([1.0, -2.0, 0.5]), 1e-5, Doctor()
    for epoch in range(1, 20):
        loss, g = 0.5 * float(w @ w), 10 * w
        w = w - lr * g
        d.observe(epoch=epoch, loss=loss, params={"w": w}, grads={"w": g}, lr=lr)
    report = d.report()
    assert "gradient-mismatch" not in report
    assert report["gradient-scale"].title == "your gradients are about 10x the true gradient"


def test_no_gradient_mismatch_with_the_true_gradient():
    w, lr, d = np.array([1.0, -2.0, 0.5]), 0.01, Doctor()
    for epoch in range(1, 20):
        loss, g = 0.5 * float(w @ w), w.copy()
        w = w - lr * g
        d.observe(epoch=epoch, loss=loss, params={"w": w}, grads={"w": g}, lr=lr)
    assert "gradient-mismatch" not in d.report()


def test_gradient_mismatch_confirmed_by_gradcheck_when_loss_fn_given():
    pytest.importorskip("scratchnn.gradchecker")
    X = np.random.default_rng(0).standard_normal((8, 3))
    y = X @ np.array([1.0, 2.0, -1.0])
    loss_fn = lambda P: float(np.mean((X @ P["w"] - y) ** 2))
    w, d = np.zeros(3), Doctor(loss_fn=loss_fn)
    for epoch in range(1, 4):
        g = 2 * X.T @ (X @ w - y)               # missing / m
        d.observe(epoch=epoch, loss=loss_fn({"w": w}), params={"w": w}, grads={"w": g})
        w = w - 0.001 * g
    report = d.report()
    f = report["gradient-scale"]
    assert f.severity == "error" and "loss_fn" in f.evidence and f.title.startswith("your gradients are 8.0x")
    assert "= m (the 8 samples): missing 1/m" in f.title
    assert report.findings[0] is f


def test_output_activation_mismatch_sigmoid_cannot_reach_targets_above_one():
    rng = np.random.default_rng(0)
    y = rng.uniform(0, 5, (10, 1))
    z = rng.standard_normal((10, 1))
    a = 1 / (1 + np.exp(-z))
    report = observe_run(Doctor(), [3.0, 2.9, 2.8], activations={"out": a}, activation_kinds={"out": "sigmoid"},
                         predictions=a, targets=y)
    f = report["output-activation-mismatch"]
    assert f.severity == "error" and f.where == "out" and "sigmoid" in f.title


def test_symmetric_units_found_from_identical_columns():
    x = np.random.default_rng(0).standard_normal((6, 2))
    W = np.full((2, 4), 0.3)                   # constant init: all 4 units identical
    a = np.tanh(x @ W)
    y = x[:, :1]
    report = observe_run(Doctor(), [float(np.mean(y ** 2))] * 4, activations={"h": a},
                         activation_kinds={"h": "tanh"}, params={"W": W}, targets=y, predictions=np.zeros((6, 1)))
    found = [f for f in report.findings if f.code == "symmetric-units"]
    assert any("3 of 4 units in h" in f.evidence for f in found)
    assert any("start at 0.3" in f.title for f in found)


def test_dead_relu_is_only_info_when_the_run_learns():
    # A converging run (loss falls to 1% of the constant baseline) with 2 of 8 ReLUs silent.
    rng = np.random.default_rng(0)
    y = rng.standard_normal((20, 1))
    z = rng.standard_normal((20, 8))
    z[:, :2] = -1.0
    base = float(np.mean((y - y.mean()) ** 2))
    d = Doctor()
    for epoch, frac in enumerate(np.geomspace(1.0, 0.01, 10), 1):
        p = y * (1 - np.sqrt(frac))
        d.observe(epoch=epoch, loss=float(np.mean((p - y) ** 2)), preactivations={"h": z},
                  activation_kinds={"h": "relu"}, predictions=p, targets=y)
    report = d.report()
    assert report["dead-relu"].severity == "info" and "2 of 8 units of layer 'h'" in report["dead-relu"].evidence
    assert report.codes == []


def test_non_finite_reports_the_first_epoch_and_where():
    W = np.ones((2, 2))
    d = Doctor()
    d.observe(epoch=1, loss=1.0, params={"W": W})
    d.observe(epoch=2, loss=float("nan"), params={"W": W * np.nan})
    f = d.report()["non-finite"]
    assert f.since_epoch == 2 and "loss" in f.evidence and "params['W']" in f.evidence


def test_unscaled_inputs_quiet_below_twenty_and_reported_above():
    x_small = np.random.default_rng(0).uniform(0, 5, (10, 3))
    assert "unscaled-inputs" not in observe_run(Doctor(), [1.0, 0.5, 0.1], inputs=x_small)
    report = observe_run(Doctor(), [1.0, 0.5, 0.1], inputs=x_small * 50)
    assert report["unscaled-inputs"].severity == "info"  # the run learns: worth knowing, not a warning


def test_observe_keeps_no_reference_to_live_buffers():
    W = np.ones((3, 3))
    a = np.ones((4, 3))
    d = Doctor()
    d.observe(loss=1.0, params={"W": W}, activations={"h": a}, activation_kinds={"h": "relu"})
    W[...] = 7.0
    a[...] = -1.0
    d.observe(loss=1.0, params={"W": W}, activations={"h": a}, activation_kinds={"h": "relu"})
    first, second = d.records
    assert first.params["W"].norm == pytest.approx(3.0) and second.params["W"].norm == pytest.approx(21.0)
    assert first.layers["h"]["silent"] == 0 and second.layers["h"]["silent"] == 3


def test_observe_does_not_modify_the_arrays():
    arrays = {"W": np.random.default_rng(0).standard_normal((3, 2)), "a": np.random.default_rng(1).standard_normal((5, 2))}
    before = {k: v.copy() for k, v in arrays.items()}
    d = Doctor()
    for epoch in range(3):
        d.observe(loss=1.0, params={"W": arrays["W"]}, grads={"dW": arrays["W"]},
                  activations={"h": arrays["a"]}, activation_kinds={"h": "sigmoid"})
    d.report()
    assert all(np.array_equal(arrays[k], before[k]) for k in arrays)


def _noisy(level_of_epoch, n=60, noise=0.1, seed=0):
    """Losses of per-sample SGD: level_of_epoch(e) times a +-10% noise."""
    rng = np.random.default_rng(seed)
    return [level_of_epoch(e) * (1 + noise * rng.uniform(-1, 1)) for e in range(n)]


def test_a_noisy_loss_that_stopped_falling_is_a_plateau():
    # Falls from 1.0 to 0.7 in 20 epochs, then goes up and down around 0.7 (above half of the first loss).
    losses = _noisy(lambda e: max(1.0 - 0.015 * e, 0.7))
    report = observe_run(Doctor(), losses)
    f = report["loss-plateau"]
    assert f.severity == "warning" and "without falling" in f.evidence and f.since_epoch == 31


def test_a_noisy_loss_that_keeps_falling_is_no_plateau():
    losses = _noisy(lambda e: 1.0 - 0.008 * e)          # falls about 12% over the last half, under the noise
    assert "loss-plateau" not in observe_run(Doctor(), losses).codes


def test_a_noisy_loss_that_stalled_far_below_the_start_is_no_plateau():
    losses = _noisy(lambda e: max(1.0 - 0.05 * e, 0.2))  # stalled at 0.2: a run that learned (the gate)
    assert "loss-plateau" not in observe_run(Doctor(), losses).codes


def test_one_sample_whose_input_is_zero_is_no_vanishing_gradient():
    """Per-sample SGD: dW1 = delta @ x.T is exactly 0 on the sample x = 0; the observations before show
    gradients that reach W1, so nothing vanished."""
    W1, W2, d = np.ones((2, 2)), np.ones((1, 2)), Doctor()
    for epoch in range(1, 6):
        dW1 = np.zeros((2, 2)) if epoch == 5 else np.full((2, 2), 0.05)
        d.observe(epoch=epoch, loss=1.0, params={"W1": W1, "W2": W2}, grads={"dW1": dW1, "dW2": np.full((1, 2), 0.05)})
    assert "vanishing-gradients" not in d.report().codes
    d.observe(epoch=6, loss=1.0, params={"W1": W1, "W2": W2}, grads={"dW1": np.zeros((2, 2)), "dW2": np.full((1, 2), 0.05)})
    d.observe(epoch=7, loss=1.0, params={"W1": W1, "W2": W2}, grads={"dW1": np.zeros((2, 2)), "dW2": np.full((1, 2), 0.05)})
    assert d.report()["vanishing-gradients"].where == "W1"     # three observations in a row: it has


@pytest.mark.parametrize("name", ["b_o", "b_h", "bias_out", "b_hidden"])
def test_biases_named_with_a_suffix_are_not_judged_as_weights(name):
    """A (1, 1) output bias that moves by more than its own size is no lr-too-high (it starts near 0)."""
    d = Doctor()
    for epoch in range(1, 8):
        d.observe(epoch=epoch, loss=1.0, params={"W_ho": np.ones((1, 2)) * (1 + 1e-3 * epoch),
                                                 name: np.array([[0.01 * (-3.0) ** epoch]])})
    assert "lr-too-high" not in d.report().codes


def test_features_of_very_different_scales_are_a_warning_even_when_the_loss_falls():
    """Population in thousands next to a ratio near 1 (California housing): a learning rate small enough
    for the first feature barely moves the second's weight; the loss falls, far too slowly."""
    rng = np.random.default_rng(4)
    x = np.c_[rng.uniform(100, 8000, 50), rng.uniform(0.5, 2.0, 50)]
    report = observe_run(Doctor(), [4.0 * 0.99 ** e for e in range(30)], inputs=x)
    f = report["unscaled-inputs"]
    assert f.severity == "warning" and "differ by" in f.evidence


def test_features_of_very_different_scales_stay_info_when_the_run_classifies_well():
    """A rate near 1 beside word counts in the thousands (a sentiment lab's logistic regression): the spread is
    1000x, but predictions that classify 96% of the samples right are a run that learns. (A bias column of
    ones is no feature: test_round8_9_reading.py.)"""
    rng = np.random.default_rng(4)
    x = np.c_[rng.uniform(0.5, 2.0, 50), rng.uniform(100, 8000, (50, 2))]
    y = (np.arange(50) % 2).reshape(-1, 1).astype(float)
    right = np.where(y == 1, 0.8, 0.2)
    p = right.copy()
    p[:2] = 1 - p[:2]                                          # 2 of 50 wrong: 96% right
    losses = [0.69 * 0.97 ** e for e in range(30)]
    report = observe_run(Doctor(), losses, inputs=x, targets=y, predictions=p)
    assert report["unscaled-inputs"].severity == "info"
    p[:5] = 1 - p[:5]                                          # 10% wrong: the spread is a warning again
    report = observe_run(Doctor(), losses, inputs=x, targets=y, predictions=p)
    assert report["unscaled-inputs"].severity == "warning"


def test_large_inputs_of_one_scale_stay_info_in_a_run_that_learns():
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 255, (50, 6))                           # raw pixels: large, but all one scale
    report = observe_run(Doctor(), [4.0 * 0.8 ** e for e in range(30)], inputs=x)
    assert report["unscaled-inputs"].severity == "info"


def _one_layer_xor_run(wrong_direction=False, epochs=300, lr=0.5):
    """Logistic regression on XOR-like data (not linearly separable), full-batch gradient descent."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(80, 2))
    y = ((x[:, :1] * x[:, 1:] > 0) ^ (x[:, :1] > 1.2)).astype(float)
    W, b, d = rng.normal(size=(2, 1)) * 0.5, np.zeros((1, 1)), Doctor()
    for epoch in range(epochs):
        p = 1 / (1 + np.exp(-(x @ W + b)))
        loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
        dW, db = x.T @ (p - y) / len(x), np.mean(p - y, keepdims=True)
        if wrong_direction:
            dW = dW + 0.02                          # a stray term: g = 0 where the true gradient is not
        d.observe(epoch=epoch, loss=loss, params={"W": W, "b": b}, grads={"dW": dW, "db": db}, lr=lr,
                  predictions=p, targets=y)
        W, b = W - lr * dW, b - lr * db
    return d.report()


def test_a_converged_one_layer_model_has_a_flat_loss_but_no_warning():
    report = _one_layer_xor_run()
    assert report.failing, "the loss stays above half of the best constant's: a plateau by the gate"
    f = report["loss-plateau"]
    assert f.severity == "info" and "converged" in f.title
    assert report.codes == []


def test_a_one_layer_model_stuck_on_a_wrong_gradient_keeps_its_plateau_warning():
    """The loop stops where its wrong gradient is 0, not the true one: near there the loss changes by
    anything but what the gradients promise, so the doctor does not call it converged."""
    report = _one_layer_xor_run(wrong_direction=True)
    assert "loss-plateau" in report.codes, report


def _flat_after_a_fall(gradient_size, epochs=14):
    """The loss falls from 10 to 0.4 and then stays exactly there, far below its start (no failing gate), while
    the weights keep taking plain steps -0.1 g along gradients of size ``gradient_size``."""
    d, W = Doctor(check_gradients=False), np.ones((4, 3))
    direction = np.full((4, 3), 1 / np.sqrt(12))
    for epoch in range(epochs):
        g = gradient_size * direction
        W = W - 0.1 * g
        loss = [10.0, 5.0, 2.0, 1.0][epoch] if epoch < 4 else 0.4
        d.observe(epoch=epoch, loss=loss, params={"W": W}, grads={"dW": g}, lr=0.1)
    return d.report()


def test_a_flat_loss_under_steps_that_promise_large_falls_is_a_plateau_whatever_its_level():
    report = _flat_after_a_fall(5.0)     # each step promises a fall of 0.1 * 25 = 2.5, six times the loss
    assert not report.failing
    assert report["loss-plateau"].severity == "warning"


def test_a_flat_loss_under_vanishing_steps_is_convergence():
    report = _flat_after_a_fall(1e-4)    # promises of 1e-9: the loss has settled
    assert "loss-plateau" not in report and "gradient-mismatch" not in report


def test_a_negative_loss_that_never_moves_is_a_failing_run():
    """A log-likelihood logged without its minus sign: -1.2 at every step is stuck, not below its start."""
    report = observe_run(Doctor(), [-1.2052] * 12)
    assert report.failing and report["loss-plateau"].severity == "warning"


def test_a_negative_loss_that_rises_a_little_is_not_rising_twofold():
    losses = [-1.0, -1.5, -1.8, -2.0, -1.95, -1.9, -1.92, -1.9]   # fell to -2, ends 5% above it
    assert "loss-diverging" not in observe_run(Doctor(), losses)


def test_a_failing_loss_that_creeps_down_a_few_percent_over_its_last_half_is_a_plateau():
    # Still above 0.9x its first loss (failing by the gate) and falling 1.5% over the last half: a stall.
    creeping = [1.0, 0.99] + [0.98 - 0.0003 * e for e in range(98)]
    assert observe_run(Doctor(), creeping)["loss-plateau"].severity == "warning"
    # The same creep far below the start is a run that learned: no plateau (the gate decides first).
    learned = [4.0, 2.0] + [0.98 - 0.0003 * e for e in range(98)]
    assert "loss-plateau" not in observe_run(Doctor(), learned)


def _single_column_softmax(targets, lr=0.1):
    """A 1-3-1 net whose output is a softmax over its one column: exactly 1 for every x, whatever the weights."""
    x = np.linspace(0, 9.9, 40).reshape(-1, 1)
    rng = np.random.default_rng(0)
    w1, w2 = rng.standard_normal((1, 3)), rng.standard_normal((3, 1))
    d = Doctor(check_gradients=False)
    for epoch in range(6):
        z = np.maximum(x @ w1, 0) @ w2
        out = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        d.observe(epoch=epoch, loss=float(np.mean((out - targets) ** 2)), params={"w1": w1, "w2": w2},
                  predictions=out, targets=targets)
        w1, w2 = w1 - lr * rng.standard_normal((1, 3)), w2 - lr * rng.standard_normal((3, 1))
    return d.report()


def test_predictions_exactly_1_for_targets_from_minus_1_to_1_are_an_output_that_cannot_reach_them():
    x = np.linspace(0, 9.9, 40).reshape(-1, 1)
    assert _single_column_softmax(np.sin(x))["output-activation-mismatch"].where == "predictions"
    assert "output-activation-mismatch" not in _single_column_softmax((np.sin(x) > 0).astype(float))  # 0/1 targets
    assert "output-activation-mismatch" not in _single_column_softmax(np.sin(x), lr=0.0)  # nothing moved
