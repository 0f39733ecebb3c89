"""How the doctor reads loops as learners write them (cases from the held-out real corpus, made small):
guarded cross-entropies, per-sample summed squared errors, autoencoders that pass X as targets,
observe() every k steps, weights kept as single numbers, and sigmoid outputs passed only as predictions."""
import numpy as np

from scratchnn.doctor import Doctor
from scratchnn.doctor.losses import formula_values
from scratchnn.doctor.rebuild_network import NotRebuilt, layers_of


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_a_cross_entropy_guarded_with_log_p_plus_1e_10_is_recognised():
    p, y = np.array([[0.0], [1.0], [0.3]]), np.array([[1.0], [1.0], [0.0]])
    loss = float(-np.mean(y * np.log(p + 1e-10) + (1 - y) * np.log(1 - p + 1e-10)))   # log(1e-10) = -23.03
    assert abs(formula_values(p, y, ["bce"], loss)["bce"] - loss) < 1e-12
    assert abs(formula_values(p, y, ["bce"])["bce"] - loss) > 1.0      # the plain form clips at 1e-12: -27.6


def test_the_squared_error_summed_over_outputs_and_halved_per_sample_is_recognised():
    p, y = np.arange(6.0).reshape(3, 2), np.ones((3, 2))
    values = formula_values(p, y)
    # squared errors 1, 0, 1, 4, 9, 16: 31 over 3 samples
    assert np.isclose(values["sse_per_sample"], 31 / 3) and np.isclose(values["half_sse_per_sample"], 31 / 6)


def test_weights_named_w11_w12_read_as_the_entries_of_layer_1_not_layers_11_and_12():
    params = {n: np.array(0.0) for n in ("w11", "w12", "b1", "w2", "b2")}
    try:
        layers_of(params)
        raise AssertionError("single numbers were rebuilt")
    except NotRebuilt as why:
        assert "w11, w12 with b1; w2 with b2" in str(why) and "np.array([[w11], [w12]])" in str(why)
    ordinary = layers_of({n: np.ones((2, 2)) for n in ("W1", "b1", "W2", "b2")})
    assert [(layer.weight, layer.bias) for layer in ordinary] == [("W1", "b1"), ("W2", "b2")]


def _autoencoder_loop(backward_right, steps=30):
    """A 4-2-4 sigmoid autoencoder by full-batch descent, observing (loss, params, grads, predictions,
    targets = the inputs) before each update, never inputs=."""
    rng = np.random.default_rng(0)
    X = rng.uniform(0.1, 0.9, (8, 4))
    p = {"W1": rng.normal(0, 0.5, (4, 2)), "W2": rng.normal(0, 0.5, (2, 4))}
    d = Doctor()
    for epoch in range(steps):
        h = sigmoid(X @ p["W1"])
        out = sigmoid(h @ p["W2"])
        d_out = (out - X) * out * (1 - out) / len(X)
        d_h = (d_out @ p["W2"].T) * (h * (1 - h) if backward_right else 1.0)   # the bug: no sigmoid derivative
        g = {"W1": X.T @ d_h, "W2": h.T @ d_out}
        d.observe(epoch=epoch, loss=float(np.sum((out - X) ** 2) / (2 * len(X))), params=p, grads=g,
                  predictions=out, targets=X, lr=0.5)
        p = {k: p[k] - 0.5 * g[k] for k in p}
    return d.report()


def test_an_autoencoder_that_passes_x_only_as_targets_has_its_gradients_checked():
    wrong, right = _autoencoder_loop(False), _autoencoder_loop(True)
    assert "as an autoencoder's inputs" in str(wrong) and "gradient-mismatch" in wrong
    assert "as an autoencoder's inputs" in str(right) and "gradient-mismatch" not in right


def test_a_change_made_of_several_steps_between_observations_is_not_called_one_huge_step():
    """Minibatch steps that carry W from +1 to -1 and back each epoch, observed once per epoch with the last
    minibatch's gradient (a small one, in another direction) and no lr: the change over the epoch (2x the
    weights) is many small steps, not one step along that gradient, and says nothing about one step's size."""
    rng = np.random.default_rng(1)
    w, d = np.ones((5, 4)), Doctor(check_gradients=False)
    for epoch in range(12):
        target = (-1.0) ** (epoch + 1) * np.ones((5, 4))
        for k in range(19):
            g = (w - target) / (0.3 * (19 - k))       # 19 small steps of lr 0.3 that end at the target
            w = w - 0.3 * g
        g = rng.normal(0, 0.01, (5, 4))               # the last minibatch
        w = w - 0.3 * g
        d.observe(epoch=epoch, loss=1.0, params={"W": w}, grads={"dW": g})
    assert "lr-too-high" not in d.report()


def test_scalar_weights_are_judged_without_their_biases():
    """w (a single number) moves slowly; b swings around 0: a bias's relative step says nothing."""
    d = Doctor(check_gradients=False)
    for epoch in range(10):
        w, b = np.array(2.0 - 0.001 * epoch), np.array(0.001 * (-1) ** epoch)
        d.observe(epoch=epoch, loss=1.0, params={"w": w, "b": b}, grads={"w": np.array(0.01), "b": np.array(0.5)})
    report = d.report()
    assert "lr-too-high" not in report and "exploding-gradients" not in report


def _sigmoid_mse_run(z_scale):
    y = np.tile([[1.0, 0.0]], (10, 1))
    d = Doctor(check_gradients=False)
    for epoch in range(8):
        p = sigmoid(z_scale * np.tile([[-1.0, 1.0]], (10, 1)) + 0.01 * epoch)   # confidently wrong when scaled
        d.observe(epoch=epoch, loss=float(np.mean((p - y) ** 2)), predictions=p, targets=y)
    return d.report()


def test_sigmoid_outputs_passed_only_as_predictions_are_judged_saturated_when_the_run_fails():
    assert "saturated-activation" in _sigmoid_mse_run(12.0)
    assert "saturated-activation" not in _sigmoid_mse_run(0.5)
