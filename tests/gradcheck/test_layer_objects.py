"""gradcheck_layer on layer objects written the way books and repositories write them: outputs and
input gradients stored as attributes, parameters as plain attributes, lists of layers, a loss pair,
dropout, and an explicit mapping for unusual names. Every class here is written for these tests."""
import copy

import numpy as np
import pytest

from scratchnn import InputError, gradcheck_layer


class StoredDense:
    """``forward`` stores ``self.output``; ``backward`` stores dweights, dbiases, dinputs."""

    def __init__(self, n_in, n_out, seed=0, bug=None):
        rng = np.random.default_rng(seed)
        self.weights = 0.5 * rng.standard_normal((n_in, n_out))
        self.biases = np.zeros((1, n_out))
        self.bug = bug

    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs @ self.weights + self.biases

    def backward(self, dvalues):
        self.dweights = self.inputs.T @ dvalues
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = dvalues @ self.weights.T
        if self.bug == "dweights_mean":
            self.dweights = self.dweights / len(dvalues)
        if self.bug == "dinputs_sign":
            self.dinputs = -self.dinputs


class StoredReLU:
    def __init__(self, bug=False):
        self.bug = bug

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        if not self.bug:
            self.dinputs[self.inputs <= 0] = 0


class Dropout:
    """Inverted dropout drawing its mask from NumPy's global generator, in training only."""

    def __init__(self, keep=0.7):
        self.keep = keep

    def forward(self, inputs, training):
        self.mask = (np.random.random(inputs.shape) < self.keep) / self.keep if training else 1.0
        self.output = inputs * self.mask

    def backward(self, dvalues):
        self.dinputs = dvalues * self.mask


class Scale:
    """Unusual names: ``self.g`` scaled by ``self.g_bar``; needs the explicit mapping."""

    def __init__(self, n):
        self.g = np.linspace(0.5, 1.5, n)

    def forward(self, x):
        self._x = x
        return x * self.g

    def backward(self, dy):
        self.g_bar = np.sum(dy * self._x, axis=0)
        return dy * self.g


class Private:
    """Leading underscores, forward returning, backward returning dx: ``_W`` and ``_grad_W``."""

    def __init__(self):
        self._W = np.arange(6.0).reshape(3, 2) / 5

    def forward(self, x):
        self._x = x
        return np.tanh(x @ self._W)

    def backward(self, dy):
        dz = dy * (1 - np.tanh(self._x @ self._W) ** 2)
        self._grad_W = self._x.T @ dz
        return dz @ self._W.T


X = np.random.default_rng(3).standard_normal((6, 3))


def test_a_book_style_network_is_checked_layer_by_layer_with_attribute_names():
    net = [StoredDense(3, 5), StoredReLU(), StoredDense(5, 2, seed=1)]
    report = gradcheck_layer(net, X)
    assert report.ok, str(report)
    assert [r.name for r in report.results] == [
        "layers[0].input", "layers[0].weights", "layers[0].biases", "layers[1].input",
        "layers[2].input", "layers[2].weights", "layers[2].biases"]


def test_a_missing_relu_derivative_shows_in_its_layer_and_below():
    net = [StoredDense(3, 5), StoredReLU(bug=True), StoredDense(5, 2, seed=1)]
    X_mixed = X.copy()
    report = gradcheck_layer(net, X_mixed)
    assert report["layers[2].weights"].ok and report["layers[2].input"].ok
    assert not report["layers[1].input"].ok and not report["layers[0].weights"].ok
    assert "layers[1]" in report.where_it_goes_wrong


def test_a_weight_gradient_divided_by_the_batch_is_named_in_a_network():
    net = [StoredDense(3, 5, bug="dweights_mean"), StoredReLU(), StoredDense(5, 2, seed=1)]
    result = gradcheck_layer(net, X)["layers[0].weights"]
    assert result.pattern == "scale" and result.factor == pytest.approx(1 / 6, rel=1e-6)


