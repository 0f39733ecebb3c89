"""What the held-out round 6 of the real corpus taught the doctor (each case made small, our own loops):

* a gradient summed over the m samples of a mean loss is named (m x, "missing 1/m") even when the loop
  observes only every k-th step, where the one-step pairing the gradient check needs cannot be confirmed;
* a rebuilt forward pass names the output activation, so a sigmoid output pinned at exactly 1 cannot reach
  targets in the thousands (and is saturated), although no observed layer is the output;
* a one-layer sigmoid model whose output cannot reach its target has not "converged": its plateau is a symptom;
* a ReLU on the output layer that predicts 0 for every sample is a dead ReLU, seen through the rebuild.
"""
import numpy as np

from scratchnn.doctor import Doctor


def sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -700, 700)))


def _codes(report, severity=("warning", "error")):
    return {f.code: f for f in report.findings if f.severity in severity}


# ---------------------------------------------------------------- a gradient summed over the samples
def _logistic(summed=True, every=10, iterations=400, batch=None, lr=0.01):
    """Logistic regression (3 features, 60 samples, no bias) on noisy labels, the mean cross-entropy
    observed every ``every``-th iteration with the gradient the loop applies: summed over the samples or averaged.
    ``batch``: minibatch steps, observing the full data's loss and predictions with the last batch's gradient."""
    rng = np.random.default_rng(4)
    x = rng.normal(size=(60, 3))
    y = (x @ np.array([1.5, -2.0, 0.5]) + 1.5 * rng.normal(size=60) > 0).astype(float)
    w = rng.uniform(-0.5, 0.5, 3)
    d = Doctor()
    for i in range(iterations):
        rows = slice(None) if batch is None else slice((i * batch) % 60, (i * batch) % 60 + batch)
        xb, yb = x[rows], y[rows]
        grad = (sigmoid(xb @ w) - yb) @ xb
        grad = grad if summed else grad / len(xb)
        if i % every == 0:
            p = sigmoid(x @ w)
            loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
            d.observe(epoch=i, loss=loss, params={"w": w}, grads={"dw": grad}, lr=lr, inputs=x, targets=y,
                      predictions=p)
        w = w - lr * grad
    return d.report()


def test_a_summed_gradient_observed_every_tenth_step_is_named_m_times_the_true_one():
    report = _logistic(summed=True)
    found = _codes(report)
    assert "gradient-scale" in found, report
    assert "= m (the 60 samples): missing 1/m" in found["gradient-scale"].title
    assert not report.failing and found["gradient-scale"].severity == "warning"   # it learns: never an error


def test_an_averaged_gradient_observed_every_tenth_step_is_not_accused_and_found_right():
    """It equals the whole data's gradient where the predictions were computed: right, whatever came between."""
    report = _logistic(summed=False)
    assert not {"gradient-scale", "gradient-mismatch"} & set(_codes(report, ("info", "warning", "error"))), report
    assert report.gradients.endswith(": all right"), report.gradients


def test_the_last_minibatch_gradient_summed_over_its_batch_is_not_called_m_times():
    """Batches of 15 of the 60 samples, observed with the full data: the gradient is no multiple of the full
    data's gradient, so nothing is said about it."""
    report = _logistic(summed=True, every=4, batch=15)
    assert not {"gradient-scale", "gradient-mismatch"} & set(_codes(report, ("info", "warning", "error"))), report


