"""observe's checks (clear errors before any work) and the report's renderings."""
import json

import numpy as np
import pytest

from scratchnn.doctor import Doctor, observe, reset


@pytest.mark.parametrize("kwargs, words", [
    (dict(), "needs loss"),
    (dict(loss=np.ones(3)), "one number"),
    (dict(loss=1.0, lr=-0.1), "positive"),
    (dict(loss=1.0, params=[np.ones(2)]), "dict of name -> array"),
    (dict(loss=1.0, activations={"h": np.ones((4, 2))}, activation_kinds={"h": "swish"}), "use one of"),
    (dict(loss=1.0, activation_kinds={"h": "relu"}), "neither activations nor preactivations"),
    (dict(loss=1.0, params={"W": np.ones((2, 3))}, grads={"dW": np.ones((3, 2))}), "must have its parameter's shape"),
    (dict(loss=1.0, epoch=-1), "whole number"),
    (dict(loss=1.0, targets=np.ones(10), activations={"h": np.ones((4, 10))}), "transposed"),
    (dict(loss=1.0, targets=np.ones(10), inputs=np.ones((7, 3))), "7 rows"),
])
def test_bad_observe_arguments_raise_a_clear_value_error(kwargs, words):
    d = Doctor()
    with pytest.raises(ValueError, match=words):
        d.observe(**kwargs)
    assert d.records == []  # nothing recorded before the check


def test_transposed_error_names_the_fix_with_the_shape():
    with pytest.raises(ValueError) as err:
        Doctor().observe(loss=1.0, targets=np.ones(10), activations={"hidden": np.ones((4, 10))})
    assert "(4, 10)" in str(err.value) and "(10, 4)" in str(err.value) and ".T" in str(err.value)


def test_samples_on_axis_1_everywhere_gets_told_to_transpose():
    X, Y = np.ones((12288, 10)), np.ones((1, 10))   # seed 002's layout: (features, samples)
    with pytest.raises(ValueError, match=r"X\.T, Y\.T"):
        Doctor().observe(loss=1.0, inputs=X, targets=Y, predictions=Y)


def test_gradient_names_match_their_parameters():
    from scratchnn.doctor.observation import match_grads
    params = {k: np.ones(2) for k in ("W1", "b1", "w2", "weights")}
    grads = {k: np.ones(2) for k in ("dW1", "grad_b1", "delta_w2", "weights_grad")}
    assert match_grads(params, grads) == {"W1": "dW1", "b1": "grad_b1", "w2": "delta_w2", "weights": "weights_grad"}


def test_module_level_observe_feeds_the_default_doctor():
    d = reset()
    observe(loss=2.0)
    observe(loss=1.0)
    assert [r["epoch"] for r in d.records] == [1, 2]


def test_report_renders_as_text_json_and_html():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    d = Doctor()
    for epoch in range(1, 8):
        d.observe(epoch=epoch, loss=float(np.mean(y ** 2)), predictions=np.zeros(4), targets=y)
    report = d.report()
    assert report.codes == ["constant-output", "loss-plateau"]
    text = str(report)
    assert "Story:" in text and "WARNING constant-output" in text and "fix:" in text
    data = json.loads(json.dumps(report.to_dict()))
    assert data["codes"] == report.codes and data["findings"][0]["evidence"] == report.findings[0].evidence
    assert "<table>" in report._repr_html_() and "constant-output" in report._repr_html_()


def test_plot_writes_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    d = Doctor()
    for epoch in range(1, 6):
        d.observe(epoch=epoch, loss=1.0 / epoch, preactivations={"h": np.ones((3, 2)) - epoch},
                  activation_kinds={"h": "relu"}, params={"W": np.ones(2) * epoch}, grads={"W": np.ones(2)})
    path = tmp_path / "doctor.png"
    d.report().plot(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib_names_the_extra(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    d = Doctor()
    d.observe(loss=1.0)
    with pytest.raises(ImportError, match=r"pip install matplotlib"):
        d.report().plot()


def test_failing_run_without_a_named_cause_says_so_instead_of_no_problems():
    d = Doctor()
    for epoch, loss in enumerate(np.linspace(0.2600, 0.2590, 6), 1):   # 0.4% better than where it started
        d.observe(epoch=epoch, loss=float(loss))
    report = d.report()
    assert report.failing and report.codes == []
    assert "not learning" in str(report) and "No problems found" not in str(report)
