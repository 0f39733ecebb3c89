"""Forms found in held-out code: layers with ``__slots__``, gradient arrays filled in place (``+=``),
a step with two outputs (CS231n's lstm_step), and a deep ReLU net at a small init whose
pre-activations sit closer to the kink than the finite-difference step."""
from dataclasses import dataclass, field

import numpy as np
import pytest

from scratchnn import InputError, gradcheck, gradcheck_layer, gradcheck_pair


@dataclass(slots=True)
class SlotsDense:
    weights: np.ndarray
    biases: np.ndarray
    weights_gradient: np.ndarray = field(init=False)
    biases_gradient: np.ndarray = field(init=False)
    input: np.ndarray | None = field(init=False, default=None)
    double_bias: bool = False

    def __post_init__(self):
        self.weights_gradient = np.zeros_like(self.weights)
        self.biases_gradient = np.zeros_like(self.biases)

    def forward(self, x):
        self.input = x
        return x @ self.weights + self.biases

    def backward(self, dy):
        self.weights_gradient += self.input.T @ dy              # reset by the optimizer step, not here
        self.biases_gradient += dy.sum(axis=0) * (2 if self.double_bias else 1)
        return dy @ self.weights.T


class SlotsTanh:
    __slots__ = ("__out",)                                        # a private slot: stored mangled

    def forward(self, x):
        self.__out = np.tanh(x)
        return self.__out

    def backward(self, dy):
        return dy * (1 - self.__out ** 2)


def _net(double_bias=False):
    rng = np.random.default_rng(0)
    return [SlotsDense(rng.standard_normal((4, 5)), rng.standard_normal(5)), SlotsTanh(),
            SlotsDense(rng.standard_normal((5, 2)), rng.standard_normal(2), double_bias=double_bias)]


def test_slots_layers_are_checked_and_their_accumulated_gradients_read_once():
    x = np.random.default_rng(1).standard_normal((6, 4))
    report = gradcheck_layer(_net(), x)
    assert report.ok and set(report.patterns) == {
        "layers[0].input", "layers[0].weights", "layers[0].biases", "layers[1].input", "layers[2].input",
        "layers[2].weights", "layers[2].biases"}
    wrong = gradcheck_layer(_net(double_bias=True), x)
    assert wrong["layers[2].biases"].pattern == "scale" and wrong["layers[2].biases"].factor == pytest.approx(2)
    assert wrong["layers[0].weights"].ok


def test_slots_layers_are_left_exactly_as_they_were():
    net, x = _net(), np.random.default_rng(2).standard_normal((6, 4))
    before = [{name: getattr(layer, name) for name in ("weights", "biases", "weights_gradient", "biases_gradient",
                                                         "input")} for layer in (net[0], net[2])]
    copies = [{k: None if v is None else v.copy() for k, v in b.items()} for b in before]
    gradcheck_layer(net, x)
    for layer, saved, values in zip((net[0], net[2]), before, copies):
        for name, obj in saved.items():
            assert getattr(layer, name) is obj
            if obj is not None:
                assert np.array_equal(obj, values[name])
    assert not hasattr(net[1], "_SlotsTanh__out")                 # a slot the check filled is unset again


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i, f, o = (1 / (1 + np.exp(-a[:, k * H:(k + 1) * H])) for k in range(3))
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    return o * np.tanh(next_c), next_c, (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c)


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c = cache
    t = np.tanh(next_c)
    dc = dnext_c + o * (1 - t ** 2) * dnext_h                     # next_c reaches the loss two ways
    da = np.hstack([dc * g * i * (1 - i), dc * prev_c * f * (1 - f), dnext_h * t * o * (1 - o),
                    dc * i * (1 - g ** 2)])
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def _lstm_inputs():
    rng = np.random.default_rng(3)
    N, D, H = 3, 4, 5
    return {"x": rng.standard_normal((N, D)), "prev_h": rng.standard_normal((N, H)),
            "prev_c": rng.standard_normal((N, H)), "Wx": rng.standard_normal((D, 4 * H)),
            "Wh": rng.standard_normal((H, 4 * H)), "b": rng.standard_normal(4 * H)}


def test_a_step_with_two_outputs_gets_one_upstream_gradient_per_output():
    assert gradcheck_pair(lstm_step_forward, lstm_step_backward, _lstm_inputs()).ok

    def forgets_dnext_c(dnext_h, dnext_c, cache):
        return lstm_step_backward(dnext_h, 0 * dnext_c, cache)

    report = gradcheck_pair(lstm_step_forward, forgets_dnext_c, _lstm_inputs())
    assert not report["prev_c"].ok and not report["Wx"].ok
    assert report["Wx"].pattern == "mask" and "columns 0–9, 15–19 of Wx" in report["Wx"].message


def test_dout_for_two_outputs_is_a_tuple_of_matching_shapes():
    inputs = _lstm_inputs()
    douts = (np.ones((3, 5)), np.ones((3, 5)))
    assert gradcheck_pair(lstm_step_forward, lstm_step_backward, inputs, dout=douts).ok
    with pytest.raises(InputError, match="2 outputs before its cache"):
        gradcheck_pair(lstm_step_forward, lstm_step_backward, inputs, dout=np.ones((3, 5)))
    with pytest.raises(InputError, match=r"dout\[1\] has shape \(3, 4\)"):
        gradcheck_pair(lstm_step_forward, lstm_step_backward, inputs, dout=(np.ones((3, 5)), np.ones((3, 4))))


def test_a_correct_deep_relu_net_at_a_small_init_is_not_called_wrong():
    """cs231n FullyConnectedNet, 7 hidden layers, weight_scale 5e-2: pre-activations ~1e-8 lie inside
    the first finite-difference step, so both one-sided slopes cross kinks."""
    rng = np.random.default_rng(61)
    dims = [15, 20, 10, 10, 10, 10, 10, 30, 10]
    X, y = rng.standard_normal((2, 15)), rng.integers(0, 10, 2)
    p = {}
    for k in range(1, len(dims)):
        p[f"W{k}"], p[f"b{k}"] = 5e-2 * rng.standard_normal((dims[k - 1], dims[k])), np.zeros(dims[k])
    L = len(dims) - 1

    def forward(q):
        hs = [X]
        for k in range(1, L):
            hs.append(np.maximum(0, hs[-1] @ q[f"W{k}"] + q[f"b{k}"]))
        return hs[-1] @ q[f"W{L}"] + q[f"b{L}"], hs

    def loss(q):
        s = forward({**p, **q})[0]
        s = s - s.max(axis=1, keepdims=True)
        return float(np.mean(np.log(np.exp(s).sum(axis=1)) - s[np.arange(2), y]))

    s, hs = forward(p)
    d = np.exp(s - s.max(axis=1, keepdims=True))
    d /= d.sum(axis=1, keepdims=True)
    d[np.arange(2), y] -= 1
    d /= 2
    grads = {}
    for k in range(L, 0, -1):
        grads[f"W{k}"], grads[f"b{k}"] = hs[k - 1].T @ d, d.sum(axis=0)
        d = (d @ p[f"W{k}"].T) * (hs[k - 1] > 0)
    report = gradcheck(loss, {k: p[k] for k in ("b5", "b6", "b7", "W7")}, grads)
    assert report.ok, str(report)
