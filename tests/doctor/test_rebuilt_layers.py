"""Layer symptoms in loops that pass no hidden activations, seen through the rebuilt forward pass (and one from
the observed gradients and learning rate alone):

* at least half of a ReLU layer dead on every one of 30+ observed samples, with the loop's own gradient into
  those units exactly 0, is a dead-relu warning in a failing run (on fewer samples it is not said);
* a whole ReLU layer below 0 on every sample is dead whatever the loop's gradient into it (a missing ReLU
  derivative), and readings that reproduce the predictions but not the logged loss (a term the doctor cannot
  see) show dead layers too;
* an output layer that is exactly 0 for every sample is a dead ReLU also when a sigmoid reading (rounded to 0)
  reproduces the observation as closely;
* a hidden sigmoid or tanh layer that every reading puts 90%+ in its tails is saturated-activation;
* weights that learn 100x slower than others and move by less than 1e-6 of their size per step have vanishing
  gradients (at a learning rate that moves them, they do not).
"""
import numpy as np

from scratchnn.doctor import Doctor


def _codes(report, severity=("warning", "error")):
    return {f.code: f for f in report.findings if f.severity in severity}


def _two_layer(hidden, W1, b1, W2, b2, X, y, epochs=20, lr=1e-4, output="linear", relu_derivative=True,
               loss_offset=0.0, frozen=()):
    """A full-batch regression loop (mean squared error, x @ W + b) with a ``hidden`` ("relu" / "tanh") layer and
    a linear or ReLU ``output``, observed before each update without its activations. ``relu_derivative=False``
    leaves the hidden ReLU's derivative out of the backward pass; ``loss_offset`` is added to the logged loss (a
    term the doctor cannot see); ``frozen`` parameters are observed but never updated."""
    p = {"W1": W1.copy(), "b1": b1.copy(), "W2": W2.copy(), "b2": b2.copy()}
    d = Doctor()
    with np.errstate(all="ignore"):
        for epoch in range(epochs):
            z1 = X @ p["W1"] + p["b1"]
            h = np.maximum(z1, 0) if hidden == "relu" else np.tanh(z1)
            z2 = h @ p["W2"] + p["b2"]
            out = np.maximum(z2, 0) if output == "relu" else z2
            loss = float(np.mean((out - y) ** 2)) + loss_offset
            dz2 = 2 * (out - y) / len(X) * ((z2 > 0) if output == "relu" else 1)
            dh = dz2 @ p["W2"].T
            dz1 = dh * ((z1 > 0) if relu_derivative else 1) if hidden == "relu" else dh * (1 - h ** 2)
            g = {"dW1": X.T @ dz1, "db1": dz1.sum(0), "dW2": h.T @ dz2, "db2": dz2.sum(0)}
            d.observe(epoch=epoch, loss=loss, params=p, grads=g, lr=lr, inputs=X, targets=y, predictions=out)
            p = {k: p[k] if k in frozen else p[k] - lr * g["d" + k] for k in p}
    return d.report()


