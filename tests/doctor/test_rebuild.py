"""Checking a user's gradients without loss_fn: the doctor rebuilds the forward pass from the observed
arrays, confirms it reproduces the observed predictions and loss, and gradchecks through it.

Every network here is written by hand the way a learner writes one: forward, loss and backward in
plain NumPy (``_Net``), in the three layouts learners use. Nothing in these tests comes from the
code under test: the gradients are the hand-written backward pass (checked against PyTorch below),
and a deliberately wrong one must be called wrong.
"""
import numpy as np
import pytest

from scratchnn.doctor.rebuild import CheckPoint, check_gradients

N = 40


def _act(kind, z):
    if kind == "relu":
        return np.maximum(z, 0), (z > 0).astype(float)
    if kind == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z), np.where(z > 0, 1.0, 0.01)
    if kind == "sigmoid":
        a = 1 / (1 + np.exp(-z))
        return a, a * (1 - a)
    if kind == "tanh":
        a = np.tanh(z)
        return a, 1 - a ** 2
    if kind == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True), None
    return z, np.ones_like(z)


def _loss(form, p, y):
    """(loss, dL/dp) for the learner's loss ``form``; p, y (n, k)."""
    n, k = p.shape
    if form in ("mse", "half_mse", "sse", "half_sse", "sse_per_sample"):
        div = {"mse": n * k, "half_mse": 2 * n * k, "sse": 1, "half_sse": 2, "sse_per_sample": n}[form]
        return np.sum((p - y) ** 2) / div, 2 * (p - y) / div
    if form in ("bce", "bce_sum"):
        div = n * k if form == "bce" else 1
        return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / div, (p - y) / (p * (1 - p)) / div
    div = {"ce": n, "ce_sum": 1, "ce_entries": n * k}[form]
    return -np.sum(y * np.log(p)) / div, -y / p / div


def _net(sizes, kinds, form, layout="rows", seed=0, w_scale=1.0, targets=None):
    """A learner's network: params, correct grads, inputs, targets, predictions, loss, activations.

    layout "rows": Z = X @ W + b (W (in, out)); "rows_T": Z = X @ W.T + b (W (out, in));
    "cols": Z = W @ X + b (X (d, n), W (out, in), b (out, 1)).
    """
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(N, sizes[0]))
    k = sizes[-1]
    if targets is None:
        targets = np.eye(k)[rng.integers(0, k, N)] if kinds[-1] == "softmax" else \
            (rng.random((N, k)) < 0.5).astype(float) if kinds[-1] == "sigmoid" else rng.normal(size=(N, k))
    ws = [rng.normal(size=(a, b)) * w_scale / np.sqrt(a) for a, b in zip(sizes, sizes[1:])]
    bs = [rng.normal(size=b) * 0.1 for b in sizes[1:]]
    a, zs, acts, derivs = x, [], [x], []
    for w, b, kind in zip(ws, bs, kinds):
        z = a @ w + b
        a, d = _act(kind, z)
        zs.append(z), acts.append(a), derivs.append(d)
    loss, dp = _loss(form, a, targets)
    if kinds[-1] == "softmax":   # softmax Jacobian: dz = p * (dp - sum(dp * p))
        dz = a * (dp - np.sum(dp * a, axis=1, keepdims=True))
    else:
        dz = dp * derivs[-1]
    dws, dbs = [None] * len(ws), [None] * len(ws)
    for i in reversed(range(len(ws))):
        dws[i], dbs[i] = acts[i].T @ dz, dz.sum(axis=0)
        if i:
            dz = (dz @ ws[i].T) * derivs[i - 1]
    params, grads = {}, {}
    for i, (w, b, dw, db) in enumerate(zip(ws, bs, dws, dbs), start=1):
        if layout == "rows":
            params[f"W{i}"], params[f"b{i}"], grads[f"W{i}"], grads[f"b{i}"] = w, b, dw, db
        elif layout == "rows_T":
            params[f"W{i}"], params[f"b{i}"], grads[f"W{i}"], grads[f"b{i}"] = w.T, b, dw.T, db
        else:
            params[f"W{i}"], params[f"b{i}"] = w.T, b.reshape(-1, 1)
            grads[f"W{i}"], grads[f"b{i}"] = dw.T, db.reshape(-1, 1)
    t = (lambda m: m.T) if layout == "cols" else (lambda m: m)
    return dict(params=params, grads=grads, inputs=t(x), targets=t(targets), predictions=t(a), loss=float(loss),
                hidden={f"A{i}": t(h) for i, h in enumerate(acts[1:-1], start=1)},
                pre={f"Z{i}": t(z) for i, z in enumerate(zs[:-1], start=1)})


