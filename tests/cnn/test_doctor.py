"""The doctor and gradient checks on convolutional networks: what works, and (strict xfail, for
the doctor's owner) what the doctor does not yet read right on 4-D activations."""
import numpy as np
import pytest

import scratchnn as sn


def images(n=64, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 1, 6, 6))
    return X, (X[:, 0, :3].sum(axis=(1, 2)) > 0).astype(float)


def cnn(seed=0, norm=False):
    return sn.Sequential([sn.Conv2D(1, 8, 3, padding=1), *([sn.BatchNorm2D(8)] if norm else []), sn.ReLU(),
                          sn.MaxPool2D(2), sn.Flatten(), *([sn.Dropout(0.2)] if norm else []), sn.Dense(72, 1),
                          sn.Sigmoid()], seed=seed, dtype="float64")


def test_gradcheck_confirms_a_cnns_gradients_and_catches_a_wrong_conv_backward():
    X, y = images()
    model = cnn()
    _, grads = model.loss_and_grads(X, y, loss="bce")
    params = {k: v.copy() for k, v in model.params.items()}

    def loss_fn(p):
        for k, v in model.params.items():
            v[...] = p[k]
        return model.evaluate(X, y, loss="bce")["loss"]
    assert sn.gradcheck(loss_fn, params, grads).ok
    grads["W1"] = grads["W1"] * 2  # the bug: a gradient twice too large
    assert not sn.gradcheck(loss_fn, params, grads).ok


def test_fit_with_doctor_on_a_cnn_with_batchnorm_and_dropout_runs():
    X, y = images()
    history = cnn(norm=True).fit(X, y, loss="bce", epochs=5, batch_size=16, doctor=True)
    assert history.doctor is not None and len(history.loss) == 5


def test_doctor_does_not_call_batchnorm_or_dropout_gradients_wrong():
    X, y = images()
    # SGD with a tiny step: the run does not learn, so the doctor checks the gradients.
    history = cnn(norm=True).fit(X, y, loss="bce", optimizer=sn.SGD(1e-7), epochs=5, doctor=True)
    assert "gradient-mismatch" not in [f.code for f in history.doctor.findings]


def test_doctor_counts_a_dead_filter_as_one_dead_unit():
    X, y = images()
    model = cnn()
    model.params["b1"][:2] = -1e3  # filters 0 and 1 can never be positive again
    history = model.fit(X, y, loss="bce", epochs=3, doctor=True)
    dead = [f for f in history.doctor.findings if f.code == "dead-relu"]
    assert dead and "2 of 8" in dead[0].title


def test_doctor_has_nothing_to_say_about_a_healthy_cnn_on_images_with_blank_borders():
    X, y = images(n=128)
    X[:, :, :2, :] = 0  # two blank top rows, as the digits' border: the top row of windows sees nothing
    model = sn.Sequential([sn.Conv2D(1, 4, 3, padding=1), sn.ReLU(), sn.Flatten(), sn.Dense(144, 1), sn.Sigmoid()],
                          seed=0)
    history = model.fit(X, y, loss="bce", optimizer=sn.Adam(1e-2), epochs=20, batch_size=32, doctor=True)
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert history.doctor.findings == []


@pytest.mark.parametrize("layer", [sn.Conv2D(2, 3, 3, padding=1), sn.Conv2D(2, 2, (2, 3), stride=2), sn.MaxPool2D(2),
                                   sn.AvgPool2D(2, stride=1), sn.BatchNorm2D(2), sn.Flatten()], ids=repr)
def test_gradcheck_layer_passes_each_image_layer(layer):
    x = np.random.default_rng(0).permutation(2 * 2 * 5 * 5).reshape(2, 2, 5, 5) * 0.01  # distinct: no ties in pools
    assert sn.gradcheck_layer(layer, x).ok


def test_gradcheck_layer_catches_a_conv_backward_that_forgets_the_bias_sum():
    class Broken(sn.Conv2D):
        def backward(self, dy, input_grad=True):
            dx = super().backward(dy, input_grad)
            self.grads["b"][...] = dy[0].sum(axis=(1, 2))  # only the first sample's share
            return dx
    x = np.random.default_rng(0).normal(size=(3, 2, 5, 5))
    report = sn.gradcheck_layer(Broken(2, 3, 3), x)
    assert not report.ok and [r.name for r in report.results if not r.ok] == ["layers[0].b"]
