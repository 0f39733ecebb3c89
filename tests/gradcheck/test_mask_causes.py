"""A mask diagnosis names a cause only where the numbers single it out (see mask_words.py).

Each test builds the bug, checks that the checker calls it a mask, and reads the one relation the
message may rest on: the rows an index repeats, the entries where a ReLU's input is <= 0, the
blocks of a flat vector with their own factors. A mask with none of these names no ReLU.
"""
import numpy as np
import pytest

from scratchnn import gradcheck, gradcheck_layer, gradcheck_pair


def embed_forward(C, idx):
    return C[idx], (idx, C.shape)


def scatter_backward(dout, cache):
    """``dC[idx] += dout`` with a 1-D idx: NumPy adds a repeated row once."""
    idx, shape = cache
    dC = np.zeros(shape)
    dC[idx] += dout
    return dC


def test_rows_an_index_picks_twice_are_named_with_np_add_at_as_the_fix():
    idx = np.array([0, 0, 2, 5, 5, 5, 7])
    C = np.random.default_rng(0).standard_normal((9, 4))
    report = gradcheck_pair(embed_forward, scatter_backward, {"C": C}, args=(idx,))
    r = report["C"]
    assert r.pattern == "mask" and not r.ok
    assert r.message.startswith("rows 0, 5 of C")
    assert "picks more than once" in r.message and "np.add.at" in r.message and "ReLU" not in r.message


def test_the_same_rows_without_a_repeating_index_get_no_index_story():
    """Rows 0 and 5 wrong by a factor, but idx picks every row once: no index is blamed."""
    idx = np.arange(9)
    C = np.random.default_rng(1).standard_normal((9, 4))

    def backward(dout, cache):
        dC = np.zeros(cache[1])
        dC[cache[0]] = dout
        dC[[0, 5]] *= np.array([[1.0, 2.0, 3.0, 4.0]])      # no single factor per row
        return dC

    r = gradcheck_pair(embed_forward, backward, {"C": C}, args=(idx,))["C"]
    assert r.pattern == "mask"
    assert "picks more than once" not in r.message and "ReLU" not in r.message


class Dense:
    def __init__(self, n_in, n_out, seed):
        self.weights = 0.5 * np.random.default_rng(seed).standard_normal((n_in, n_out))
        self.biases = np.zeros((1, n_out))

    def forward(self, inputs):
        self.inputs = inputs
        return inputs @ self.weights + self.biases

    def backward(self, dvalues):
        self.dweights = self.inputs.T @ dvalues
        self.dbiases = dvalues.sum(axis=0, keepdims=True)
        return dvalues @ self.weights.T


class PassThroughReLU:
    def forward(self, inputs):
        return np.maximum(0, inputs)

    def backward(self, dvalues):
        return dvalues                     # the derivative (0 where inputs <= 0) is missing


class Dropout:
    """Inverted dropout whose backward forgets the mask (keeps the 1/keep scale)."""

    def forward(self, inputs):
        self.mask = np.random.rand(*inputs.shape) < 0.5
        return inputs * self.mask / 0.5

    def backward(self, dvalues):
        return dvalues / 0.5


def test_a_relus_input_is_named_only_where_the_wrong_entries_are_its_nonpositive_ones():
    x = np.random.default_rng(2).standard_normal((6, 3))
    r = gradcheck_layer([Dense(3, 5, seed=0), PassThroughReLU(), Dense(5, 2, seed=1)], x)["layers[1].input"]
    assert r.pattern == "mask"
    assert "exactly the entries where layers[1].input <= 0" in r.message and "ReLU" in r.message


def test_a_dropout_mask_left_out_is_not_blamed_on_a_relu_input():
    x = np.random.default_rng(3).standard_normal((8, 3)) + 3     # Dense outputs of both signs
    r = gradcheck_layer([Dense(3, 6, seed=0), Dropout(), Dense(6, 2, seed=1)], x)["layers[1].input"]
    assert r.pattern == "mask"
    assert "<= 0" not in r.message and "dropout mask" in r.message


def test_blocks_of_a_flat_vector_are_given_their_own_factors():
    """theta holds three layers' arrays; the gradient vector has the first block * 2, the second * 4
    (deeplearning.ai's gradient_check_n exercise), the third right."""
    rng = np.random.default_rng(4)
    w, theta = rng.uniform(0.5, 1.5, 15), rng.standard_normal(15)

    def J(t):
        return float(np.sum(w * np.sin(t)))

    grad = w * np.cos(theta) * np.repeat([2.0, 4.0, 1.0], [6, 3, 6])
    r = gradcheck(J, theta, grad)["<array>"]
    assert r.pattern == "mask"
    assert "entries 0–5 are 2.000x the true gradient; entries 6–8 are 4.000x" in r.message
    assert "ReLU" not in r.message


@pytest.mark.parametrize("rows", [[1], [0, 3]])
def test_rows_where_the_true_gradient_is_zero_keep_the_missing_derivative_reading(rows):
    """Units that never reach the loss: the true gradient's rows are 0 and yours are not."""
    rng = np.random.default_rng(5)
    X = rng.standard_normal((6, 4))
    W2 = rng.standard_normal((5, 1))
    W2[rows] = 0.0                                  # these hidden units do not reach the loss

    def loss(p):
        return float(np.sum(np.tanh(p["W1"] @ X.T).T @ W2))

    W1 = rng.standard_normal((5, 4))
    h = np.tanh(W1 @ X.T)
    dW1 = ((1 - h ** 2) * W2).dot(X)
    dW1[rows] = 1.0                                 # something nonzero where the true gradient is 0
    r = gradcheck(loss, {"W1": W1}, {"dW1": dW1})["W1"]
    assert r.pattern == "mask" and "the true gradient is 0 and yours is not" in r.message