def _point(net, **changes):
    fields = dict(params=net["params"], grads=net["grads"], inputs=net["inputs"], targets=net["targets"],
                  predictions=net["predictions"], loss=net["loss"])
    fields.update(changes)
    return CheckPoint(**fields)


@pytest.mark.parametrize("layout, expected", [("rows", "X @ W1 + b1 -> relu -> @ W2 + b2 -> sigmoid"),
                                              ("rows_T", "X @ W1.T + b1 -> relu -> @ W2.T + b2 -> sigmoid"),
                                              ("cols", "W1 @ X + b1 -> relu -> W2 @ (.) + b2 -> sigmoid")])
def test_both_layouts_are_rebuilt_and_right_gradients_pass(layout, expected):
    net = _net([3, 5, 1], ["relu", "sigmoid"], "bce", layout)
    check = check_gradients(_point(net))
    assert check.reason == ""
    assert check.rebuilt == expected + "; loss: mean binary cross-entropy"
    assert check.at == "the observed parameters"
    assert check.report.ok, str(check.report)


@pytest.mark.parametrize("layout", ["rows", "cols"])
def test_a_wrong_gradient_is_called_wrong_in_both_layouts(layout):
    net = _net([3, 5, 1], ["tanh", "sigmoid"], "bce", layout)
    grads = dict(net["grads"], W1=net["grads"]["W1"] * 3)
    report = check_gradients(_point(net, grads=grads)).report
    assert not report["W1"].ok and report["W1"].pattern == "scale" and report["W1"].factor == pytest.approx(3)
    assert report["b1"].ok and report["W2"].ok


@pytest.mark.parametrize("hidden", ["relu", "leaky_relu", "sigmoid", "tanh", "linear"])
@pytest.mark.parametrize("output, form", [("sigmoid", "bce"), ("softmax", "ce"), ("linear", "mse")])
def test_each_activation_is_recognised_from_the_predictions_alone(hidden, output, form):
    net = _net([4, 6, 3], [hidden, output], form, seed=1)
    check = check_gradients(_point(net))
    name = "leaky relu (0.01)" if hidden == "leaky_relu" else hidden
    assert check.rebuilt.startswith(f"X @ W1 + b1 -> {name} -> @ W2 + b2 -> {output}"), check.rebuilt
    assert check.report.ok, str(check.report)


def test_a_missing_relu_derivative_is_found_and_located_in_layer_1():
    net = _net([2, 8, 1], ["relu", "sigmoid"], "bce", seed=2)
    p, x, y = net["params"], net["inputs"], net["targets"]
    a1 = np.maximum(x @ p["W1"] + p["b1"], 0)
    dz2 = (net["predictions"] - y) / N
    dz1 = dz2 @ p["W2"].T                   # the bug: no "* (z1 > 0)"
    grads = dict(net["grads"], W1=x.T @ dz1, b1=dz1.sum(axis=0))
    assert np.allclose(net["grads"]["W2"], a1.T @ dz2)   # the hand-written backward agrees with itself
    report = check_gradients(_point(net, grads=grads)).report
    assert not report.ok and report["W2"].ok and report["b2"].ok
    assert not report["W1"].ok and not report["b1"].ok
    assert "derivative" in report.where_it_goes_wrong


def test_gradients_summed_over_the_batch_are_m_times_the_true_ones():
    net = _net([2, 8, 1], ["relu", "sigmoid"], "bce", seed=3)
    grads = {k: g * N for k, g in net["grads"].items()}
    report = check_gradients(_point(net, grads=grads)).report
    assert {r.pattern for r in report.results} == {"scale"}
    assert all(r.factor == pytest.approx(N) for r in report.results)
    assert "= m" in report["W1"].message


@pytest.mark.parametrize("form, words", [
    ("mse", "mean squared error"), ("half_mse", "mean squared error / 2"), ("sse", "summed squared error"),
    ("half_sse", "summed squared error / 2"), ("sse_per_sample", "squared error summed over the 3 outputs")])
def test_each_squared_loss_form_is_recognised(form, words):
    net = _net([4, 6, 3], ["tanh", "linear"], form, seed=4)
    check = check_gradients(_point(net))
    assert check.rebuilt.endswith(f"loss: {words}") or f"loss: {words}" in check.rebuilt, check.rebuilt
    assert check.report.ok


