"""The two PNGs a learner looks at stay readable on long runs: ``scratchnn fit``'s loss curve
(log-scaled epochs and loss, as the doctor's figure) and the doctor's event labels (one line per
epoch, no label printed over another)."""
from itertools import combinations
from types import SimpleNamespace

import numpy as np
import pytest

plt = pytest.importorskip("matplotlib.pyplot")

from scratchnn.commands.fit import loss_figure, plot_losses  # noqa: E402
from scratchnn.doctor.findings import DoctorReport, Finding  # noqa: E402


def _history(n_epochs, start=2.0, end=0.002, val=False):
    """A loss falling geometrically from ``start`` to ``end`` over ``n_epochs`` (most of it early)."""
    epochs = np.arange(1, n_epochs + 1)
    loss = list(end + (start - end) / epochs)
    return SimpleNamespace(epochs=n_epochs, loss=loss, val_loss=[v * 1.5 for v in loss] if val else [])


def _share_of_width(ax, first, last):
    """The fraction of the plotting width that the epochs ``first`` to ``last`` occupy."""
    to_axes = ax.transAxes.inverted()
    (x0, _), (x1, _) = to_axes.transform(ax.transData.transform([(first, 1.0), (last, 1.0)]))
    return x1 - x0


def test_a_10000_epoch_fit_plot_gives_the_first_epochs_room_and_shows_every_decade_of_loss():
    fig = loss_figure(_history(10_000, val=True))
    try:
        ax = fig.axes[0]
        assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
        # On a linear axis epochs 1-10 would get 0.1% of the width; here they get a fifth or more.
        assert _share_of_width(ax, 1, 10) > 0.2
        # Both curves are there in full, and the axis shows the lowest validation loss too.
        assert [len(line.get_xdata()) for line in ax.lines] == [10_000, 10_000]
        bottom, top = ax.get_ylim()
        assert bottom <= 0.002 and top >= 3.0
        assert "log" in ax.get_xlabel()
    finally:
        plt.close(fig)


def test_a_short_fit_plot_keeps_linear_axes_and_a_loss_within_a_decade_stays_linear():
    fig = loss_figure(_history(50, start=0.7, end=0.3))
    try:
        ax = fig.axes[0]
        assert ax.get_xscale() == "linear" and ax.get_yscale() == "linear"
        assert _share_of_width(ax, 1, 10) == pytest.approx(9 / 50, abs=0.02)
    finally:
        plt.close(fig)


def test_plot_losses_writes_the_png_and_closes_the_figure(tmp_path):
    path = tmp_path / "model.loss.png"
    assert str(plot_losses(_history(10_000), str(path), force=False)) == str(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.get_fignums() == []                       # the figure is closed after writing


def _report(n_epochs, events):
    """A report over ``n_epochs`` with a warning for each (code, epoch) in ``events``."""
    epochs = list(range(1, n_epochs + 1))
    findings = [Finding(code=code, severity="warning", title=code, evidence="", message="", fix="", since_epoch=epoch)
                for code, epoch in events]
    curves = {"epoch": epochs, "loss": [1.0 / e for e in epochs], "grads": {"W1": (epochs, [1.0 / e for e in epochs])}}
    return DoctorReport(findings, n_observations=n_epochs, curves=curves)


def _label_boxes(fig):
    fig.canvas.draw()
    ax = fig.axes[0]
    return ax.get_window_extent(), [t.get_window_extent() for t in ax.texts]


SAME_EPOCH = [("exploding-gradients", 3), ("dead-relu", 3), ("loss-plateau", 3)]
NEARBY = [("dead-relu", 2), ("exploding-gradients", 3), ("saturated-units", 4), ("loss-plateau", 5),
          ("vanishing-gradients", 6), ("constant-output", 7), ("lr-too-high", 8), ("unscaled-inputs", 9),
          ("symmetric-units", 10), ("exploding-loss", 11)]


@pytest.mark.parametrize("n_epochs, events", [(10_000, SAME_EPOCH), (10_000, NEARBY), (50, NEARBY),
                                              (10_000, SAME_EPOCH + NEARBY + [("overfitting", 9_000)])])
def test_no_event_label_prints_over_another_and_all_stay_inside_the_panel(n_epochs, events):
    fig = _report(n_epochs, events).plot()
    try:
        frame, boxes = _label_boxes(fig)
        assert len(boxes) == len({epoch for _, epoch in events})          # one label per epoch
        for a, b in combinations(boxes, 2):
            assert not a.overlaps(b), (a, b)
        for box in boxes:
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
    finally:
        plt.close(fig)


def test_events_of_one_epoch_share_one_line_and_one_label_naming_each_code():
    fig = _report(10_000, SAME_EPOCH + [("loss-plateau", 3), ("overfitting", 40)]).plot()
    try:
        for ax in fig.axes:
            events = [line for line in ax.lines if line.get_gid() in ("event", "event-echo")]
            assert sorted(line.get_xdata()[0] for line in events) == [3, 40]
        labels = sorted(t.get_text().replace("\n", " ") for t in fig.axes[0].texts)
        assert labels == ["exploding-gradients, dead-relu, loss-plateau (epoch 3)", "overfitting (epoch 40)"]
    finally:
        plt.close(fig)


def test_the_saved_png_keeps_the_stacked_labels(tmp_path):
    """Saving redraws the figure: the labels' places (in axes fractions) must survive it."""
    fig = _report(10_000, NEARBY).plot()
    try:
        _, before = _label_boxes(fig)
        fig.savefig(tmp_path / "doctor.png", dpi=100)
        _, after = _label_boxes(fig)
        assert [tuple(np.round(b.extents)) for b in before] == [tuple(np.round(b.extents)) for b in after]
    finally:
        plt.close(fig)
