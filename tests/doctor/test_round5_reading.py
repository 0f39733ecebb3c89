"""What the held-out round 5 of the real corpus taught the doctor to read (each case made small, our own loops):
gradients named after their layer (``Dw_layer1`` for ``W1``), a bias that grows one column per sample because
its 'gradient' kept the samples' axis, and a forward pass whose biases are per-sample rows."""
import numpy as np

from scratchnn.doctor import Doctor
from scratchnn.doctor.observation import match_grads


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_gradients_named_after_their_layer_pair_with_the_parameters_in_any_order():
    params = {"W1": np.ones((5, 2)), "b1": np.ones((5, 1)), "W2": np.ones((1, 5)), "b2": np.ones((1, 1))}
    grads = {"Dw_layer2": np.ones((1, 5)), "Db_layer2": np.ones((1, 1)),
             "Dw_layer1": np.ones((5, 2)), "Db_layer1": np.ones((5, 1))}
    assert match_grads(params, grads) == {"W2": "Dw_layer2", "b2": "Db_layer2", "W1": "Dw_layer1", "b1": "Db_layer1"}


def _column_loop(per_sample_bias, steps=60, lr=2.0, observe_after=False, pass_grads=True):
    """A 2-4-1 sigmoid net, samples on axis 1 (W @ X), mean cross-entropy on a linearly separable task; its bias
    'gradient' is the delta itself (one column per sample: the bug) or its mean over the samples (right)."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, 40))
    y = (x[:1] + x[1:] > 0).astype(float)
    p = {"W1": rng.normal(0, 1, (4, 2)), "b1": np.zeros((4, 1)), "W2": rng.normal(0, 1, (1, 4)), "b2": np.zeros((1, 1))}
    d = Doctor()
    m = x.shape[1]
    for epoch in range(steps):
        a1 = sigmoid(p["W1"] @ x + p["b1"])
        a2 = sigmoid(p["W2"] @ a1 + p["b2"])
        loss = float(-np.mean(y * np.log(a2) + (1 - y) * np.log(1 - a2)))
        d2 = a2 - y
        d1 = (p["W2"].T @ d2) * a1 * (1 - a1)
        g = {"Dw_layer1": d1 @ x.T / m, "Dw_layer2": d2 @ a1.T / m,
             "Db_layer1": d1 / m if per_sample_bias else d1.mean(axis=1, keepdims=True),
             "Db_layer2": d2 / m if per_sample_bias else d2.mean(axis=1, keepdims=True)}
        record = dict(epoch=epoch, loss=loss, lr=lr, inputs=x.T, targets=y.T, predictions=a2.T)
        if not observe_after:
            d.observe(params=p, grads=g if pass_grads else None, **record)
        names = {"W1": "Dw_layer1", "b1": "Db_layer1", "W2": "Dw_layer2", "b2": "Db_layer2"}
        p = {k: p[k] - lr * g[names[k]] for k in p}
        if observe_after:
            d.observe(params=p, grads=None, **record)
    return d.report()


def test_a_bias_gradient_with_one_column_per_sample_is_said_to_grow_the_bias_per_sample():
    report = _column_loop(per_sample_bias=True)
    shape = [f for f in report.findings if f.code == "gradient-shape"]
    assert {f.where for f in shape} == {"grads['Db_layer1']", "grads['Db_layer2']"}
    assert all(f.severity != "info" and "one entry per sample of the batch (40)" in f.evidence for f in shape)


def test_a_parameter_that_changes_shape_between_observations_is_a_gradient_shape_finding():
    # Observed without gradients: only the parameter's own shape tells.
    report = _column_loop(per_sample_bias=True, pass_grads=False)
    shape = [f for f in report.findings if f.code == "gradient-shape"]
    assert {f.where for f in shape} == {"params['b1']", "params['b2']"}
    assert "b1 changed shape from (4, 1) to (4, 40)" in next(f.evidence for f in shape if f.where == "params['b1']")


def test_per_sample_bias_rows_are_rebuilt_and_their_gradients_checked():
    report = _column_loop(per_sample_bias=True)
    assert "b1 (one per sample)" in report.gradients and "all right" in report.gradients


def test_the_same_loop_with_right_bias_gradients_gets_no_warning():
    for after in (False, True):
        report = _column_loop(per_sample_bias=False, observe_after=after)
        assert report.codes == [], report
    assert "all right" in _column_loop(per_sample_bias=False).gradients


def _single_output_loop(output, targets, epochs=6, lr=0.01):
    """A 1-3-1 ReLU regression observed with loss, parameters, predictions and targets (no activation kinds);
    ``output`` is the output activation of the (n, 1) pre-activation."""
    x = np.linspace(0, 3, 30).reshape(-1, 1)
    rng = np.random.default_rng(0)
    p = {"w1": rng.normal(0, 0.5, (1, 3)), "b1": np.zeros(3), "w2": rng.normal(0, 0.5, (3, 1)), "b2": np.zeros(1)}
    d = Doctor()
    for epoch in range(epochs):
        h = np.maximum(x @ p["w1"] + p["b1"], 0)
        out = output(h @ p["w2"] + p["b2"])
        err = (out - targets) / len(x)
        p["w2"] = p["w2"] - lr * h.T @ err                 # the output's own derivative left out: not the point
        p["w1"] = p["w1"] - lr * x.T @ ((err @ p["w2"].T) * (h > 0))
        d.observe(epoch=epoch, loss=float(np.mean((out - targets) ** 2)), params=p, predictions=out, targets=targets)
    return d.report()


def softmax_rows(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_a_softmax_over_a_single_output_is_an_output_activation_mismatch():
    x = np.linspace(0, 3, 30).reshape(-1, 1)
    report = _single_output_loop(softmax_rows, np.sin(2 * x))
    found = [f for f in report.findings if f.code == "output-activation-mismatch"]
    assert found and found[0].severity == "error" and "exactly 1" in found[0].title


def test_exact_ones_on_targets_inside_zero_one_or_a_linear_output_are_not_called_a_softmax_of_one():
    x = np.linspace(0, 3, 30).reshape(-1, 1)
    binary = (x > 1.5).astype(float)   # 0/1 labels: a sigmoid saturated at 1 could be right for some samples
    assert not [f for f in _single_output_loop(softmax_rows, binary).findings
                if f.code == "output-activation-mismatch"]
    linear = _single_output_loop(lambda z: z, np.sin(2 * x), epochs=40, lr=0.5)
    assert "output-activation-mismatch" not in {f.code for f in linear.findings}


def test_a_single_number_bias_that_becomes_one_per_unit_is_not_a_shape_finding():
    d = Doctor()
    x, y = np.eye(3), np.eye(3)[:, :1]
    w, b = np.full((3, 3), 0.1), 0.0                     # b broadcast to (1, 3) by the first update: harmless
    for epoch in range(5):
        out = x @ w + b
        d.observe(epoch=epoch, loss=float(np.mean((out[:, :1] - y) ** 2)), params={"w": w, "b": b})
        w, b = w - 0.1 * x.T @ (out - y), b - 0.1 * np.sum(out - y, axis=0, keepdims=True)
    assert not [f for f in d.report().findings if f.code == "gradient-shape"]


def test_units_saturated_at_the_same_bound_are_not_copies_of_each_other():
    from scratchnn.doctor.summaries import count_duplicate_units
    rng = np.random.default_rng(0)
    varying = rng.uniform(0.2, 0.8, (20, 1))
    stuck = np.hstack([np.ones((20, 3)), -np.ones((20, 2)), np.zeros((20, 2)), varying])
    assert count_duplicate_units(stuck) == 0
    assert count_duplicate_units(np.hstack([stuck, varying])) == 1     # a real copy is still one
    assert count_duplicate_units(np.full((20, 3), 0.5)) == 2           # zero-init sigmoid units: all 0.5, copies


def _zero_start_logistic(sign, lr, steps=200, scale=1.0):
    """Logistic regression from w = 0, observed after each update with the gradient it took; ``sign`` -1 climbs
    the cost (a flipped gradient: the run fails, its weights grow slowly), ``scale`` multiplies the inputs."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2)) * scale
    y = (rng.random((200, 1)) < 0.5).astype(float)
    w, b = np.zeros((2, 1)), np.zeros((1, 1))
    d = Doctor()
    for epoch in range(steps):
        a = sigmoid(x @ w + b)
        dw, db = sign * x.T @ (a - y) / len(x), sign * np.mean(a - y, keepdims=True).reshape(1, 1)
        w, b = w - lr * dw, b - lr * db
        loss = float(-np.mean(y * np.log(a + 1e-12) + (1 - y) * np.log(1 - a + 1e-12)))
        d.observe(epoch=epoch, loss=loss, params={"w": w, "b": b}, grads={"dw": dw, "db": db}, lr=lr)
    return d.report()