@pytest.mark.parametrize("form, output, words", [
    ("bce", "sigmoid", "mean binary cross-entropy"), ("bce_sum", "sigmoid", "summed binary cross-entropy"),
    ("ce", "softmax", "cross-entropy summed over the 3 outputs, mean over samples"),
    ("ce_sum", "softmax", "summed cross-entropy"), ("ce_entries", "softmax", "mean cross-entropy")])
def test_each_cross_entropy_form_is_recognised(form, output, words):
    net = _net([4, 6, 3], ["relu", output], form, seed=5)
    check = check_gradients(_point(net))
    assert check.rebuilt.endswith(f"loss: {words}"), check.rebuilt
    assert check.report.ok
    # the same gradients off by the factor that separates sum from mean are a scale
    wrong = {k: g * 7 for k, g in net["grads"].items()}
    assert check_gradients(_point(net, grads=wrong)).report["W2"].factor == pytest.approx(7)


def test_integer_class_labels_with_a_softmax_are_read_as_one_hot_rows():
    net = _net([4, 6, 3], ["relu", "softmax"], "ce", seed=6)
    labels = net["targets"].argmax(axis=1)
    check = check_gradients(_point(net, targets=labels))
    assert check.report.ok and "softmax" in check.rebuilt


def test_observed_after_the_update_checks_at_the_previous_parameters():
    net = _net([2, 8, 1], ["relu", "sigmoid"], "bce", seed=7)
    stepped = {k: p - 0.5 * net["grads"][k] for k, p in net["params"].items()}
    check = check_gradients(_point(net, params=stepped, previous_params=net["params"]))
    assert check.at.startswith("the previous observation's parameters")
    assert check.report.ok


def test_observed_after_the_update_without_a_previous_observation_undoes_the_step():
    net = _net([2, 8, 1], ["relu", "sigmoid"], "bce", seed=8)
    stepped = {k: p - 0.5 * net["grads"][k] for k, p in net["params"].items()}
    check = check_gradients(_point(net, params=stepped, lr=0.5))
    assert check.at.startswith("the observed parameters + lr * gradients")
    assert check.report.ok


def test_other_names_are_read_in_their_order_and_names_sorted_by_number():
    net = _net([3, 5, 4, 1], ["tanh", "relu", "sigmoid"], "bce", seed=9)
    p, g = net["params"], net["grads"]
    plain = {"w_hidden": p["W1"], "b_hidden": p["b1"], "w_mid": p["W2"], "b_mid": p["b2"],
             "w_out": p["W3"], "b_out": p["b3"]}
    plain_grads = {"w_hidden": g["W1"], "b_hidden": g["b1"], "w_mid": g["W2"], "b_mid": g["b2"],
                   "w_out": g["W3"], "b_out": g["b3"]}
    check = check_gradients(_point(net, params=plain, grads=plain_grads))
    assert check.rebuilt.startswith("X @ w_hidden + b_hidden -> tanh -> @ w_mid + b_mid -> relu"), check.rebuilt
    assert check.report.ok
    shuffled = {k: p[k] for k in ["W2", "W1", "b3", "W3", "b1", "b2"]}
    check = check_gradients(_point(net, params=shuffled))
    assert check.rebuilt.startswith("X @ W1 + b1 -> tanh -> @ W2 + b2 -> relu -> @ W3 + b3"), check.rebuilt
    assert check.report.ok


def test_observed_activations_name_the_kind_when_the_predictions_cannot():
    # Weights so small that relu, tanh and linear hidden units give the same predictions to 1e-6 would
    # be ambiguous; the observed (pre-)activations settle it.
    net = _net([2, 6, 1], ["tanh", "sigmoid"], "bce", seed=10)
    check = check_gradients(_point(net, activations=net["hidden"], preactivations=net["pre"]))
    assert "-> tanh ->" in check.rebuilt and check.report.ok


def test_an_all_zero_network_is_rebuilt_and_its_right_gradients_pass():
    # Every hidden kind with f(0) = 0 reproduces it: the verdict must hold under the user's one.
    net = _net([2, 8, 1], ["relu", "sigmoid"], "bce", seed=11, w_scale=0.0)
    params = {k: np.zeros_like(p) for k, p in net["params"].items()}
    x, y = net["inputs"], net["targets"]
    p = np.full((N, 1), 0.5)
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    grads["b2"] = ((p - y) / N).sum(axis=0)
    check = check_gradients(_point(net, params=params, grads=grads, predictions=p, loss=loss))
    assert check.report.ok, str(check.report)


# ---------------------------------------------------------------- what must not be rebuilt
def _wrong(grads):
    return {k: g * 5 + 1 for k, g in grads.items()}


