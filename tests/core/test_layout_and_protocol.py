"""The model's parameter layout, its initialisation rule and what a training step exposes."""
import numpy as np
import pytest

import scratchnn as sn


def test_params_and_grads_are_views_of_the_two_flat_arrays():
    model = sn.Sequential([sn.Dense(3, 4), sn.ReLU(), sn.Dense(4, 2)], seed=0)
    assert model.flat_params.shape == model.flat_grads.shape == (3 * 4 + 4 + 4 * 2 + 2,)
    model.flat_params[...] = np.arange(model.flat_params.size)
    # Names in layer order, each a view: W1 is the first 12 entries, b1 the next 4, ...
    np.testing.assert_array_equal(model.params["W1"], np.arange(12).reshape(3, 4))
    np.testing.assert_array_equal(model.params["b1"], np.arange(12, 16))
    np.testing.assert_array_equal(model.params["b2"], [24, 25])
    model.loss_and_grads(np.ones((5, 3)), np.zeros((5, 2)))
    assert np.array_equal(np.concatenate([g.ravel() for g in model.grads.values()]), model.flat_grads)
    assert np.any(model.flat_grads != 0)


def test_a_seeded_dense_keeps_its_own_weights_inside_a_model():
    alone = sn.Dense(3, 4, seed=5)
    inside = sn.Dense(3, 4, seed=5)
    sn.Sequential([inside, sn.ReLU(), sn.Dense(4, 1)], seed=0)
    np.testing.assert_array_equal(inside.params["W"], alone.params["W"])
    np.testing.assert_array_equal(inside.params["b"], alone.params["b"])


def test_weights_set_by_hand_before_building_are_not_redrawn():
    first = sn.Dense(2, 2, dtype="float64")
    first.params["W"][...] = [[1.0, 2.0], [3.0, 4.0]]
    model = sn.Sequential([first, sn.ReLU(), sn.Dense(2, 1)], seed=0, dtype="float64")
    np.testing.assert_array_equal(model.params["W1"], [[1.0, 2.0], [3.0, 4.0]])


def test_layers_on_auto_are_drawn_by_the_model_for_the_activation_that_follows():
    # Before a ReLU: fan-in uniform weights and biases at RELU_BIAS; before the output: Glorot, bias 0.
    model = sn.Sequential([sn.Dense(50, 40), sn.ReLU(), sn.Dense(40, 30)], seed=0, dtype="float64")
    W1, W2 = model.params["W1"], model.params["W2"]
    assert np.all(model.params["b1"] == sn.Dense.RELU_BIAS) and np.all(model.params["b2"] == 0)
    assert np.abs(W1).max() <= 1 / np.sqrt(50) and np.abs(W1).max() > 0.9 / np.sqrt(50)
    glorot = np.sqrt(6 / (40 + 30))
    assert np.abs(W2).max() <= glorot and np.abs(W2).max() > 0.9 * glorot
    again = sn.Sequential([sn.Dense(50, 40), sn.ReLU(), sn.Dense(40, 30)], seed=0, dtype="float64")
    assert np.array_equal(again.flat_params, model.flat_params)


def test_a_model_needs_no_dense_layer():
    class Scale(sn.Layer):
        """y = x * s, one parameter per feature."""
        kind = "scale"

        def __init__(self, n):
            super().__init__()
            self.params, self.grads = {"s": np.ones(n)}, {"s": np.zeros(n)}

        def forward(self, x, training=False):
            self.x = x
            return x * self.params["s"]

        def backward(self, dy):
            self.grads["s"][...] = np.sum(dy * self.x, axis=0)
            return dy * self.params["s"]

    model = sn.Sequential([Scale(2)], dtype="float64")
    X = np.array([[1.0, 2.0], [2.0, 1.0]])
    history = model.fit(X, 3 * X, optimizer=sn.SGD(0.1), epochs=200)
    np.testing.assert_allclose(model.params["s1"], [3.0, 3.0], rtol=1e-6)
    assert history.loss[-1] < 1e-10


def test_last_step_holds_the_last_batch_every_layer_output_and_the_live_arrays():
    X = np.arange(12.0).reshape(6, 2)
    y = np.arange(6.0)
    model = sn.Sequential([sn.Dense(2, 3), sn.Tanh(), sn.Dense(3, 1)], seed=0, dtype="float64")
    assert model.last_step() is None
    seen = []

    class Look(sn.Callback):
        def on_epoch_end(self, model, epoch, logs):
            step = model.last_step()
            seen.append((step.inputs.copy(), step.targets.copy(), [o.copy() for o in step.outputs]))
            assert step.params["W1"] is model.layers[0].params["W"]
            assert step.grads["b2"] is model.layers[2].grads["b"]

    model.fit(X, y, epochs=1, batch_size=4, shuffle=False, optimizer=sn.SGD(0.0001), callbacks=[Look()])
    inputs, targets, outputs = seen[0]
    np.testing.assert_array_equal(inputs, X[4:])  # the epoch's last batch: samples 4 and 5
    np.testing.assert_array_equal(targets, y[4:, None])
    assert [o.shape for o in outputs] == [(2, 3), (2, 3), (2, 1)]
    np.testing.assert_array_equal(outputs[1], np.tanh(outputs[0]))


def test_every_layer_returns_a_fresh_array():
    x = np.random.default_rng(0).normal(size=(4, 3))
    for layer in (sn.Dense(3, 3, seed=0, dtype="float64"), sn.ReLU(), sn.LeakyReLU(), sn.Sigmoid(), sn.Tanh(),
                  sn.Softmax(), sn.Identity()):
        y = layer.forward(x)
        dx = layer.backward(np.ones_like(y))
        assert not np.shares_memory(y, x) and not np.shares_memory(dx, y), type(layer).__name__


def test_callbacks_get_the_learning_rate_in_logs_and_history_keeps_it():
    X, y = np.eye(3), np.ones(3)
    lrs = []

    class Rates(sn.Callback):
        def on_epoch_end(self, model, epoch, logs):
            lrs.append(logs["lr"])

    history = sn.Sequential([sn.Dense(3, 1)], seed=0).fit(
        X, y, epochs=3, optimizer=sn.SGD(0.1, schedule=sn.ExponentialDecay(0.5)), callbacks=[Rates()])
    assert lrs == history.lr == pytest.approx([0.1, 0.05, 0.025])


@pytest.mark.parametrize("make", [lambda: sn.Adam(0.01), lambda: sn.SGD(0.1, momentum=0.9, nesterov=True, weight_decay=0.01)])
def test_an_optimizer_given_dicts_by_name_takes_the_same_steps_as_given_the_flat_arrays(make):
    X = np.random.default_rng(0).normal(size=(8, 3))
    y = X[:, :1] - X[:, 1:2]
    flat, by_name = (sn.Sequential([sn.Dense(3, 4), sn.Tanh(), sn.Dense(4, 1)], seed=0, dtype="float64")
                     for _ in range(2))
    opt_flat, opt_dicts = make(), make()
    for _ in range(5):
        flat.loss_and_grads(X, y)
        opt_flat.step(flat.flat_params, flat.flat_grads)
        by_name.loss_and_grads(X, y)
        opt_dicts.step(by_name.params, by_name.grads)  # a user's own loop: one array per name
    np.testing.assert_allclose(by_name.flat_params, flat.flat_params, rtol=1e-12)
    assert set(opt_dicts.state) == {"W1", "b1", "W2", "b2"} and set(opt_flat.state) == {"flat"}
    assert opt_dicts.state["W1"][next(iter(opt_dicts.state["W1"]))].shape == (3, 4)
