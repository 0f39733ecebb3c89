"""What held-out round 10 of the real corpus taught the doctor (each case made small, our own loops):

* raw pixels (0-255) into a classifier that is not yet classifying well (under 95% right) are a warning even
  while its loss falls: the usual fix, x / 255, is what it needs; a classifier that already classifies 95% of
  its samples right keeps the info (test_rules.py).
"""
import numpy as np

from scratchnn.doctor import Doctor


def _pixel_classifier(right):
    """Observations of a 3-class classifier fed raw 0-255 pixels whose loss falls; ``right`` of 60 samples end
    classified right."""
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (60, 16)).astype(float)
    labels = np.arange(60) % 3
    t = np.eye(3)[labels]
    d = Doctor(check_gradients=False)
    for epoch in range(20):
        p = np.full((60, 3), 0.2)
        hit = np.arange(60) < right
        p[np.arange(60), np.where(hit, labels, (labels + 1) % 3)] = 0.6
        d.observe(epoch=epoch, loss=2.5 * 0.9 ** epoch, inputs=x, targets=t, predictions=p)
    return d.report()


def test_raw_pixels_into_a_classifier_that_is_half_right_are_a_warning_though_its_loss_falls():
    report = _pixel_classifier(right=30)
    assert report["unscaled-inputs"].severity == "warning", report


def test_raw_pixels_into_a_classifier_that_is_right_on_95_percent_stay_info():
    report = _pixel_classifier(right=58)
    assert report["unscaled-inputs"].severity == "info", report