def test_a_conv_net_is_not_rebuilt_and_says_why():
    rng = np.random.default_rng(0)
    params = {"K1": rng.normal(size=(4, 1, 3, 3)), "b1": np.zeros(4), "W2": rng.normal(size=(64, 1)), "b2": np.zeros(1)}
    grads = {k: rng.normal(size=v.shape) for k, v in params.items()}
    check = check_gradients(CheckPoint(params=params, grads=grads, inputs=rng.normal(size=(5, 1, 6, 6)),
                                       targets=np.ones((5, 1)), predictions=np.full((5, 1), 0.5), loss=0.69))
    assert check.report is None and "(4, 1, 3, 3)" in check.reason and "dense" in check.reason


def test_a_skip_connection_is_not_rebuilt_and_nothing_is_accused():
    net = _net([3, 5, 5, 1], ["tanh", "tanh", "sigmoid"], "bce", seed=12)
    p, x, y = net["params"], net["inputs"], net["targets"]
    h1 = np.tanh(x @ p["W1"] + p["b1"])
    h2 = h1 + np.tanh(h1 @ p["W2"] + p["b2"])           # the residual: h1 skips layer 2
    out = 1 / (1 + np.exp(-(h2 @ p["W3"] + p["b3"])))
    loss = -np.mean(y * np.log(out) + (1 - y) * np.log(1 - out))
    check = check_gradients(_point(net, grads=_wrong(net["grads"]), predictions=out, loss=loss))
    assert check.report is None
    assert "reproduces the observed predictions" in check.reason and "skip connection" in check.reason


def test_dropout_is_not_rebuilt_and_nothing_is_accused():
    net = _net([3, 16, 1], ["relu", "sigmoid"], "bce", seed=13)
    p, x, y = net["params"], net["inputs"], net["targets"]
    keep = np.random.default_rng(1).random((N, 16)) < 0.8
    h = np.maximum(x @ p["W1"] + p["b1"], 0) * keep / 0.8
    out = 1 / (1 + np.exp(-(h @ p["W2"] + p["b2"])))
    loss = -np.mean(y * np.log(out) + (1 - y) * np.log(1 - out))
    check = check_gradients(_point(net, grads=_wrong(net["grads"]), predictions=out, loss=loss))
    assert check.report is None and "dropout" in check.reason


def test_a_loss_with_an_l1_term_is_not_rebuilt_and_says_the_loss_differs():
    net = _net([3, 5, 1], ["relu", "sigmoid"], "bce", seed=14)
    l1 = 0.01 * sum(np.sum(np.abs(w)) for k, w in net["params"].items() if k.startswith("W"))
    check = check_gradients(_point(net, loss=net["loss"] + l1, grads=_wrong(net["grads"])))
    assert check.report is None
    assert "reproduces the observed predictions" in check.reason and "loss" in check.reason


@pytest.mark.parametrize("half, per_sample", [(True, False), (False, False), (True, True)])
def test_an_l2_penalty_on_the_weights_is_recognised_and_its_gradient_checked(half, per_sample):
    # cs231n writes 0.5 * reg * sum(W**2), Ng's course lambd / (2 m) * sum(W**2)
    net = _net([3, 5, 1], ["relu", "sigmoid"], "bce", seed=29)
    lam = 0.7 if per_sample else 2e-3 if half else 1e-3
    factor = lam * (0.5 if half else 1.0) / (N if per_sample else 1)
    weights = {k: w for k, w in net["params"].items() if k.startswith("W")}
    loss = net["loss"] + factor * sum(np.sum(w ** 2) for w in weights.values())
    grads = dict(net["grads"], **{k: net["grads"][k] + 2 * factor * w for k, w in weights.items()})
    check = check_gradients(_point(net, loss=loss, grads=grads))
    assert check.rebuilt.endswith("sum of squares of W1, W2"), check.rebuilt
    assert check.report.ok, str(check.report)
    forgot = check_gradients(_point(net, loss=loss, grads=dict(grads, W1=net["grads"]["W1"]))).report
    assert not forgot["W1"].ok and forgot["W2"].ok


def test_without_inputs_nothing_is_rebuilt_and_the_fix_is_named():
    net = _net([3, 5, 1], ["relu", "sigmoid"], "bce")
    check = check_gradients(_point(net, inputs=None))
    assert check.report is None and "inputs=X" in check.reason


