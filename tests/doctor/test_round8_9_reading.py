"""What the held-out rounds 8 and 9 of the real corpus taught the doctor (each case made small, our own loops):

* a single layer (linear regression's theta, logistic or softmax regression's W) started at zero is not
  "symmetric units": its output units see different targets and part at the first step; a network with a
  hidden layer started at one constant still is;
* gradients that are all exactly 1/2 (or 2) x the gradient of the logged loss are the 1/2 of 1/2 (y - t)^2
  kept in one and dropped from the other: the gradients count as right and the report's gradients line says
  so (a factor 2 in one layer only is still a gradient-scale bug: test_round6_reading.py); gradcheck names
  that factor even at gradients near 1e150, where a diverged run is checked;
* a column of ones (the bias trick) is not a feature whose scale differs 1000x from the others;
* layers whose names give no number, listed output layer first, are rebuilt in the order that chains.
"""
import numpy as np

from scratchnn.doctor import Doctor


def _codes(report, severity=("warning", "error")):
    return {f.code: f for f in report.findings if f.severity in severity}


def _regression(theta0, lr, half_gradient=True, scale=1.0, iterations=60, width=1):
    """Linear regression (100 samples, 5 features times ``scale``), the mean squared error logged, the gradient
    X.T @ e / m (the gradient of half that loss) or 2 X.T @ e / m (its true gradient); ``width`` outputs."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((100, 5)) * scale
    Y = X @ rng.standard_normal((5, width)) + 0.1
    theta = np.full((5, width), theta0) if np.isscalar(theta0) else theta0
    d = Doctor()
    with np.errstate(all="ignore"):
        for it in range(iterations):
            p = X @ theta
            e = p - Y
            g = X.T @ e / len(X) * (1 if half_gradient else 2)
            d.observe(epoch=it, loss=float(np.mean(e ** 2)), params={"theta": theta}, grads={"theta_grad": g}, lr=lr,
                      inputs=X, targets=Y, predictions=p)
            theta = theta - lr * g
    return d.report()


def test_linear_regression_from_zero_is_not_symmetric_units_even_when_it_diverges():
    report = _regression(0.0, lr=0.01, scale=60.0)     # unscaled inputs: it diverges
    assert report.failing, report
    assert "symmetric-units" not in _codes(report, ("info", "warning", "error")), report


def test_softmax_like_single_layer_with_identical_zero_columns_is_not_symmetric_units():
    report = _regression(0.0, lr=0.1, width=3)
    assert "symmetric-units" not in _codes(report, ("info", "warning", "error")), report


def test_a_hidden_layer_started_at_one_constant_is_still_symmetric_units():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((40, 2))
    y = (x[:, :1] * x[:, 1:] > 0).astype(float)
    p = {"W1": np.zeros((2, 4)), "b1": np.zeros(4), "W2": np.zeros((4, 1)), "b2": np.zeros(1)}
    d = Doctor()
    for epoch in range(40):
        h = np.tanh(x @ p["W1"] + p["b1"])
        out = h @ p["W2"] + p["b2"]
        dz = 2 * (out - y) / len(x)
        dh = dz @ p["W2"].T * (1 - h ** 2)
        g = {"dW1": x.T @ dh, "db1": dh.sum(0), "dW2": h.T @ dz, "db2": dz.sum(0)}
        d.observe(epoch=epoch, loss=float(np.mean((out - y) ** 2)), params=p, grads=g, lr=0.5, inputs=x, targets=y,
                  predictions=out)
        p = {k: p[k] - 0.5 * g["d" + k] for k in p}
    report = d.report()
    assert "symmetric-units" in _codes(report), report


def test_half_the_gradient_of_the_logged_mse_is_right_up_to_the_convention_and_silent():
    report = _regression(np.zeros((5, 1)) + 0.3, lr=0.1)
    assert not report.failing, report
    assert not _codes(report, ("info", "warning", "error")), report
    assert "all right (up to the 1/2 convention: 0.5x" in str(report), report


def test_a_diverging_run_with_the_half_convention_blames_the_setup_not_the_gradients():
    report = _regression(np.zeros((5, 1)) + 0.3, lr=0.01, scale=60.0)
    found = _codes(report)
    assert report.failing and "loss-diverging" in found, report
    assert "gradient-mismatch" not in found and "gradient-scale" not in found, report


def test_the_true_gradient_of_the_logged_mse_gets_no_convention_note():
    report = _regression(np.zeros((5, 1)) + 0.3, lr=0.05, half_gradient=False)
    assert "gradient-scale" not in _codes(report, ("info", "warning", "error")), report
    assert "all right" in str(report) and "convention" not in str(report), report


def test_gradcheck_names_a_factor_at_gradients_near_1e150_where_their_products_overflow():
    # A run checked just before it overflowed: gradients ~1e150, whose dot products (~1e300 each, summed) are inf.
    from scratchnn import gradcheck
    rng = np.random.default_rng(2)
    X = rng.uniform(0, 700, (50, 6))
    Y = rng.standard_normal((50, 1))
    theta = rng.standard_normal((6, 1)) * 1e146
    report = gradcheck(lambda p: float(np.mean((X @ p["theta"] - Y) ** 2)), {"theta": theta},
                       {"theta": X.T @ (X @ theta - Y) / len(X)})
    assert np.abs(report["theta"].factor - 0.5) < 1e-3 and report["theta"].pattern == "scale", str(report)


def _raw_house_table(extra_column):
    """House-like linear regression: sizes 800-3000, bedrooms 1-5 and ``extra_column`` (a column of ones: the bias
    trick; or a feature of scale 2), the price a linear function plus noise; theta from 0, alpha 1e-7."""
    rng = np.random.default_rng(3)
    size, rooms = rng.uniform(800, 3000, 60), rng.integers(1, 6, 60).astype(float)
    X = np.column_stack([extra_column(rng, 60), size, rooms])
    Y = (150 * size + 5000 * rooms + 20000 + rng.normal(0, 20000, 60))[:, None]
    theta, d = np.zeros((3, 1)), Doctor()
    for it in range(300):
        p = X @ theta
        g = X.T @ (p - Y) / len(X)
        if it % 5 == 0:
            d.observe(epoch=it, loss=float(np.sum((p - Y) ** 2) / (2 * len(X))), params={"theta": theta},
                      grads={"gradient": g}, lr=1e-7, inputs=X, targets=Y, predictions=p)
        theta = theta - 1e-7 * g
    return d.report()


def test_a_column_of_ones_is_the_bias_trick_not_a_feature_of_another_scale():
    report = _raw_house_table(lambda rng, n: np.ones(n))         # sizes / rooms: 600x, under the 1000x bar
    assert not report.failing, report
    assert report["unscaled-inputs"].severity == "info", report


def test_features_that_differ_1000x_still_warn_on_a_run_whose_loss_falls():
    report = _raw_house_table(lambda rng, n: rng.uniform(0.5, 2.0, n))   # 3000 / 2: 1500x
    assert report["unscaled-inputs"].severity == "warning", report


# ---------------------------------------------------------------- layers listed output first
def _output_first(missing_slope):
    """A 6-8-3 sigmoid network stored W @ x (column samples), its parameters listed hidden->output first
    (w_h_o, b_h_o, w_i_h, b_i_h: names that give no layer number); ``missing_slope``: the output delta lacks
    the sigmoid's a(1 - a). observe() before the update, on the whole batch."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal((6, 40))
    t = np.eye(3)[:, rng.integers(0, 3, 40)]
    p = {"w_h_o": rng.uniform(-0.5, 0.5, (3, 8)), "b_h_o": np.zeros((3, 1)),
         "w_i_h": rng.uniform(-0.5, 0.5, (8, 6)), "b_i_h": np.zeros((8, 1))}
    sig = lambda z: 1 / (1 + np.exp(-z))
    d = Doctor()
    for epoch in range(15):
        h = sig(p["w_i_h"] @ x + p["b_i_h"])
        o = sig(p["w_h_o"] @ h + p["b_h_o"])
        delta_o = (o - t) / x.shape[1] * (1 if missing_slope else o * (1 - o))
        delta_h = p["w_h_o"].T @ delta_o * h * (1 - h)
        g = {"delta_w_h_o": delta_o @ h.T, "delta_b_h_o": delta_o.sum(1, keepdims=True),
             "delta_w_i_h": delta_h @ x.T, "delta_b_i_h": delta_h.sum(1, keepdims=True)}
        d.observe(epoch=epoch, loss=float(np.sum((o - t) ** 2) / (2 * x.shape[1])), params=p, grads=g, lr=0.5,
                  inputs=x, targets=t, predictions=o)
        p = {k: p[k] - 0.5 * g["delta_" + k] for k in p}
    return d.report()


def test_layers_listed_output_first_are_rebuilt_in_the_order_that_chains_and_a_missing_slope_is_found():
    report = _output_first(missing_slope=True)
    line = str(report).splitlines()[1]
    assert "rebuilt forward pass" in line and "w_i_h @ X" in line and "wrong" in line, line
    assert "gradient-mismatch" in _codes(report, ("warning", "error")), report


def test_layers_listed_output_first_with_right_gradients_are_all_right():
    report = _output_first(missing_slope=False)
    assert "all right" in str(report).splitlines()[1], report
    assert "gradient-mismatch" not in _codes(report, ("info", "warning", "error")), report