def test_a_gradient_far_larger_than_weights_one_step_from_zero_is_not_explosion():
    report = _zero_start_logistic(sign=-1, lr=0.005)
    assert report.failing and "exploding-gradients" not in report.codes


def test_gradients_that_grow_from_a_zero_start_are_still_exploding():
    # Linear regression from w = 0 on inputs of size 10 with lr 0.05: each step overshoots further (diverges).
    rng = np.random.default_rng(0)
    x = rng.normal(size=(100, 3)) * 10
    y = x @ np.array([[1.0], [2.0], [-1.0]])
    w = np.zeros((3, 1))
    d = Doctor()
    for epoch in range(12):
        err = x @ w - y
        dw = 2 * x.T @ err / len(x)
        w = w - 0.05 * dw
        d.observe(epoch=epoch, loss=float(np.mean(err ** 2)), params={"w": w}, grads={"dw": dw}, lr=0.05)
    assert "exploding-gradients" in d.report().codes


def _relu_regression_without_activations(lr, steps=30, offset=70.0):
    """A 2-4-1 ReLU regression on raw targets near 80, half the summed squared error, observed after each update
    with inputs, targets and predictions but never its hidden activations."""
    rng = np.random.default_rng(0)
    x = rng.uniform(1, 10, (6, 2))
    y = offset + x @ np.array([[1.5], [0.8]])
    p = {"W1": rng.random((2, 4)), "b1": np.full(4, 0.1), "W2": rng.random((4, 1)), "b2": np.zeros(1)}
    d = Doctor()
    for step in range(steps):
        z1 = x @ p["W1"] + p["b1"]
        h = np.maximum(z1, 0)
        out = h @ p["W2"] + p["b2"]
        d_out = out - y
        d_h = (d_out @ p["W2"].T) * (z1 > 0)
        g = {"dW1": x.T @ d_h, "db1": d_h.sum(axis=0), "dW2": h.T @ d_out, "db2": d_out.sum(axis=0)}
        p = {k: p[k] - lr * g["d" + k] for k in p}
        d.observe(epoch=step, loss=float(0.5 * np.sum(d_out ** 2)), params=p, grads=g, lr=lr, inputs=x, targets=y,
                  predictions=out)
    return d.report()


