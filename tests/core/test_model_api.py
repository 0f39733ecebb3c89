"""Sequential's user-facing behaviour: names, shapes, dtypes, independent results."""
import numpy as np
import pytest

import scratchnn as sn


def data(n=16, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    return X, (X[:, 0] * X[:, 1] > 0).astype(float)


def net(dtype="float32", seed=0):
    return sn.Sequential([sn.Dense(3, 5), sn.ReLU(), sn.Dense(5, 1), sn.Sigmoid()], seed=seed, dtype=dtype)


def test_parameter_names_shapes_and_predict_shape():
    model = net()
    assert {k: v.shape for k, v in model.params.items()} == {"W1": (3, 5), "b1": (5,), "W2": (5, 1), "b2": (1,)}
    assert model.predict(data()[0]).shape == (16, 1)
    assert model.predict(data()[0]).dtype == np.float32


@pytest.mark.parametrize("optimizer", [lambda: sn.Adam(0.01), lambda: sn.SGD(0.1, momentum=0.9, nesterov=True)])
def test_float32_training_follows_float64(optimizer):
    """The same start trained in both precisions stays together: a float32 path that silently
    computed something else (or lost its precision) would drift far apart in 30 steps."""
    X, y = data()
    m32, m64 = net("float32"), net("float64")
    for k, v in m64.params.items():
        v[...] = m32.params[k]
    h32 = m32.fit(X, y, loss="bce", optimizer=optimizer(), epochs=30)
    h64 = m64.fit(X, y, loss="bce", optimizer=optimizer(), epochs=30)
    np.testing.assert_allclose(h32.loss, h64.loss, rtol=1e-4)
    for k in m64.params:
        assert m32.params[k].dtype == np.float32
        np.testing.assert_allclose(m32.params[k], m64.params[k], rtol=1e-3, atol=1e-4, err_msg=k)


def test_results_handed_to_the_user_are_not_overwritten_later():
    X, y = data()
    model = net()
    first = model.predict(X)
    kept = first.copy()
    _, grads = model.loss_and_grads(X, y, "bce")
    kept_grads = {k: g.copy() for k, g in grads.items()}
    model.predict(X[:4] * 3)
    model.fit(X, y, loss="bce", epochs=3, batch_size=5)
    model.loss_and_grads(X[::-1], 1 - y[::-1], "bce")
    assert np.array_equal(first, kept)
    for k in grads:
        assert np.array_equal(grads[k], kept_grads[k]), k


def test_copy_config_and_from_config():
    model = net(seed=3)
    cfg = model.config()
    fresh = sn.Sequential.from_config(cfg, seed=4)
    assert fresh.config()["layers"] == cfg["layers"]
    assert not np.array_equal(fresh.params["W1"], model.params["W1"])  # a new init, same architecture
    same = sn.Sequential.from_config(cfg, seed=3)
    assert np.array_equal(same.params["W1"], model.params["W1"])


def test_summary_counts_parameters(capsys):
    text = net().summary()
    assert "total parameters: 26" in text  # 3*5 + 5 + 5*1 + 1
    assert text in capsys.readouterr().out


def test_evaluate_defaults_to_the_training_loss():
    X, y = data()
    model = net()
    model.fit(X, y, loss="bce", epochs=2)
    assert model.evaluate(X, y) == model.evaluate(X, y, "bce") != model.evaluate(X, y, "mse")  # dicts of scores


def test_layer_results_are_not_overwritten_by_a_later_call():
    rng = np.random.default_rng(0)
    changed = []
    for layer in (sn.Dense(3, 3, seed=0), sn.ReLU(), sn.LeakyReLU(), sn.Sigmoid(), sn.Tanh(), sn.Softmax()):
        y_train = layer.forward(rng.normal(size=(4, 3)))
        dx_train = layer.backward(rng.normal(size=(4, 3)))
        kept, kept_dx = y_train.copy(), dx_train.copy()
        layer.forward(rng.normal(size=(2, 3)))  # e.g. a smaller test set through the same layer
        layer.backward(rng.normal(size=(2, 3)))
        if not (np.array_equal(y_train, kept) and np.array_equal(dx_train, kept_dx)):
            changed.append(type(layer).__name__)
    assert not changed, f"results rewritten by a later call: {changed}"


def test_an_optimizer_reused_for_another_model_starts_afresh():
    X, y = data()
    opt = sn.Adam(0.01)
    net(seed=0).fit(X, y, loss="bce", optimizer=opt, epochs=20)
    reused, fresh = net(seed=1), net(seed=1)
    reused.fit(X, y, loss="bce", optimizer=opt, epochs=5)
    fresh.fit(X, y, loss="bce", optimizer=sn.Adam(0.01), epochs=5)
    for k in fresh.params:
        assert np.array_equal(reused.params[k], fresh.params[k]), k
    # A model of another size too: no moments of the wrong shape carried over.
    wider = sn.Sequential([sn.Dense(3, 7), sn.ReLU(), sn.Dense(7, 1), sn.Sigmoid()], seed=0)
    wider_fresh = wider.copy()
    wider.fit(X, y, loss="bce", optimizer=opt, epochs=2)
    wider_fresh.fit(X, y, loss="bce", optimizer=sn.Adam(0.01), epochs=2)
    assert np.array_equal(wider.flat_params, wider_fresh.flat_params)
