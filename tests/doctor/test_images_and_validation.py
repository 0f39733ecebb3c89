"""Image activations (n, C, H, W) are read per channel, and validation loss feeds the overfitting rule,
from observe() and from fit's logs."""
import numpy as np

import scratchnn
from scratchnn.doctor import Doctor


def test_a_filter_silent_at_every_position_of_every_sample_is_a_dead_unit():
    rng = np.random.default_rng(0)
    z = rng.standard_normal((6, 4, 5, 5))
    z[:, 1] = -np.abs(z[:, 1])         # channel 1: z <= 0 everywhere
    z[:, 2] = -np.abs(z[:, 2])
    z[0, 2, 3, 3] = 0.5                # channel 2: alive at one position of one sample
    d = Doctor()
    for epoch in range(4):
        d.observe(loss=1.0, preactivations={"conv1": z}, activation_kinds={"conv1": "relu"})
    assert d.records[-1].layers["conv1"]["n_units"] == 4
    assert "1 of 4 units of layer 'conv1'" in d.report()["dead-relu"].evidence


def test_saturation_of_image_activations_is_counted_over_all_entries():
    a = np.full((3, 2, 4, 4), 0.999)
    d = Doctor()
    for epoch in range(4):
        d.observe(loss=1.0, activations={"conv": a}, activation_kinds={"conv": "sigmoid"})
    assert d.records[-1].layers["conv"]["saturated"] == 1.0 and "saturated-activation" in d.report()


def test_overfitting_from_observed_validation_loss():
    d = Doctor()
    train = np.geomspace(1.0, 0.05, 12)
    val = [1.0, 0.7, 0.5, 0.4, 0.38, 0.41, 0.45, 0.5, 0.55, 0.6, 0.66, 0.7]
    for t, v in zip(train, val):
        d.observe(loss=t, val_loss=v)
    f = d.report()["overfitting"]
    assert f.severity == "warning" and f.since_epoch == 5
    assert "0.38 at epoch 5 -> 0.7 at epoch 12" in f.evidence and "+84%" in f.evidence


def test_no_overfitting_without_validation_data_or_when_it_keeps_falling():
    d = Doctor()
    for t in np.geomspace(1.0, 0.05, 12):
        d.observe(loss=t)
    assert "overfitting" not in d.report()
    d = Doctor()
    for t in np.geomspace(1.0, 0.05, 12):
        d.observe(loss=t, val_loss=1.1 * t)
    assert "overfitting" not in d.report()


def test_fit_passes_its_validation_loss_to_the_doctor():
    rng = np.random.default_rng(0)
    X, X_val = rng.standard_normal((40, 5)), rng.standard_normal((40, 5))
    w = rng.standard_normal((5, 1))
    # What the training set teaches is the opposite of the validation set: the validation loss must rise.
    y, y_val = X @ w, -(X_val @ w)
    model = scratchnn.Sequential([scratchnn.Dense(5, 16), scratchnn.Tanh(), scratchnn.Dense(16, 1)], seed=0)
    history = model.fit(X, y, loss="mse", optimizer=scratchnn.SGD(0.05), epochs=40, batch_size=40,
                        validation_data=(X_val, y_val), doctor=True, seed=0)
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert "overfitting" in history.doctor
