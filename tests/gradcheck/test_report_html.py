"""gradcheck's report in a notebook: the terminal's table as an HTML table whose columns line up
(monospace, text left-aligned, numbers right-aligned), the diagnoses below it."""
import html as html_module
import re

import numpy as np

from scratchnn import gradcheck


def _report():
    # Least squares y = X W + b; dW is off by the factor 2 (a missing 1/2 in the loss), db is right.
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((6, 3)), rng.standard_normal((6, 2))
    params = {"W": rng.standard_normal((3, 2)), "b": rng.standard_normal(2)}

    def loss(p):
        return 0.5 * np.sum((X @ p["W"] + p["b"] - Y) ** 2)

    residual = X @ params["W"] + params["b"] - Y
    return gradcheck(loss, params, {"dW": 2 * X.T @ residual, "db": residual.sum(axis=0)})


def _cells(html):
    return re.findall(r'<(td|th) style="([^"]*)">(.*?)</\1>', html)


def test_the_table_is_monospace_with_text_left_and_numbers_right():
    report = _report()
    assert not report.ok and report["W"].pattern == "scale" and report["b"].ok
    html = report._repr_html_()
    assert re.search(r'<table style="[^"]*font-family:monospace', html)
    cells = _cells(html)
    header = [text for tag, _, text in cells if tag == "th"]
    assert header == ["name", "shape", "ok", "pattern", "factor", "max_rel_err", "rel_norm_err", "checked"]
    rows = [cells[i:i + len(header)] for i in range(len(header), len(cells), len(header))]
    assert [row[0][2] for row in rows] == ["W", "b"]
    for row in [cells[:len(header)]] + rows:
        for name, (_, style, _) in zip(header, row):
            assert "font-family:monospace" in style
            assert ("text-align:right" if name in ("factor", "max_rel_err", "rel_norm_err") else "text-align:left") in style, name
    w_factor = rows[0][header.index("factor")][2]
    assert float(w_factor) == 2.0                   # the number itself is in its right-aligned cell


def test_the_html_says_what_the_text_says_once():
    report = _report()
    html = report._repr_html_()
    text = str(report)
    assert html.count("<table") == 1 and html.count("gradcheck: 1 of 2 gradients is wrong") == 1
    diagnosis = next(line for line in text.splitlines() if line.startswith("  W [scale]"))
    assert re.search(r"<pre[^>]*>[^<]*diagnoses:", html)
    assert html_module.escape(diagnosis.strip()) in html and html.count(html_module.escape(diagnosis.strip())) == 1