def test_the_objects_are_left_exactly_as_they_were():
    net = [StoredDense(3, 5, bug="dinputs_sign"), Dropout(), StoredDense(5, 2, seed=1)]
    net[0].forward(X[:2])                   # the user already ran it: caches exist
    before = copy.deepcopy([vars(layer) for layer in net])
    ids = [{k: id(v) for k, v in vars(layer).items()} for layer in net]
    np.random.seed(123)
    state = np.random.get_state()[1].copy()
    gradcheck_layer(net, X)
    assert np.array_equal(np.random.get_state()[1], state)
    for layer, saved, saved_ids in zip(net, before, ids):
        assert set(vars(layer)) == set(saved)
        assert {k: id(v) for k, v in vars(layer).items()} == saved_ids
        for key, value in saved.items():
            assert np.array_equal(vars(layer)[key], value) if isinstance(value, np.ndarray) else True


def test_dropout_sees_the_same_mask_in_every_evaluation():
    report = gradcheck_layer([StoredDense(3, 5), Dropout(), StoredDense(5, 2, seed=1)], X)
    assert report.ok, str(report)


def test_explicit_mapping_for_unusual_names_and_empty_for_a_layer_without_parameters():
    layer = Scale(3)
    found = gradcheck_layer(layer, X)
    assert [r.name for r in found.results] == ["layers[0].input"]       # g_bar is no known spelling
    assert any("not checked, no gradient found for: layers[0].g" in w for w in found.warnings)
    assert "warning: not checked" in str(found)
    report = gradcheck_layer([layer, StoredReLU()], X, params=[{"g": "g_bar"}, {}])
    assert report.ok and report["layers[0].g"].ok


def test_underscored_attributes_pair_and_returned_values_are_read():
    report = gradcheck_layer(Private(), X)
    assert [r.name for r in report.results] == ["layers[0].input", "layers[0]._W"] and report.ok


def test_a_loss_pair_checks_the_loss_gradient_too():
    y = np.eye(2)[[0, 1, 1, 0, 1, 0]]

    def value(out):
        e = np.exp(out - out.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        return float(-np.mean(np.sum(y * np.log(p), axis=1)))

    def grad_right(out):
        e = np.exp(out - out.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True) - y) / len(out)

    def grad_unaveraged(out):
        return grad_right(out) * len(out)

    net = [StoredDense(3, 4), StoredReLU(), StoredDense(4, 2, seed=1)]
    right = gradcheck_layer(net, X, loss=(value, grad_right))
    assert right.ok and right.results[-1].name == "loss.input"
    wrong = gradcheck_layer(net, X, loss=(value, grad_unaveraged))
    assert wrong["loss.input"].pattern == "scale" and wrong["loss.input"].factor == pytest.approx(6, rel=1e-6)
    assert wrong["layers[0].weights"].pattern == "scale"


def test_bad_calls_are_input_errors():
    with pytest.raises(InputError, match="one mapping per layer"):
        gradcheck_layer([StoredDense(3, 2), StoredReLU()], X, params=[{}])
    with pytest.raises(InputError, match="value_fn"):
        gradcheck_layer(StoredDense(3, 2), X, loss=lambda y: 0.0)
    with pytest.raises(InputError, match="complex"):
        gradcheck_layer(StoredDense(3, 2), X.astype(complex))
    with pytest.raises(InputError, match="not an array attribute"):
        gradcheck_layer(Scale(3), X, params=[{"g": "dg"}])
    layer = StoredDense(3, 2)
    with pytest.raises(InputError, match="twice"):
        gradcheck_layer([layer, layer], X)


class Float32Inside(StoredDense):
    """Casts to float32 whatever it is given, as code written for GPUs or memory often does."""

    def forward(self, inputs):
        super().forward(inputs.astype(np.float32))
        self.output = self.output.astype(np.float32)


