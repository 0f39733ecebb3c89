"""A NaN before the first finite loss is no explosion from it.

loss-diverging measures a rise from the first finite loss; a first observation whose loss is NaN (log(0)
of a saturated start) comes before that loss, so it is non-finite's to report, and the evidence never
reads "from 39 at epoch 1 to NaN at epoch 0".
"""
import numpy as np

from scratchnn.doctor import Doctor


def _codes(losses):
    doctor = Doctor()
    for epoch, loss in enumerate(losses):
        doctor.observe(epoch=epoch, loss=loss)
    report = doctor.report()
    return {f.code: f for f in report.findings}


def test_a_nan_first_loss_followed_by_a_falling_loss_is_not_an_explosion():
    found = _codes([np.nan, 40.0, 30.0, 20.0, 15.0, 12.0, 10.0, 9.0])
    assert "loss-diverging" not in found
    assert "non-finite" in found


def test_a_nan_after_the_first_finite_loss_is_still_an_explosion_from_it():
    found = _codes([np.nan, 40.0, 30.0, np.nan, 35.0, np.nan])
    assert "loss-diverging" in found
    assert "from 40 at epoch 1 to NaN at epoch 3" in found["loss-diverging"].evidence
