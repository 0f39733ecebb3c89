"""What a notebook shows of the doctor: a report left-aligned with its numbers and codes in monospace,
and a figure that stays readable from a 50-epoch run to a 10,000-epoch one."""
import re

import numpy as np

from scratchnn.doctor import Doctor
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
    y = np.array([1.0, 2.0, 3.0, 4.0])
    d = Doctor()
    for epoch in range(1, 8):
        d.observe(epoch=epoch, loss=float(np.mean(y ** 2)), predictions=np.zeros(4), targets=y)
    report = d.report()
    html = report._repr_html_()
    assert html.count("<table>") == 1 and html.count("scratchnn doctor") == 1
    for code in report.codes:
        assert html.count(f">{code}<") == 1
    assert "<pre>" not in html                     # not the text version pasted in as well


def test_a_report_without_findings_says_so_left_aligned():
    html = DoctorReport([], n_observations=4)._repr_html_()
    assert "<table>" not in html and "No problems found." in html
    assert re.search(r'<p style="text-align:left[^"]*">No problems found\.</p>', html)
