"""Real cases in the function-pair form: tanh and vanilla RNN steps (CS231n assignment 3 style).

Same ``build()`` contract as ``gcreal_pairs.py``. Shapes follow the assignment's checks:
x (N, D) or (N, T, D), h (N, H), Wx (D, H), Wh (H, H), b (H,).
"""
import numpy as np

from gcreal_cases import Case


# --- a tanh backward that takes the tanh of the upstream gradient ---------------------------------

def tanh_forward(z):
    return np.tanh(z)


def tanh_backward(next_dz):
    """Applies the derivative's formula to the upstream gradient instead of to z, and drops next_dz."""
    return 1 - np.square(np.tanh(next_dz))


def build_tanh():
    rng = np.random.default_rng(41)
    return {"forward": tanh_forward, "backward": lambda dout, cache: tanh_backward(dout),
            "inputs": {"z": rng.standard_normal((4, 5))}}


# --- one RNN step, and the whole sequence ----------------------------------------------------------

def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h, cache):
    """d tanh(a) / da = 1 - tanh(a)^2 = 1 - next_h^2 (tanh, not tan: hence the minus)."""
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1 - next_h ** 2)
    return da @ Wx.T, da @ Wh.T, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def rnn_forward(x, h0, Wx, Wh, b):
    n, t_len, _ = x.shape
    h, caches, prev = np.empty((n, t_len, h0.shape[1])), [], h0
    for t in range(t_len):
        prev, cache = rnn_step_forward(x[:, t, :], prev, Wx, Wh, b)
        h[:, t, :] = prev
        caches.append(cache)
    return h, caches


def rnn_backward_in_place(dh, cache):
    """Right values, but the loop adds the carried gradient into the caller's ``dh`` in place."""
    n, t_len, hidden = dh.shape
    dx = np.empty((n, t_len, cache[0][0].shape[1]))
    dprev_h = np.zeros((n, hidden))
    dWx, dWh, db = 0, 0, 0
    for t in reversed(range(t_len)):
        dh[:, t, :] = dprev_h + dh[:, t, :]           # writes into the upstream gradient it was given
        dx[:, t, :], dprev_h, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t, :], cache[t])
        dWx, dWh, db = dWx + dWx_t, dWh + dWh_t, db + db_t
    return dx, dprev_h, dWx, dWh, db


def build_rnn_step():
    rng = np.random.default_rng(42)
    n, d, h = 4, 5, 6
    return {"forward": rnn_step_forward, "backward": rnn_step_backward,
            "inputs": {"x": rng.standard_normal((n, d)), "prev_h": rng.standard_normal((n, h)),
                       "Wx": rng.standard_normal((d, h)), "Wh": rng.standard_normal((h, h)),
                       "b": rng.standard_normal(h)}}


def build_rnn_sequence():
    rng = np.random.default_rng(43)
    n, d, t_len, h = 2, 3, 10, 5
    return {"forward": rnn_forward, "backward": rnn_backward_in_place,
            "inputs": {"x": rng.standard_normal((n, t_len, d)), "h0": rng.standard_normal((n, h)),
                       "Wx": rng.standard_normal((d, h)), "Wh": rng.standard_normal((h, h)),
                       "b": rng.standard_normal(h)}}


RNN_LABELS = ("x", "Wx", "Wh", "b")

CASES = [
    Case("tanh_backward_of_the_gradient", "pair", "https://github.com/yizt/numpy_neural_network/issues/6",
         "tanh_backward(next_dz) returns 1 - tanh(next_dz)^2: the derivative taken of the upstream gradient, "
         "never multiplied by it; the maintainer confirms and fixes it", {"z": ("mismatch",)}, build_tanh,
         note="the one-argument backward is wrapped as backward(dout, cache) to fit the pair form"),
    Case("rnn_step_backward_tanh_not_tan", "pair", "https://github.com/Yiming-Wange/cs231n-solution/issues/1",
         "asks why rnn_step_backward uses 1 - next_h^2 when d tan = 1 + tan^2; tanh's derivative is 1 - tanh^2, "
         "so the code is right", {name: "ok" for name in ("x", "prev_h") + RNN_LABELS[1:]}, build_rnn_step,
         note="the assignment's check sizes N, D, H = 4, 5, 6"),
    Case("rnn_backward_adds_into_dout", "pair", "https://github.com/Burton2000/CS231n-2017/issues/7",
         "rnn_step_backward passes (1e-9) but every gradient of rnn_backward comes out wrong, 'so weird'; the "
         "loop shown writes dh[:, t, :] = dprev_h + dh[:, t, :] into the caller's dout, which the notebook's "
         "numeric check then reuses (the thread does not state the cause). The returned gradients are right",
         {name: "ok" for name in ("x", "h0") + RNN_LABELS[1:]}, build_rnn_sequence,
         note="the assignment's sizes N, D, T, H = 2, 3, 10, 5"),
]