# ---------------------------------------------------------------- part of a ReLU layer dead
def _half_dead(n_samples, dead=10):
    """4-16-1 ReLU regression whose first ``dead`` hidden units have bias -50 (z < 0 on every sample), targets
    around 3 and a learning rate too small to reach them: a failing run."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n_samples, 4))
    y = 3 + np.sin(X.sum(axis=1, keepdims=True))
    b1 = np.zeros(16)
    b1[:dead] = -50.0
    return _two_layer("relu", rng.normal(0, 0.5, (4, 16)), b1, rng.normal(0, 0.1, (16, 1)), np.zeros(1), X, y)


def test_half_a_relu_layer_dead_on_many_samples_is_a_warning():
    report = _half_dead(60)
    assert report.failing, report
    found = _codes(report)["dead-relu"]
    assert found.severity == "warning" and found.title == "10 of 16 ReLU units in the layer of W1 dead", found
    assert "rebuilt forward pass" in found.evidence and "60 observed samples" in found.evidence, found.evidence
    assert "z <= -4" in found.evidence, found.evidence   # the largest pre-activation of the dead units: about -48


def test_half_a_relu_layer_dead_on_few_samples_is_not_said():
    # 20 samples: a live unit can be silent on all of them by chance, and one observation is all the rebuild has.
    report = _half_dead(20)
    assert report.failing, report
    assert "dead-relu" not in _codes(report), report


def test_a_few_dead_relus_are_not_a_warning():
    report = _half_dead(60, dead=3)
    assert report.failing, report
    assert "dead-relu" not in _codes(report), report


# ---------------------------------------------------------------- a whole layer dead, whatever the loop's gradient
def _dead_layer(W1, b1, **loop):
    """4-6-1 ReLU regression on 40 samples with the given first layer (targets around 3: a failing run)."""
    rng = np.random.default_rng(4)
    X = rng.normal(size=(40, 4))
    y = 3 + np.sin(X[:, :1])
    return _two_layer("relu", W1, b1, rng.normal(0, 0.5, (6, 1)), np.zeros(1), X, y, **loop)


def test_a_whole_layer_below_zero_is_dead_although_the_loops_gradient_into_it_is_not_zero():
    rng = np.random.default_rng(6)
    report = _dead_layer(rng.normal(0, 0.5, (4, 6)), np.full(6, -50.0), relu_derivative=False)
    found = _codes(report)["dead-relu"]
    assert found.severity == "error" and found.title == "all 6 ReLU units in the layer of W1 dead", found
    assert "your gradient into them is not 0" in found.evidence, found.evidence


def test_a_whole_layer_at_exactly_zero_with_a_gradient_into_it_is_not_called_dead():
    # An all-zero first layer, frozen: z = 0 exactly, where a ReLU is no more dead than it is alive.
    report = _dead_layer(np.zeros((4, 6)), np.zeros(6), relu_derivative=False, frozen=("W1", "b1"))
    assert report.failing, report
    assert "dead-relu" not in _codes(report), report


def test_a_dead_layer_is_seen_when_the_logged_loss_has_a_term_the_doctor_cannot_see():
    rng = np.random.default_rng(6)
    report = _dead_layer(rng.normal(0, 0.5, (4, 6)), np.full(6, -50.0), loss_offset=0.37)
    assert "no usual loss" in report.gradients, report.gradients
    found = _codes(report)["dead-relu"]
    assert "reproduces the observed predictions)" in found.evidence, found.evidence
    assert "your gradient into them is exactly 0" in found.evidence, found.evidence


def test_a_live_layer_is_not_dead_when_the_logged_loss_has_a_term_the_doctor_cannot_see():
    rng = np.random.default_rng(6)
    report = _dead_layer(rng.normal(0, 0.5, (4, 6)), np.full(6, 0.5), loss_offset=0.37)
    assert "no usual loss" in report.gradients, report.gradients
    assert "dead-relu" not in _codes(report, ("info", "warning", "error")), report


# ---------------------------------------------------------------- an output exactly 0: ReLU or sigmoid rounded to 0
def _zero_output(out_bias):
    """A 2-8-3 ReLU / ReLU network whose output bias is ``out_bias``: -1000 puts every output pre-activation below
    -745, where a sigmoid would round to exactly 0 as well."""
    rng = np.random.default_rng(2)
    X = rng.uniform(0, 1, (40, 2))
    y = rng.uniform(1, 2, (40, 3))
    return _two_layer("relu", rng.uniform(0.1, 1, (2, 8)), np.full(8, 0.1), rng.uniform(0.1, 1, (8, 3)),
                      np.full(3, out_bias), X, y, output="relu")


def test_an_output_exactly_zero_under_a_relu_and_a_sigmoid_reading_is_a_dead_relu():
    found = _codes(_zero_output(-1000.0))["dead-relu"]
    assert found.severity == "error" and found.title == "all 3 ReLU units in the output layer of W2 dead", found
    assert "sigmoid, 0 there too (a sigmoid: below 1e-12)" in found.evidence, found.evidence


def test_a_live_relu_output_is_not_dead():
    report = _zero_output(0.5)
    assert "dead-relu" not in _codes(report, ("info", "warning", "error")), report


# ---------------------------------------------------------------- a saturated hidden layer
def _tanh_net(scale):
    """3-12-1 tanh regression with weights N(0, scale) on inputs of size ~1 and a learning rate too small to
    reach targets around 3: a failing run. Scale 30 puts nearly every tanh beyond 0.99."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 3))
    y = 3 + 0.5 * X[:, :1]
    return _two_layer("tanh", rng.normal(0, scale, (3, 12)), np.zeros(12), rng.normal(0, 0.1, (12, 1)),
                      np.zeros(1), X, y)


def test_a_saturated_hidden_tanh_layer_is_seen_through_the_rebuild():
    report = _tanh_net(30.0)
    assert report.failing, report
    found = _codes(report)["saturated-activation"]
    assert found.title == "tanh units in the layer of W1 saturated", found
    assert "rebuilt forward pass" in found.evidence and "50 observed samples" in found.evidence, found.evidence


def test_a_tanh_layer_in_its_linear_range_is_not_saturated():
    report = _tanh_net(0.3)
    assert report.failing, report
    assert "saturated-activation" not in _codes(report, ("info", "warning", "error")), report