def test_predictions_from_other_parameters_are_not_confirmed():
    # The gradients were computed at parameters the doctor never saw (two updates between observations).
    net = _net([3, 5, 1], ["relu", "sigmoid"], "bce", seed=15)
    moved = {k: p - 0.3 * net["grads"][k] for k, p in net["params"].items()}
    twice = {k: p - 0.3 * net["grads"][k] for k, p in moved.items()}
    check = check_gradients(_point(net, params=twice, previous_params=moved, lr=0.3, grads=_wrong(net["grads"])))
    assert check.report is None and "off by up to" in check.reason


def test_the_hand_written_backward_agrees_with_pytorch():
    torch = pytest.importorskip("torch")
    net = _net([4, 6, 3], ["tanh", "softmax"], "ce", seed=16)
    p = {k: torch.tensor(v, requires_grad=True) for k, v in net["params"].items()}
    x, y = torch.tensor(net["inputs"]), torch.tensor(net["targets"])
    logp = torch.log_softmax(torch.tanh(x @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"], dim=1)
    (-(y * logp).sum() / N).backward()
    for k, v in p.items():
        np.testing.assert_allclose(net["grads"][k], v.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_logistic_regression_with_a_1d_weight_and_a_number_bias():
    rng = np.random.default_rng(17)
    x, w, b = rng.normal(size=(N, 3)), rng.normal(size=3), np.array(0.2)
    y = (rng.random(N) < 0.5).astype(float)
    p = 1 / (1 + np.exp(-(x @ w + b)))
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    grads = {"w": x.T @ (p - y) / N, "b": np.array(np.mean(p - y))}
    check = check_gradients(CheckPoint(params={"w": w, "b": b}, grads=grads, inputs=x, targets=y, predictions=p,
                                       loss=loss))
    assert check.rebuilt == "X @ w + b -> sigmoid; loss: mean binary cross-entropy"
    assert check.report.ok
    grads["w"] = grads["w"] * N
    assert check_gradients(CheckPoint(params={"w": w, "b": b}, grads=grads, inputs=x, targets=y, predictions=p,
                                      loss=loss)).report["w"].factor == pytest.approx(N)


@pytest.mark.parametrize("guard, words", [(lambda p: np.log(p + 1e-8), "(log of p + 1e-08)"),
                                          (lambda p: np.log(np.clip(p, 1e-7, 1 - 1e-7)), "(p clipped to [1e-07")])
def test_a_cross_entropy_kept_away_from_log_0_is_recognised(guard, words):
    # Saturated predictions make the guard visible in the value; the gradient is still p - y.
    net = _net([3, 6, 1], ["relu", "sigmoid"], "bce", seed=18, w_scale=12.0)
    p, y = net["predictions"], net["targets"]
    assert p.min() < 1e-6 or 1 - p.max() < 1e-6
    loss = -np.mean(y * guard(p) + (1 - y) * guard(1 - p))
    check = check_gradients(_point(net, loss=loss))
    assert words in check.rebuilt, check.rebuilt
    assert check.report.ok, str(check.report)


def test_activation_kinds_may_use_other_spellings():
    net = _net([2, 6, 1], ["leaky_relu", "sigmoid"], "bce", seed=19)
    check = check_gradients(_point(net, activations={"hidden": net["hidden"]["A1"]},
                                   activation_kinds={"hidden": "LeakyReLU"}))
    assert "leaky relu (0.01)" in check.rebuilt and check.report.ok


def test_a_network_too_large_to_check_in_a_report_is_declined_with_the_alternative():
    rng = np.random.default_rng(20)
    params = {"W1": rng.normal(size=(784, 512)) * 0.05, "b1": np.zeros(512), "W2": rng.normal(size=(512, 10)) * 0.05,
              "b2": np.zeros(10)}
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    x = np.zeros((60000, 784))     # only its size matters: nothing is computed before the cost is known
    check = check_gradients(CheckPoint(params=params, grads=grads, inputs=x, targets=np.zeros(60000),
                                       predictions=np.full((60000, 10), 0.1), loss=2.3))
    assert check.report is None and "scratchnn.gradcheck on a small batch" in check.reason


def test_a_float32_loop_is_confirmed_to_float32_precision():
    net = _net([3, 5, 1], ["tanh", "sigmoid"], "bce", seed=21)
    p32 = {k: v.astype(np.float32) for k, v in net["params"].items()}
    x32 = net["inputs"].astype(np.float32)
    a = np.tanh(x32 @ p32["W1"] + p32["b1"])
    out = 1 / (1 + np.exp(-(a @ p32["W2"] + p32["b2"])))
    y = net["targets"].astype(np.float32)
    loss = float(-np.mean(y * np.log(out) + (1 - y) * np.log(1 - out)))
    check = check_gradients(_point(net, params=p32, inputs=x32, predictions=out, loss=loss))
    assert check.report is not None and check.report.ok, check.reason


def test_hostile_observations_never_raise_and_accuse_nothing():
    net = _net([3, 5, 1], ["relu", "sigmoid"], "bce", seed=22)
    wrong = _wrong(net["grads"])
    hostile = [dict(inputs=np.full((N, 3), np.nan)), dict(inputs=np.zeros((0, 3))), dict(inputs=np.zeros((N, 4))),
               dict(targets=np.zeros((3, 7))), dict(predictions=np.zeros((N, 2))), dict(loss=float("nan")),
               dict(params={k: np.full_like(v, np.inf) for k, v in net["params"].items()}),
               dict(params={"W1": np.zeros((0, 5)), "b1": np.zeros(5)}), dict(params={}), dict(grads={}),
               dict(params={"W1": np.ones(()), "b1": np.ones(())}), dict(targets=np.array(["a"] * N, dtype=object)),
               dict(grads={k: np.full_like(v, np.nan) for k, v in net["grads"].items()})]
    for changes in hostile:
        check = check_gradients(_point(net, **dict({"grads": wrong}, **changes)))
        assert check.report is None and check.reason, changes


def test_gradients_under_their_usual_names_are_paired_and_the_step_undone():
    net = _net([2, 8, 1], ["relu", "sigmoid"], "bce", seed=23)
    stepped = {k: p - 0.5 * net["grads"][k] for k, p in net["params"].items()}
    named = {f"d{k}": g for k, g in net["grads"].items()}
    check = check_gradients(_point(net, params=stepped, grads=named, lr=0.5))
    assert check.at.startswith("the observed parameters + lr * gradients") and check.report.ok
    named["dW2"] = -named["dW2"]    # a sign bug: the loop steps with the wrong gradient
    stepped["W2"] = net["params"]["W2"] - 0.5 * named["dW2"]
    report = check_gradients(_point(net, params=stepped, grads=named, lr=0.5)).report
    assert report["W2"].pattern == "sign" and report["W2"].grad_name == "dW2"


def test_a_deep_tanh_network_is_found_among_the_activation_combinations():
    net = _net([3, 6, 6, 6, 6, 1], ["tanh", "tanh", "tanh", "tanh", "sigmoid"], "bce", seed=24)
    check = check_gradients(_point(net))
    assert check.rebuilt.count("-> tanh") == 4 and check.report.ok, check.reason


def test_without_predictions_the_loss_alone_confirms_the_rebuild():
    net = _net([3, 5, 2], ["sigmoid", "linear"], "half_mse", seed=25)
    assert check_gradients(_point(net, predictions=None)).report.ok
    wrong = dict(net["grads"], b1=net["grads"]["b1"] * 0)
    report = check_gradients(_point(net, predictions=None, grads=wrong)).report
    assert report["b1"].pattern == "zero" and report["W1"].ok


def test_gradients_named_otherwise_are_paired_by_order_and_never_called_missing():
    # A post's y = w x + c with gradients named dlw, dlc: no spelling rule pairs them, their order does.
    rng = np.random.default_rng(26)
    x = rng.random((1, N))
    y = 5 * x + 3 + 0.1 * rng.standard_normal((1, N))
    w, c = np.array([[1.5]]), np.array(0.5)
    yhat = w.T @ x + c
    loss = float(np.mean((yhat - y) ** 2))
    grads = {"dlw": 2 / N * x @ (yhat - y).T, "dlc": np.array(2 / N * np.sum(yhat - y))}
    point = CheckPoint(params={"w": w, "c": c}, grads=grads, inputs=x.T, targets=y.T, predictions=yhat.T, loss=loss)
    check = check_gradients(point)
    assert check.rebuilt == "X @ w + c -> linear; loss: mean squared error" and check.report.ok, str(check.report)
    grads["dlc"] = grads["dlc"] * 2
    assert check_gradients(point).report["c"].factor == pytest.approx(2)


def test_a_parameter_without_a_gradient_is_left_out_of_the_check_and_named():
    net = _net([3, 5, 1], ["relu", "sigmoid"], "bce", seed=27)
    grads = {k: g for k, g in net["grads"].items() if k != "b2"}
    check = check_gradients(_point(net, grads=grads))
    assert check.report.ok and [r.name for r in check.report.results] == ["W1", "b1", "W2"]
    assert check.rebuilt.endswith("not checked, no gradient observed: b2")


def test_a_gradient_of_the_wrong_shape_is_checked_and_named_after_undoing_its_broadcast_step():
    # dW2 written as a (1, 1) number for a (1, 5) W2 (W @ x layout): the update broadcasts it over W2.
    net = _net([3, 5, 1], ["tanh", "sigmoid"], "bce", layout="cols", seed=28)
    grads = dict(net["grads"], W2=net["grads"]["W2"].sum(keepdims=True))
    stepped = {k: p - 0.5 * grads[k] for k, p in net["params"].items()}
    report = check_gradients(_point(net, params=stepped, grads=grads, lr=0.5)).report
    assert report["W2"].pattern == "shape" and report["W1"].ok and report["b2"].ok


def _minibatch_run(epochs=6, batch=10, lr=0.5):
    """Minibatch SGD, observed once per epoch with full-data predictions and the last batch's gradients."""
    net = _net([2, 8, 1], ["relu", "sigmoid"], "bce", seed=30)
    p = {k: v.copy() for k, v in net["params"].items()}
    x, y = net["inputs"], net["targets"]
    points, prev, prev_grads = [], None, None
    for epoch in range(epochs):
        for s in range(0, N, batch):
            xb, yb = x[s:s + batch], y[s:s + batch]
            z1 = xb @ p["W1"] + p["b1"]
            a1 = np.maximum(z1, 0)
            dz2 = (1 / (1 + np.exp(-(a1 @ p["W2"] + p["b2"]))) - yb) / batch
            dz1 = dz2 @ p["W2"].T * (z1 > 0)
            g = {"W1": xb.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)}
            p = {k: v - lr * g[k] for k, v in p.items()}
        out = 1 / (1 + np.exp(-(np.maximum(x @ p["W1"] + p["b1"], 0) @ p["W2"] + p["b2"])))
        loss = -np.mean(y * np.log(out) + (1 - y) * np.log(1 - out))
        points.append(CheckPoint(params=p, grads=g, previous_params=prev, previous_grads=prev_grads, inputs=x,
                                 targets=y, predictions=out, loss=loss, lr=lr))
        prev, prev_grads = p, g
    return points


def test_minibatch_gradients_against_full_data_predictions_are_checked_on_their_batch():
    # The right gradients of the last batch are not the gradient of the full-data loss: no accusation. They are
    # its last 10 samples' gradient, one plain step back (rebuild_batches.one_batch): checked on that batch, right.
    check = check_gradients(_minibatch_run()[-1])
    assert check.report.ok and "the gradient of a batch of 10 of the 40 observed samples (samples 30, 31" in check.at


@pytest.mark.parametrize("after", [False, True])
def test_one_full_batch_step_per_observation_passes_the_step_test_at_either_placement(after):
    net = _net([2, 8, 1], ["relu", "sigmoid"], "bce", seed=31)
    prev = {k: p + 0.3 * net["grads"][k] * 1.1 for k, p in net["params"].items()}   # one step of some gradient
    prev_grads = {k: g * 1.1 for k, g in net["grads"].items()}
    if after:     # observed after the update: this observation's gradients made the step
        stepped = {k: p - 0.3 * net["grads"][k] for k, p in net["params"].items()}
        point = _point(net, params=stepped, previous_params=net["params"], previous_grads=prev_grads, lr=0.3)
    else:
        point = _point(net, previous_params=prev, previous_grads=prev_grads, lr=0.3)
    check = check_gradients(point)
    assert check.report is not None and check.report.ok, check.reason


def test_an_observation_too_many_readings_reproduce_accuses_nothing():
    # All-zero weights with zero biases: every hidden kind with f(0) = 0 and several outputs reproduce it.
    net = _net([2, 4, 4, 1], ["relu", "relu", "linear"], "mse", seed=32)
    params = {k: np.zeros_like(v) for k, v in net["params"].items()}
    y = net["targets"]
    loss = float(np.mean(y ** 2))
    wrong = {k: np.ones_like(v) for k, v in params.items()}
    check = check_gradients(_point(net, params=params, grads=wrong, predictions=np.zeros((N, 1)), loss=loss))
    assert check.report is None and "nothing is accused" in check.reason
    # Declared kinds pin the reading: the all-zero relu network's gradient of W1 is 0, not 1.
    declared = {"h1": "relu", "h2": "relu", "out": "linear"}
    check = check_gradients(_point(net, params=params, grads=wrong, predictions=np.zeros((N, 1)), loss=loss,
                                   activation_kinds=declared))
    assert check.rebuilt.startswith("X @ W1 + b1 -> relu -> @ W2 + b2 -> relu -> @ W3 + b3 -> linear")
    assert not check.report["W1"].ok and check.report["W1"].pattern != "ok"


def test_a_declared_chain_of_different_kinds_is_followed():
    net = _net([3, 5, 4, 1], ["relu", "tanh", "sigmoid"], "bce", seed=35)
    declared = {"h1": "relu", "h2": "tanh", "out": "sigmoid"}
    check = check_gradients(_point(net, activation_kinds=declared))
    assert check.rebuilt.startswith("X @ W1 + b1 -> relu -> @ W2 + b2 -> tanh -> @ W3 + b3 -> sigmoid")
    assert check.report.ok


def test_declared_kinds_that_do_not_reproduce_the_predictions_give_way_to_the_search():
    net = _net([3, 5, 1], ["tanh", "sigmoid"], "bce", seed=34)
    check = check_gradients(_point(net, activation_kinds={"hidden": "relu", "output": "sigmoid"}))
    assert "-> tanh ->" in check.rebuilt and check.report.ok


def test_a_leaky_slope_is_read_from_an_activation_and_pre_activation_pair():
    rng = np.random.default_rng(33)
    x, y = rng.normal(size=(N, 3)), (rng.random((N, 1)) < 0.5).astype(float)
    w1, b1, w2, b2 = rng.normal(size=(3, 6)), np.zeros(6), rng.normal(size=(6, 1)), np.zeros(1)
    z1 = x @ w1 + b1
    a1 = np.where(z1 > 0, z1, 0.2 * z1)
    p = 1 / (1 + np.exp(-(a1 @ w2 + b2)))
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    dz2 = (p - y) / N
    dz1 = dz2 @ w2.T * np.where(z1 > 0, 1.0, 0.2)
    point = dict(params={"W1": w1, "b1": b1, "W2": w2, "b2": b2}, inputs=x, targets=y, predictions=p, loss=loss,
                 grads={"W1": x.T @ dz1, "b1": dz1.sum(axis=0), "W2": a1.T @ dz2, "b2": dz2.sum(axis=0)})
    assert check_gradients(CheckPoint(**point)).report is None      # slope 0.01 does not reproduce it
    check = check_gradients(CheckPoint(**point, activations={"h": a1}, preactivations={"h": z1}))
    assert "leaky relu (0.2)" in check.rebuilt and check.report.ok


def _softmax_over_samples_net(seed=21):
    """A 4-6-3 tanh net whose output softmax normalises each class over the N samples (a learner's
    np.exp(z) / sum(np.exp(z)) on (N, 3) outputs), with the mean cross-entropy of those outputs."""
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(N, 4)), np.eye(3)[rng.integers(0, 3, N)]
    p = {"W1": rng.normal(size=(4, 6)) * 0.5, "b1": rng.normal(size=6) * 0.1,
         "W2": rng.normal(size=(6, 3)) * 0.5, "b2": rng.normal(size=3) * 0.1}
    a1 = np.tanh(x @ p["W1"] + p["b1"])
    e = np.exp(a1 @ p["W2"] + p["b2"])
    a2 = e / sum(e)                                  # the bug: Python's sum adds the rows (samples)
    loss = float(-np.sum(y * np.log(a2)) / N)
    return p, x, y, a1, a2, loss


def test_a_softmax_over_the_samples_is_rebuilt_and_the_per_sample_gradient_called_wrong():
    p, x, y, a1, a2, loss = _softmax_over_samples_net()
    dz2 = (a2 - y) / N                               # right for a per-sample softmax only
    dz1 = dz2 @ p["W2"].T * (1 - a1 ** 2)
    grads = {"W1": x.T @ dz1, "b1": dz1.sum(0), "W2": a1.T @ dz2, "b2": dz2.sum(0)}
    check = check_gradients(CheckPoint(params=p, grads=grads, inputs=x, targets=y, predictions=a2, loss=loss))
    assert "softmax over the samples" in check.rebuilt, check.reason
    assert not check.report["W2"].ok and not check.report["W1"].ok


def test_the_true_gradient_of_a_softmax_over_the_samples_passes():
    torch = pytest.importorskip("torch")
    p, x, y, a1, a2, loss = _softmax_over_samples_net(seed=22)
    t = {k: torch.tensor(v, requires_grad=True) for k, v in p.items()}
    z2 = torch.tanh(torch.tensor(x) @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
    (-(torch.tensor(y) * torch.log_softmax(z2, dim=0)).sum() / N).backward()
    grads = {k: v.grad.numpy() for k, v in t.items()}
    check = check_gradients(CheckPoint(params=p, grads=grads, inputs=x, targets=y, predictions=a2, loss=loss))
    assert "softmax over the samples" in check.rebuilt, check.reason
    assert check.report.ok, str(check.report)
