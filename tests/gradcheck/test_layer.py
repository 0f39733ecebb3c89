"""gradcheck_layer on small hand-written layers (right and wrong) and on scratchnn's own Dense."""
import numpy as np
import pytest

from scratchnn.gradchecker import gradcheck_layer


class TinyDense:
    """y = x W + b, with an optional planted bug in backward."""

    kind = "dense"

    def __init__(self, n_in, n_out, bug=None, dtype=np.float64):
        rng = np.random.default_rng(0)
        self.W = rng.standard_normal((n_in, n_out)).astype(dtype)     # also reachable as an attribute
        self.params = {"W": self.W, "b": rng.standard_normal(n_out).astype(dtype)}
        self.grads = {"W": np.zeros_like(self.W), "b": np.zeros(n_out, dtype=dtype)}
        self.bug = bug

    def forward(self, x, training=True):
        self._x = x
        return x @ self.W + self.params["b"]

    def backward(self, dy):
        self.grads["W"][...] = self._x.T @ dy
        self.grads["b"][...] = dy.sum(axis=0)
        if self.bug == "mean_over_batch":
            self.grads["W"][...] /= len(dy)
        dx = dy @ self.W.T
        return -dx if self.bug == "dx_sign" else dx


class TinyTanh:
    kind = "tanh"

    def __init__(self, bug=False):
        self.params, self.grads, self.bug = {}, {}, bug

    def forward(self, x, training=True):
        self._y = np.tanh(x)
        return self._y

    def backward(self, dy):
        return dy * (1 - self._y) if self.bug else dy * (1 - self._y ** 2)


X = np.random.default_rng(1).standard_normal((5, 3))


def test_a_correct_layer_is_ok_for_input_and_parameters():
    report = gradcheck_layer(TinyDense(3, 4), X)
    assert report.ok and [r.name for r in report.results] == ["layers[0].input", "layers[0].W", "layers[0].b"]


def test_weight_gradient_divided_by_the_batch_is_named():
    result = gradcheck_layer(TinyDense(3, 4, bug="mean_over_batch"), X)["layers[0].W"]
    assert result.pattern == "scale" and result.factor == pytest.approx(1 / 5, rel=1e-6)
    assert "= 1/m (m = 5)" in result.message


def test_input_gradient_with_flipped_sign():
    report = gradcheck_layer(TinyDense(3, 4, bug="dx_sign"), X)
    assert report["layers[0].input"].pattern == "sign" and report["layers[0].W"].ok and report["layers[0].b"].ok


def test_activation_layers_without_parameters():
    assert gradcheck_layer(TinyTanh(), X).ok
    wrong = gradcheck_layer(TinyTanh(bug=True), X)
    assert not wrong.ok and wrong["layers[0].input"].pattern != "ok"


def test_float32_layer_is_checked_in_float64_and_left_exactly_as_it_was():
    layer = TinyDense(3, 4, dtype=np.float32)
    W, b, dW = layer.W, layer.params["b"], layer.grads["W"]
    before = (W.tobytes(), b.tobytes())
    report = gradcheck_layer(layer, X)
    assert report.ok and report.rtol == 1e-5
    assert layer.W is W and layer.params["W"] is W and layer.params["b"] is b and layer.grads["W"] is dW
    assert (W.tobytes(), b.tobytes()) == before and W.dtype == np.float32


def test_an_object_without_backward_is_a_clear_error():
    with pytest.raises(ValueError, match="no backward method"):
        gradcheck_layer(type("NoBackward", (), {"forward": lambda self, x: x})(), X)


def test_scratchnn_dense_layer():
    layers = pytest.importorskip("scratchnn.layers")
    if not hasattr(layers, "Dense"):
        pytest.skip("scratchnn.layers.Dense does not exist yet")
    layer = layers.Dense(3, 4, seed=0)
    before = {k: v.tobytes() for k, v in layer.params.items()}
    report = gradcheck_layer(layer, X)
    assert report.ok, str(report)
    assert {k: v.tobytes() for k, v in layer.params.items()} == before


@pytest.mark.parametrize("name", ["ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax"])
def test_scratchnn_activations_including_inputs_on_the_kink(name):
    activations = pytest.importorskip("scratchnn.activations")
    if not hasattr(activations, name):
        pytest.skip(f"scratchnn.activations.{name} does not exist yet")
    x = X.copy()
    x[0, :] = 0.0                  # exactly on ReLU's kink: any slope in [0, 1] is a valid answer
    report = gradcheck_layer(getattr(activations, name)(), x)
    assert report.ok, str(report)