# ---------------------------------------------------------------- slow weights that stand still
def _ratios_run(lr, slow=1.5e-5, fast=2e-3, epochs=12):
    """A flat loss observed with W1's gradient ``slow`` x its size and W2's ``fast`` x (a failing run), plain
    gradient-descent steps between the observations."""
    rng = np.random.default_rng(5)
    W1, W2 = rng.normal(size=(4, 6)), rng.normal(size=(6, 1))
    d = Doctor(check_gradients=False)
    for epoch in range(epochs):
        g = {"dW1": slow * W1, "dW2": fast * W2}
        d.observe(epoch=epoch, loss=0.693, params={"W1": W1, "W2": W2}, grads=g, lr=lr)
        W1, W2 = W1 - lr * g["dW1"], W2 - lr * g["dW2"]
    return d.report()


def test_weights_a_hundred_times_slower_that_stand_still_have_vanishing_gradients():
    found = _codes(_ratios_run(lr=0.01))["vanishing-gradients"]
    assert found.where == "W1", found
    assert "changes W1 by 1.5e-07 of its size" in found.evidence, found.evidence


def test_a_hundredfold_spread_at_a_learning_rate_that_moves_them_is_not_vanishing():
    assert "vanishing-gradients" not in _codes(_ratios_run(lr=1.0)), "1.5e-5 of their size per step moves them"


def test_a_tenfold_spread_is_not_vanishing_whatever_the_learning_rate():
    assert "vanishing-gradients" not in _codes(_ratios_run(lr=0.01, fast=2e-4))


# ---------------------------------------------------------------- readings the first observation rules out
def _next_number(epochs=3000, every=10, lr=0.005):
    """3-4-1 ReLU / ReLU without biases, positive inputs, uniform(0, 1) weights, and a backward pass without
    either ReLU derivative: the hidden layer dies and the output is 0 for every sample. Once it is all zeros, a
    hidden softmax (or sigmoid) would reproduce the last observation too; the first one rules them out."""
    rng = np.random.default_rng(1)
    X = rng.uniform(0, 6, (10, 3))
    Y = rng.uniform(0, 6, 10)
    w1, w2 = rng.uniform(0, 1, (4, 3)), rng.uniform(0, 1, 4)
    d = Doctor()
    for epoch in range(epochs):
        y1 = np.maximum(0, w1 @ X.T)
        y2 = np.maximum(0, w2 @ y1)
        g = {"dw1": np.outer(w2, y2 - Y) @ X, "dw2": (y2 - Y) @ y1.T}
        if epoch % every == 0:
            d.observe(epoch=epoch, loss=float(np.sum((y2 - Y) ** 2) / (2 * len(Y))), params={"w1": w1, "w2": w2},
                      grads=g, lr=lr, inputs=X, targets=Y, predictions=y2)
        w1, w2 = w1 - lr * g["dw1"], w2 - lr * g["dw2"]
    return d.report()


def test_a_layer_that_died_is_read_as_the_relu_its_first_observation_shows():
    report = _next_number()
    found = _codes(report)["dead-relu"]
    assert found.title == "all 4 ReLU units in the layer of w1 dead", found
    # The output's z is exactly 0 (its inputs are): the dead hidden layer's doing, not a dead output ReLU.
    assert [f.where for f in report.findings if f.code == "dead-relu"] == ["the layer of w1"], report


def _sigmoid_pushed_down(epochs=20):
    """3-5-1 sigmoid / linear regression whose loop also subtracts 2 from b1 each epoch: the hidden sigmoids end
    below 1e-12 on every sample, where a ReLU reading (exactly 0) reproduces the observation as well."""
    rng = np.random.default_rng(8)
    X = rng.normal(size=(40, 3))
    y = X[:, :1] - X[:, 1:2]
    p = {"W1": rng.normal(0, 0.5, (3, 5)), "b1": np.zeros(5), "W2": rng.normal(0, 0.5, (5, 1)), "b2": np.zeros(1)}
    d = Doctor()
    for epoch in range(epochs):
        h = 1 / (1 + np.exp(-(X @ p["W1"] + p["b1"])))
        out = h @ p["W2"] + p["b2"]
        dz2 = 2 * (out - y) / len(X)
        dz1 = dz2 @ p["W2"].T * h * (1 - h)
        g = {"dW1": X.T @ dz1, "db1": dz1.sum(0), "dW2": h.T @ dz2, "db2": dz2.sum(0)}
        d.observe(epoch=epoch, loss=float(np.mean((out - y) ** 2)), params=p, grads=g, lr=0.1, inputs=X, targets=y,
                  predictions=out)
        p = {k: p[k] - 0.1 * g["d" + k] - (2.0 if k == "b1" else 0.0) for k in p}
    return d.report()


def test_a_sigmoid_layer_pushed_to_zero_is_saturated_not_a_dead_relu():
    report = _sigmoid_pushed_down()
    assert report.failing, report
    found = _codes(report, ("info", "warning", "error"))
    assert "dead-relu" not in found, found["dead-relu"]
    assert found["saturated-activation"].title == "sigmoid units in the layer of W1 saturated", found
