"""Large tensors are sampled (random directions, every row and column, single entries) and still diagnosed."""
import numpy as np
import pytest

from scratchnn.gradchecker import gradcheck


class WideReLU:
    """z = X W1 + b1 -> ReLU -> W2, with W1 (600, 8): 4800 entries, beyond elementwise checking.

    ``units_on_rows`` stores W1 as (8, 600) instead (seed 002's layout: one row per hidden unit).
    Hidden units 2 and 5 are inactive on every sample, the others active on every sample.
    """

    def __init__(self, units_on_rows=False, m=6):
        rng = np.random.default_rng(3)
        self.rows = units_on_rows
        self.X = rng.random((m, 600))
        self.Y = rng.standard_normal((m, 1))
        W1 = 0.01 * rng.standard_normal((600, 8))
        b1 = np.array([1.0, 1.0, -5.0, 1.0, 1.0, -5.0, 1.0, 1.0])
        self.params = {"W1": W1.T.copy() if units_on_rows else W1, "b1": b1,
                       "W2": rng.standard_normal((8, 1))}

    def _W1(self, p):
        return p["W1"].T if self.rows else p["W1"]

    def loss_fn(self, p):
        a = np.maximum(self.X @ self._W1(p) + p["b1"], 0)
        return float(0.5 * np.mean((a @ p["W2"] - self.Y) ** 2))

    def grads(self, p, no_relu_derivative=False):
        z = self.X @ self._W1(p) + p["b1"]
        a = np.maximum(z, 0)
        dy = (a @ p["W2"] - self.Y) / len(self.X)
        da = dy @ p["W2"].T
        dz = da if no_relu_derivative else da * (z > 0)
        dW1 = self.X.T @ dz
        return {"dW1": dW1.T.copy() if self.rows else dW1, "db1": dz.sum(0), "dW2": a.T @ dy}


@pytest.mark.parametrize("rows", [False, True])
def test_correct_large_gradient_is_ok_and_says_what_was_sampled(rows):
    net = WideReLU(rows)
    report = gradcheck(net.loss_fn, net.params, net.grads(net.params))
    assert report.ok, str(report)
    checked = report["W1"].checked
    assert checked.startswith("sampled: 4 random directions") and "16 random single entries of 4800" in checked
    assert ("every row (8 row probes)" in checked) == rows
    assert ("every column (8 column probes)" in checked) == (not rows)


@pytest.mark.parametrize("factor", [6, -1, 0])
def test_scale_sign_and_zero_on_a_sampled_tensor(factor):
    net = WideReLU()
    grads = net.grads(net.params)
    grads["dW1"] = grads["dW1"] * factor
    result = gradcheck(net.loss_fn, net.params, grads, batch_size=6)["W1"]
    expected = {6: "scale", -1: "sign", 0: "zero"}[factor]
    assert result.pattern == expected
    if factor == 6:
        assert result.factor == pytest.approx(6, rel=1e-6) and "missing division by m" in result.message


@pytest.mark.parametrize("rows", [False, True])
def test_mask_on_a_sampled_tensor_names_the_dead_units(rows):
    net = WideReLU(rows)
    report = gradcheck(net.loss_fn, net.params, net.grads(net.params, no_relu_derivative=True))
    result = report["W1"]
    axis = "rows" if rows else "columns"
    assert result.pattern == "mask" and f"{axis} 2, 5 of dW1" in result.message
    assert "true gradient is 0" in result.message


def test_regularization_on_a_sampled_tensor():
    net = WideReLU()
    grads = net.grads(net.params)
    grads["dW1"] = grads["dW1"] + 0.05 * net.params["W1"]
    result = gradcheck(net.loss_fn, net.params, grads)["W1"]
    assert result.pattern == "regularization" and "0.05" in result.message