def test_a_dead_relu_layer_is_found_through_the_rebuilt_forward_pass():
    report = _relu_regression_without_activations(lr=0.02)
    dead = [f for f in report.findings if f.code == "dead-relu"]
    assert dead and dead[0].severity == "error" and "all 4 ReLU units in the layer of W1 dead" in dead[0].title


def test_a_relu_regression_that_learns_has_no_dead_layer_from_the_rebuild():
    report = _relu_regression_without_activations(lr=1e-3, steps=400, offset=0.0)
    assert report.codes == [] and report.last_loss < 1.0, report


def _losses_only(values):
    d = Doctor()
    for epoch, loss in enumerate(values):
        d.observe(epoch=epoch, loss=loss)
    return d.report()


def test_ten_observations_of_a_failing_loss_that_barely_falls_are_a_plateau():
    # One observation per epoch for 10 epochs (a per-sample loop): 5% below its first value, 0.2% over the last half.
    report = _losses_only([1.0, 0.97, 0.96, 0.955, 0.953, 0.952, 0.9515, 0.951, 0.9507, 0.9505])
    assert "loss-plateau" in report.codes


def test_ten_observations_of_a_loss_that_learns_or_still_falls_are_not_a_plateau():
    converged = _losses_only([1.0, 0.5, 0.3, 0.2, 0.15, 0.12, 0.11, 0.105, 0.103, 0.102])
    falling = _losses_only([1.0, 0.9995, 0.999, 0.998, 0.997, 0.99, 0.975, 0.96, 0.945, 0.93])   # 6% over its last half
    assert "loss-plateau" not in converged.codes + falling.codes


def _logistic_logging_another_number(gradient_factor=1.0, steps=60):
    """Logistic regression on raw columns (one in the hundreds) from integer weights: every sigmoid is ~1. It logs
    the log-likelihood without its minus sign and of h - 0.1 (no usual loss), and takes the mean cross-entropy's
    gradient times ``gradient_factor`` (1: right)."""
    rng = np.random.default_rng(4)
    x = np.column_stack([rng.integers(1, 4, 300), rng.uniform(1, 80, 300), rng.uniform(0, 300, 300)])
    y = (x[:, 2:] + rng.normal(0, 50, (300, 1)) > 120).astype(float)
    theta = rng.integers(1, 10, (3, 1)).astype(float)
    d = Doctor()
    for step in range(steps):
        h = sigmoid(x @ theta)
        grad = gradient_factor * x.T @ (h - y) / len(x)
        theta = theta - 1e-4 * grad
        h = sigmoid(x @ theta)
        logged = float(np.mean(y * np.log(h - 0.1) + (1 - y) * np.log(1 - (h - 0.1))))
        d.observe(epoch=step, loss=logged, params={"theta": theta}, grads={"theta": grad}, lr=1e-4, inputs=x,
                  targets=y, predictions=h)
    return d.report()


def test_right_gradients_of_a_usual_loss_are_not_accused_when_the_logged_number_is_no_usual_loss():
    report = _logistic_logging_another_number()
    assert "all right" in report.gradients and "mean binary cross-entropy" in report.gradients
    assert "gradient-mismatch" not in {f.code for f in report.findings}


def test_wrong_gradients_next_to_a_logged_number_that_is_no_usual_loss_are_never_called_right():
    report = _logistic_logging_another_number(gradient_factor=-1.0)
    assert report.gradients is None or "all right" not in report.gradients
