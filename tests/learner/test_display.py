"""What a notebook shows: each table once, in monospace, with columns that mean what they say."""
import re

import numpy as np

import scratchnn as sn


def net():
    return sn.Sequential([sn.Dense(3, 5), sn.ReLU(), sn.Dense(5, 1)], seed=0)


def test_summary_prints_once_and_its_result_displays_as_nothing(capsys):
    text = net().summary()
    out = capsys.readouterr().out
    assert out.count("total parameters: 26") == 1 and "total parameters: 26" in text
    # What a notebook or REPL would show for the returned value: nothing more.
    assert repr(text) == "" and hasattr(text, "_ipython_display_") and text._ipython_display_() is None


def test_history_table_shows_the_best_value_of_each_column():
    X = np.random.default_rng(0).normal(size=(32, 3))
    y = (X[:, 0] > 0).astype(float)
    model = sn.Sequential([sn.Dense(3, 8), sn.ReLU(), sn.Dense(8, 1), sn.Sigmoid()], seed=0)
    history = model.fit(X, y, loss="bce", epochs=30, validation_data=(X, y))
    styled = history._repr_html_()
    assert "monospace" in styled
    html = re.sub(r"<td [^>]*>", "<td>", styled)
    assert "<th>best</th>" in html and "<th>min</th>" not in html
    row = html.split("<td>accuracy</td>")[1].split("</tr>")[0]
    best = row.split("<td>")[3].split("</td>")[0]
    assert float(best) == max(history.metrics["accuracy"])     # accuracy: the highest is best
    row = html.split("<td>loss</td>")[1].split("</tr>")[0]
    assert float(row.split("<td>")[3].split("</td>")[0]) == float(f"{min(history.loss):.6g}")
