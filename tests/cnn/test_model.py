"""Convolutional networks inside ``Sequential``: inputs (n, C, H, W) validated with a clear error,
parameters named W1, b1, gamma2 ..., per-layer output shapes in the summary, predict and evaluate,
and save/load bit-exact, batch-norm running statistics included."""
import numpy as np
import pytest

import scratchnn as sn


def small_cnn(seed=0, dtype="float32"):
    return sn.Sequential([sn.Conv2D(1, 4, 3, padding=1), sn.BatchNorm2D(4), sn.ReLU(), sn.MaxPool2D(2),
                          sn.Conv2D(4, 6, 3, stride=1), sn.AvgPool2D(2, stride=1), sn.Flatten(), sn.Dropout(0.2),
                          sn.Dense(6, 8), sn.BatchNorm1D(8), sn.Tanh(), sn.Dense(8, 3), sn.Softmax()],
                         seed=seed, dtype=dtype)


def data(n=20, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 1, 8, 8)), rng.integers(0, 3, n)


def test_parameters_are_named_by_counting_layers_with_parameters():
    assert list(small_cnn().params) == ["W1", "b1", "gamma2", "beta2", "W3", "b3", "W4", "b4",
                                        "gamma5", "beta5", "W6", "b6"]
    assert list(small_cnn().state) == ["running_mean2", "running_var2", "running_mean5", "running_var5"]


def test_summary_shows_each_layers_output_shape():
    model = small_cnn()
    text = model.summary(input_shape=(1, 8, 8))
    shapes = [line[32:52].strip() for line in text.splitlines()[1:-1]]
    assert shapes == ["(None, 4, 8, 8)", "(None, 4, 8, 8)", "(None, 4, 8, 8)", "(None, 4, 4, 4)",
                      "(None, 6, 2, 2)", "(None, 6, 1, 1)", "(None, 6)", "(None, 6)", "(None, 8)", "(None, 8)",
                      "(None, 8)", "(None, 3)", "(None, 3)"]
    # Counted by hand: conv 1*4*9 + 4, bn 2*4, conv 4*6*9 + 6, dense 6*8 + 8, bn 2*8, dense 8*3 + 3.
    assert "total parameters: 369" in text
    X, y = data()
    model.fit(X, y, loss="cross_entropy", epochs=1)
    assert model.summary() == text  # the input shape is remembered from the data


def test_images_of_the_wrong_layout_or_size_are_refused_with_the_fix():
    model = small_cnn()
    X, y = data()
    with pytest.raises(sn.InputError, match=r"channels-last: pass X.transpose\(0, 3, 1, 2\)"):
        model.fit(X.transpose(0, 2, 3, 1), y, loss="cross_entropy", epochs=1)
    with pytest.raises(sn.InputError, match=r"X.reshape\(len\(X\), 1, side, side\)"):
        model.predict(X.reshape(20, 64))
    with pytest.raises(sn.InputError, match=r"layer 8 Dense\(6, 8\) expects 6 features per sample, but layer 7 "
                                            r"Dropout.* gives shape \(24,\); make it Dense\(24, 8\)"):
        model.predict(np.zeros((2, 1, 10, 10)))
    with pytest.raises(sn.InputError, match=r"kernel \(3, 3\) is larger than the 2x2 input"):
        model.predict(np.zeros((2, 1, 4, 4)))
    X_nan = X.copy()
    X_nan[3, 0, 2, 2] = np.nan
    with pytest.raises(sn.InputError, match=r"NaN .* index \(3, 0, 2, 2\)"):
        model.predict(X_nan)


def test_predict_and_evaluate_on_images():
    model = small_cnn()
    X, y = data()
    model.fit(X, y, loss="cross_entropy", epochs=3, batch_size=8)
    p = model.predict_proba(X)
    assert np.array_equal(model.predict(X), p.argmax(axis=1))  # integer labels 0..2 come back as labels
    assert p.shape == (20, 3) and np.allclose(p.sum(axis=1), 1, atol=1e-5)
    loss = -np.mean(np.log(p[np.arange(20), y]))
    assert model.evaluate(X, y)["loss"] == pytest.approx(loss, rel=1e-4)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_save_and_load_are_bit_exact_with_batchnorm_state(tmp_path, dtype):
    model = small_cnn(dtype=dtype)
    X, y = data()
    model.fit(X, y, loss="cross_entropy", epochs=2, batch_size=8)
    assert not np.all(model.state["running_var2"] == 1)  # training moved the running statistics
    loaded = sn.load(model.save(tmp_path / "cnn"))
    for mine, theirs in ((model.params, loaded.params), (model.state, loaded.state)):
        assert list(mine) == list(theirs)
        for k in mine:
            assert mine[k].dtype == theirs[k].dtype == np.dtype(dtype) and np.array_equal(mine[k], theirs[k]), k
    assert np.array_equal(model.predict(X), loaded.predict(X))


def test_a_convolution_first_layer_skips_the_input_gradient_without_changing_the_others():
    model = small_cnn(dtype="float64")
    X, y = data()
    loss = sn.losses.get("cross_entropy")
    Xp, yp = model.prepare(X, y, loss)
    model.train_step(Xp, yp, loss)
    grads = {k: g.copy() for k, g in model.grads.items()}
    # The whole chain again by hand, the first layer's dx included: the same gradients.
    dy = (model.outputs[-1] - yp) / len(yp)
    for layer in reversed(model.layers[:-1]):
        dy = layer.backward(dy)
    for k in grads:
        np.testing.assert_allclose(model.grads[k], grads[k], rtol=1e-10, atol=1e-14, err_msg=k)