def test_a_layer_that_computes_in_float32_is_not_called_wrong():
    with pytest.warns(RuntimeWarning, match="float32"):
        report = gradcheck_layer([Float32Inside(3, 4), StoredReLU()], X)
    assert report.ok, str(report)


def test_relus_sitting_exactly_at_zero_behind_a_dead_sample_are_not_called_wrong():
    """Sample 0 is negative where every first-layer weight is positive: its hidden row is exactly 0,
    so (zero biases) the next ReLU's inputs are exactly 0, where backpropagation takes slope 0."""
    first, second = StoredDense(3, 4), StoredDense(4, 5, seed=1)
    first.weights = np.abs(first.weights)
    x = X.copy()
    x[0] = -np.abs(x[0]) - 0.1
    report = gradcheck_layer([first, StoredReLU(), second, StoredReLU(), StoredDense(5, 2, seed=2)], x)
    assert report.ok, str(report)
    assert report["layers[2].input"].excluded > 0


class StoredSigmoid:
    def forward(self, inputs):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * self.output * (1 - self.output)


class StoredSoftmax:
    def forward(self, inputs):
        e = np.exp(inputs - inputs.max(axis=1, keepdims=True))
        self.output = e / e.sum(axis=1, keepdims=True)

    def backward(self, dvalues):
        s = self.output      # the softmax Jacobian applied row by row: s * (g - <g, s>)
        self.dinputs = s * (dvalues - np.sum(dvalues * s, axis=1, keepdims=True))


@pytest.mark.parametrize("seed", range(8))
def test_random_correct_networks_are_never_called_wrong(seed):
    rng = np.random.default_rng(seed)
    sizes = [int(n) for n in rng.integers(1, 8, rng.integers(2, 5))]
    net = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        net.append(StoredDense(n_in, n_out, seed=10 * seed + i))
        net[-1].weights *= rng.uniform(0.2, 5)          # small to saturating pre-activations
        net.append([StoredReLU, StoredSigmoid, StoredSoftmax][rng.integers(0, 3)]())
    x = rng.uniform(0.1, 10) * rng.standard_normal((int(rng.integers(1, 10)), sizes[0]))
    report = gradcheck_layer(net, x)
    assert report.ok, str(report)


class UnsummedBias(StoredDense):
    def backward(self, dvalues):
        super().backward(dvalues)
        self.dbiases = dvalues.copy()          # one row per sample: not summed over the batch


def test_a_gradient_attribute_of_the_wrong_shape_is_still_paired_and_diagnosed():
    report = gradcheck_layer([UnsummedBias(3, 4), StoredReLU()], X)
    assert report["layers[0].biases"].pattern == "shape"
    assert "not summed over the batch" in report["layers[0].biases"].message


class ReturnsGrads:
    """backward returns (dx, [dW, db]) and stores nothing; ``bug`` averages dW over the batch."""

    def __init__(self, bug=False):
        rng = np.random.default_rng(4)
        self.W, self.b, self.bug = rng.standard_normal((3, 2)), np.zeros((1, 2)), bug

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dy):
        dW = self.x.T @ dy / (len(dy) if self.bug else 1)
        return dy @ self.W.T, [dW, dy.sum(axis=0, keepdims=True)]


def test_parameter_gradients_returned_after_dx_are_paired_by_shape_or_by_position():
    report = gradcheck_layer(ReturnsGrads(), X)
    assert [r.name for r in report.results] == ["layers[0].input", "layers[0].W", "layers[0].b"] and report.ok
    wrong = gradcheck_layer(ReturnsGrads(bug=True), X, params=[{"W": 0, "b": 1}])
    assert wrong["layers[0].W"].pattern == "scale" and wrong["layers[0].b"].ok
    with pytest.raises(InputError, match="returned 2 gradient"):
        gradcheck_layer(ReturnsGrads(), X, params=[{"W": 2}])
