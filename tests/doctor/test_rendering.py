"""What a notebook shows of the doctor: a report left-aligned with its numbers and codes in monospace,
and a figure that stays readable from a 50-epoch run to a 10,000-epoch one."""
import re

import numpy as np
import pytest

from scratchnn.doctor.findings import DoctorReport, Finding


def _finding(**kw):
    base = dict(code="dead-relu", severity="warning", title="64 of 64 ReLUs dead", evidence="dead fraction 1.00 at epoch 3",
                message="no gradient flows", fix="lower the learning rate", since_epoch=3, where="layer1")
    return Finding(**{**base, **kw})


def _cells(html):
    return re.findall(r"<(td|th)( [^>]*)?>(.*?)</\1>", html)


def test_every_cell_of_the_report_is_left_aligned():
    html = DoctorReport([_finding(), _finding(code="exploding-loss", severity="error")], n_observations=5)._repr_html_()
    cells = _cells(html)
    assert len(cells) == 5 + 2 * 5                 # a header and two findings of five columns
    for tag, attrs, _ in cells:
        assert "text-align:left" in attrs, (tag, attrs)


def test_codes_epochs_and_evidence_are_in_monospace_and_the_title_is_not():
    html = DoctorReport([_finding()], n_observations=5)._repr_html_()
    by_text = {text: attrs for _, attrs, text in _cells(html)}
    for shown in ("warning", "dead-relu", "layer1", "3"):
        assert "monospace" in by_text[shown], shown
    finding = next(text for text in by_text if "64 of 64 ReLUs dead" in text)
    assert "monospace" not in by_text[finding]
    assert re.search(r'<span style="font-family:monospace">dead fraction 1\.00 at epoch 3</span>', finding)


def test_the_report_renders_once_as_html_and_once_as_text():
    report = DoctorReport([_finding(code="constant-output", since_epoch=1), _finding(code="loss-plateau", since_epoch=4)],
                          story=["output constant", "loss flat"], n_observations=7)
    html = report._repr_html_()
    assert html.count("<table>") == 1 and html.count("scratchnn doctor") == 1 and html.count("Story:") == 1
    for code in report.codes:
        assert html.count(f">{code}<") == 1
    assert "<pre>" not in html                     # not the text version pasted in as well


def test_a_report_without_findings_says_so_left_aligned():
    html = DoctorReport([], n_observations=4)._repr_html_()
    assert "<table>" not in html and "No problems found." in html
    assert re.search(r'<p style="text-align:left[^"]*">No problems found\.</p>', html)


def _long_report(n_epochs, events):
    """A report over ``n_epochs`` whose loss falls then stays flat, with findings at the ``events`` epochs."""
    pytest.importorskip("matplotlib")
    epochs = list(range(1, n_epochs + 1))
    loss = [5.0 / e if e < 20 else 0.25 for e in epochs]
    findings = [_finding(code=code, since_epoch=epoch) for code, epoch in events]
    findings.append(_finding(code="info-only", severity="info", since_epoch=7))  # info: no line
    curves = {"epoch": epochs, "loss": loss,
              "layers": {"layer1": {"silent": (epochs, [min(1.0, e / 10) for e in epochs])}},
              "grads": {"W1": (epochs, [1.0 / e for e in epochs])}}
    return DoctorReport(findings, n_observations=n_epochs, curves=curves)


def _event_lines(ax):
    return [line for line in ax.lines if line.get_gid() == "event"]


@pytest.mark.parametrize("n_epochs, scale", [(10_000, "log"), (50, "linear")])
def test_the_figure_log_scales_long_runs_and_labels_each_event_once(tmp_path, n_epochs, scale):
    import matplotlib.pyplot as plt
    events = [("exploding-gradients", 2), ("dead-relu", 3), ("loss-plateau", 30)]
    path = tmp_path / "doctor.png"
    fig = _long_report(n_epochs, events).plot()
    try:
        ax_loss, ax_layers, ax_grads = fig.axes
        assert ax_grads.get_xscale() == scale and ax_loss.get_xscale() == scale   # shared epoch axis
        if scale == "log":
            # The first 10 epochs take a visible share of the width, not one pixel column.
            left, right = ax_loss.get_xlim()
            assert (np.log(10) - np.log(left)) / (np.log(right) - np.log(left)) > 0.2
        # One vertical line per warning/error event on the top panel, at its epoch, and one label naming it.
        assert sorted(line.get_xdata()[0] for line in _event_lines(ax_loss)) == [2, 3, 30]
        labels = [t.get_text() for t in ax_loss.texts]
        assert sorted(labels) == sorted(f"{code} (epoch {epoch})" for code, epoch in events)
        for ax in (ax_layers, ax_grads):                                  # the same lines, unlabelled
            assert sorted(line.get_xdata()[0] for line in ax.lines if line.get_gid() == "event-echo") == [2, 3, 30]
            assert not ax.texts
        # Long runs draw curves without per-point markers (10,000 markers make a thick band).
        markers = {line.get_marker() for ax in fig.axes for line in ax.lines if line.get_gid() is None}
        assert markers == ({"None"} if n_epochs > 100 else {"."})
        for text in labels:
            assert ax_loss.texts[labels.index(text)].get_fontsize() >= 8
        fig.savefig(path, dpi=100)
    finally:
        plt.close(fig)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_labels_of_events_at_the_right_edge_stay_inside_the_panel():
    import matplotlib.pyplot as plt
    fig = _long_report(10_000, [("vanishing-gradients", 10_000)]).plot()
    try:
        fig.canvas.draw()
        ax = fig.axes[0]
        box, frame = ax.texts[0].get_window_extent(), ax.get_window_extent()
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1
    finally:
        plt.close(fig)


def test_plot_saves_the_png_to_the_path(tmp_path):
    path = tmp_path / "long.png"
    _long_report(10_000, [("dead-relu", 3)]).plot(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
