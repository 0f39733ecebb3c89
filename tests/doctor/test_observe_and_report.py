"""observe's checks (clear errors before any work) and the report's renderings."""
import json

import numpy as np
import pytest

from scratchnn.doctor import Doctor, observe, reset


@pytest.mark.parametrize("loss", [None, "abc", np.array([]), [[1.0], [2.0, 3.0]]])
def test_only_a_missing_loss_value_raises(loss):
    d = Doctor()
    with pytest.raises(ValueError, match="loss"):
        d.observe(loss=loss)
    assert d.records == []  # nothing recorded


@pytest.mark.parametrize("kwargs, words", [
    (dict(loss=np.ones(3)), "its mean was used"),
    (dict(loss=1.0, lr=-0.1), "lr should be a positive finite number"),
    (dict(loss=1.0, params=5), "params should be a dict"),
    (dict(loss=1.0, activations={"h": np.ones((4, 2))}, activation_kinds={"h": "swish"}), "is not one of"),
    (dict(loss=1.0, activation_kinds={"h": "relu"}), "no activations or preactivations have it"),
    (dict(loss=1.0, epoch=-1), "not a whole number"),
    (dict(loss=1.0, targets=np.ones(10), inputs=np.ones((7, 3))), "left out"),
])
def test_odd_arguments_become_an_info_line_not_an_exception(kwargs, words):
    d = Doctor()
    d.observe(**kwargs)
    report = d.report()
    assert report["unread-input"].severity == "info" and words in report["unread-input"].evidence


def test_a_transposed_array_is_read_transposed_and_said_so():
    d = Doctor()
    z = np.arange(40.0).reshape(4, 10) - 20   # 4 units x 10 samples
    d.observe(loss=1.0, targets=np.ones(10), preactivations={"hidden": z}, activation_kinds={"hidden": "relu"})
    assert d.records[0].layers["hidden"]["n_units"] == 4
    assert "read transposed, (10, 4)" in d.report()["unread-input"].evidence


def test_samples_on_axis_1_everywhere_are_read_without_complaint():
    X, Y = np.ones((12288, 10)), np.ones((1, 10))   # seed 002's layout: (features, samples)
    d = Doctor()
    d.observe(loss=1.0, inputs=X, targets=Y, predictions=Y * 0.5)
    assert d.records[0].n_samples == 10 and d.inputs["n_features"] == 12288
    assert "unread-input" not in d.report()


def test_a_gradient_broadcast_over_its_parameter_says_what_the_update_does():
    d = Doctor()
    for epoch in range(3):
        d.observe(loss=1.0 - 0.1 * epoch, params={"W2": np.ones((1, 5))}, grads={"dW2": np.ones((1, 1))})
    f = d.report()["gradient-shape"]
    assert f.evidence == "dW2 (1, 1) is broadcast over W2 (1, 5): all 5 entries of W2 get the same step"
    assert f.severity == "warning"


def test_a_harmless_broadcast_is_accepted_as_the_gradient():
    d = Doctor()
    d.observe(loss=1.0, params={"b": np.zeros((1, 20))}, grads={"db": np.full(20, 2.0)})
    assert "gradient-shape" not in d.report()
    assert d.records[0].params["b"].grad == pytest.approx(np.sqrt(20 * 4.0))


def test_gradient_names_match_their_parameters():
    from scratchnn.doctor.observation import match_grads
    params = {k: np.ones(2) for k in ("W1", "b1", "w2", "weights")}
    grads = {k: np.ones(2) for k in ("dW1", "grad_b1", "delta_w2", "weights_grad")}
    assert match_grads(params, grads) == {"W1": "dW1", "b1": "grad_b1", "w2": "delta_w2", "weights": "weights_grad"}


def test_module_level_observe_feeds_the_default_doctor():
    d = reset()
    observe(loss=2.0)
    observe(loss=1.0)
    assert [r.epoch for r in d.records] == [1, 2]


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


def test_gradient_names_that_pair_nothing_pair_in_order_when_shapes_agree():
    from scratchnn.doctor.observation import match_grads
    params = {"w": np.ones((1, 1)), "c": np.array(0.0)}
    assert match_grads(params, {"dlw": np.ones((1, 1)), "dlc": np.array(1.0)}) == {"w": "dlw", "c": "dlc"}
    assert match_grads(params, {"dlc": np.array(1.0), "dlw": np.ones((1, 1))}) == {}  # shapes disagree in order


def test_a_parameter_left_finite_by_nan_gradients_was_never_updated():
    d = Doctor()
    b = np.ones((1, 3))
    for epoch in range(5):
        d.observe(loss=np.nan, params={"W": np.full((3, 3), np.nan), "b": b}, grads={"dW": np.full((3, 3), np.nan),
                                                                                   "db": np.full((1, 3), np.nan)})
    f = d.report()["weights-not-updating"]
    assert f.where == "b" and f.severity == "error"


def test_a_loss_rising_at_every_epoch_since_its_lowest_point_is_diverging():
    d = Doctor()
    for v in [5.0, 4.0, 3.0, 3.2, 3.4, 3.5, 3.7, 3.9]:   # +30% in 5 rising steps
        d.observe(loss=v)
    assert d.report()["loss-diverging"].title == "the loss is rising"
    d = Doctor()
    for v in [5.0, 4.0, 3.0, 3.2, 3.1, 3.5, 3.7, 3.9]:   # one step down: noise, not a trend
        d.observe(loss=v)
    assert "loss-diverging" not in d.report()


def test_gradients_named_by_their_layer_number_match_w1_b1():
    from scratchnn.doctor.observation import match_grads
    params = {"W1": np.ones((5, 2)), "b1": np.ones((5, 1)), "W2": np.ones((1, 5)), "b2": np.ones((1, 1))}
    grads = {"Db_layer1": np.ones((5, 1)), "Dw_layer1": np.ones((5, 2)), "db_layer2": np.ones((1, 1)),
             "dw_layer_2": np.ones((1, 5))}   # not in the parameters' order: paired by name, not by position
    assert match_grads(params, grads) == {"W1": "Dw_layer1", "b1": "Db_layer1", "W2": "dw_layer_2", "b2": "db_layer2"}
    # A layer number no parameter has pairs nothing.
    assert match_grads({"W1": np.ones((2, 2)), "V1": np.ones(3)}, {"dW_layer7": np.ones((2, 2))}) == {}