# ---------------------------------------------------------------- the output activation of a rebuild
def _regression(output, targets_scale=500.0, epochs=60, lr=0.01):
    """A 3-4-1 tanh net on 24 samples, targets around ``targets_scale``, half mean squared error; the output is a
    sigmoid whose bias starts at 40 (outputs exactly 1.0) or a linear unit. Only the hidden layer's kind is said."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(24, 3))
    y = targets_scale * (1 + 0.2 * x[:, :1])
    p = {"W1": rng.normal(0, 0.5, (3, 4)), "b1": np.zeros(4), "W2": rng.normal(0, 0.5, (4, 1)),
         "b2": np.full(1, 40.0 if output == "sigmoid" else 0.0)}
    d = Doctor()
    for epoch in range(epochs):
        h = np.tanh(x @ p["W1"] + p["b1"])
        z = h @ p["W2"] + p["b2"]
        out = sigmoid(z) if output == "sigmoid" else z
        loss = float(0.5 * np.mean((out - y) ** 2))
        dz = (out - y) / len(x) * (out * (1 - out) if output == "sigmoid" else 1)
        dh = dz @ p["W2"].T * (1 - h ** 2)
        g = {"dW1": x.T @ dh, "db1": dh.sum(0), "dW2": h.T @ dz, "db2": dz.sum(0)}
        d.observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=x, targets=y, predictions=out,
                  activations={"hidden": h}, activation_kinds={"hidden": "tanh"})
        p = {k: p[k] - lr * g["d" + k] for k in p}
    return d.report()


def test_a_rebuilt_sigmoid_output_pinned_at_one_cannot_reach_targets_in_the_hundreds():
    report = _regression("sigmoid")
    found = _codes(report)
    assert found["output-activation-mismatch"].severity == "error", report
    assert "rebuilt forward pass" in found["output-activation-mismatch"].evidence
    assert "sigmoid" in found["output-activation-mismatch"].title
    assert "saturated-activation" in found, report


def test_a_linear_output_on_the_same_targets_is_no_mismatch():
    report = _regression("linear", targets_scale=5.0, epochs=400, lr=0.1)
    assert not report.failing, report
    assert "output-activation-mismatch" not in _codes(report, ("info", "warning", "error")), report


def test_a_sigmoid_output_on_0_1_targets_is_no_mismatch():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(40, 2))
    y = (x[:, :1] > 0).astype(float)
    w, b = rng.normal(size=(2, 1)), np.zeros(1)
    d = Doctor()
    for epoch in range(200):
        out = sigmoid(x @ w + b)
        loss = float(-np.mean(y * np.log(out) + (1 - y) * np.log(1 - out)))
        dz = (out - y) / len(x)
        d.observe(epoch=epoch, loss=loss, params={"W": w, "b": b}, grads={"dW": x.T @ dz, "db": dz.sum(0)}, lr=1.0,
                  inputs=x, targets=y, predictions=out)
        w, b = w - x.T @ dz, b - dz.sum(0)
    report = d.report()
    assert not {"output-activation-mismatch", "saturated-activation"} & set(_codes(report, ("info", "warning", "error")))


# ---------------------------------------------------------------- a one-unit sigmoid model and its target
def _one_weight(target, iterations=600, x=2.0):
    """One input, one weight, no bias, a sigmoid, cost (y - p)^2 / 2, observed every 5th iteration."""
    w, d = 0.1, Doctor()
    for i in range(iterations):
        p = float(sigmoid(x * w))
        grad = -(target - p) * p * (1 - p) * x
        if i % 5 == 0:
            d.observe(epoch=i, loss=0.5 * (target - p) ** 2, params={"w": w}, grads={"dw": grad}, lr=2.0,
                      inputs=np.array([[x]]), targets=np.array([[target]]), predictions=np.array([[p]]))
        w -= 2.0 * grad
    return d.report()


def test_a_sigmoid_unit_chasing_a_target_of_three_plateaus_saturated_not_converged():
    found = _codes(_one_weight(3.0))
    assert {"output-activation-mismatch", "saturated-activation", "loss-plateau"} <= set(found), found
    assert "converged" not in found["loss-plateau"].title


def test_a_sigmoid_unit_with_a_reachable_target_has_no_symptom():
    report = _one_weight(0.8)
    assert not _codes(report), report


# ---------------------------------------------------------------- a dead ReLU on the output layer
def _relu_output(out_bias, epochs=40, lr=0.01):
    """A 1-3-1 network with ReLU on both layers fitting y = 2x + 3 on x in [0, 4]; the output bias starts at
    ``out_bias`` (-20: the output pre-activation is negative for every sample)."""
    rng = np.random.default_rng(1)
    x = np.linspace(0, 4, 9)[:, None]
    y = 2 * x + 3
    p = {"W1": rng.uniform(0.2, 1.0, (1, 3)), "b1": np.full(3, 0.1), "W2": rng.uniform(0.2, 1.0, (3, 1)),
         "b2": np.full(1, out_bias)}
    d = Doctor()
    for epoch in range(epochs):
        z1 = x @ p["W1"] + p["b1"]
        h = np.maximum(z1, 0)
        z2 = h @ p["W2"] + p["b2"]
        out = np.maximum(z2, 0)
        loss = float(np.mean((out - y) ** 2))
        dz2 = 2 * (out - y) / len(x) * (z2 > 0)
        dz1 = dz2 @ p["W2"].T * (z1 > 0)
        g = {"dW1": x.T @ dz1, "db1": dz1.sum(0), "dW2": h.T @ dz2, "db2": dz2.sum(0)}
        d.observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=x, targets=y, predictions=out)
        p = {k: p[k] - lr * g["d" + k] for k in p}
    return d.report()


def test_a_relu_output_that_predicts_zero_for_every_sample_is_a_dead_relu():
    found = _codes(_relu_output(-20.0))
    assert found["dead-relu"].title == "the output ReLU is dead", found
    assert "linear output" in found["dead-relu"].fix


def test_a_live_relu_output_is_not_dead():
    report = _relu_output(1.0, epochs=300)
    assert not report.failing, report
    assert "dead-relu" not in _codes(report, ("info", "warning", "error")), report


# ---------------------------------------------------------------- a negative factor is a wrong direction
def _two_layer(dw1_factor, epochs=30, lr=0.5):
    """A 2-6-1 tanh / linear regression, one plain step per observation, dW1 multiplied by ``dw1_factor``."""
    rng = np.random.default_rng(7)
    x = rng.normal(size=(32, 2))
    y = np.sin(x[:, :1]) + 0.5 * x[:, 1:]
    p = {"W1": rng.normal(0, 0.8, (2, 6)), "b1": np.zeros(6), "W2": rng.normal(0, 0.5, (6, 1)), "b2": np.zeros(1)}
    d = Doctor()
    for epoch in range(epochs):
        h = np.tanh(x @ p["W1"] + p["b1"])
        out = h @ p["W2"] + p["b2"]
        loss = float(np.mean((out - y) ** 2))
        dz = 2 * (out - y) / len(x)
        dh = dz @ p["W2"].T * (1 - h ** 2)
        g = {"dW1": dw1_factor * (x.T @ dh), "db1": dh.sum(0), "dW2": h.T @ dz, "db2": dz.sum(0)}
        d.observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=x, targets=y, predictions=out)
        p = {k: p[k] - lr * g["d" + k] for k in p}
    return d.report()


def test_a_gradient_that_is_minus_half_the_true_one_is_a_wrong_direction_not_a_scale():
    codes = set(_codes(_two_layer(-0.5), ("info", "warning", "error")))
    assert "gradient-mismatch" in codes and "gradient-scale" not in codes, codes


def test_a_gradient_that_is_twice_the_true_one_is_still_a_scale():
    codes = set(_codes(_two_layer(2.0), ("info", "warning", "error")))
    assert "gradient-scale" in codes and "gradient-mismatch" not in codes, codes


def test_every_reading_of_a_small_network_is_checked_but_a_large_one_keeps_the_usual_limit():
    from types import SimpleNamespace

    from scratchnn.doctor.rebuild import MAX_CHECKS, MAX_SMALL_CHECKS, checks_allowed
    from scratchnn.doctor.rebuild_network import networks

    def reading(n, d, h):
        params = {"W1": np.zeros((d, h)), "b1": np.zeros(h), "W2": np.zeros((h, 10)), "b2": np.zeros(10)}
        return SimpleNamespace(params=params, net=networks(params)[0], x=np.zeros((n, d)))

    assert checks_allowed([reading(4, 2, 3)]) == MAX_SMALL_CHECKS
    assert checks_allowed([reading(1000, 784, 128)]) == MAX_CHECKS
