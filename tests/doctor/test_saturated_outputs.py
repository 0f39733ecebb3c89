"""Sigmoid and softmax outputs pinned at 0 or 1 under a cross-entropy, passed only as predictions.

With cross-entropy the output's gradient p - y does not vanish, so the doctor does not judge the output by
its derivative: it speaks when most samples sit within 0.01 of 0 or 1 (exact 0 and 1 included: a float64
sigmoid is 1.0 beyond z = 37), the loss is a cross-entropy (recognised, or NaN where an exact 0 or 1 meets
log), the run fails, and some samples are confidently wrong. Confidently right outputs are what a classifier
should end with."""
import numpy as np
import pytest

from scratchnn.doctor import Doctor, losses, summaries

rng = np.random.default_rng(3)
N = 40
Y = (np.arange(N) % 2).astype(float).reshape(-1, 1)


def sigmoid(z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def bce(p, y=Y, eps=1e-10):
    with np.errstate(all="ignore"):
        return float(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))


def pinned_predictions(wrong, scale=(40.0, 800.0)):
    """Sigmoid outputs of |z| in ``scale`` (so many are exactly 0 or 1), the first ``wrong`` samples on the wrong side."""
    sign = np.where(Y == 1, 1.0, -1.0)
    sign[:wrong] *= -1
    return sigmoid(sign * rng.uniform(*scale, (N, 1)))


def observe_run(loss_of, wrong, epochs=8, scale=(40.0, 800.0)):
    """``scale``: the |z| range, or a function of the epoch giving it."""
    d = Doctor(check_gradients=False)
    for epoch in range(epochs):
        p = pinned_predictions(wrong, scale(epoch) if callable(scale) else scale)
        d.observe(epoch=epoch, loss=loss_of(p), predictions=p, targets=Y)
    return d


def test_outputs_pinned_at_0_and_1_with_wrong_samples_are_saturated_under_cross_entropy():
    d = observe_run(bce, wrong=12)
    last = d.records[-1]
    assert last.pred["pinned"] > 0.3 and last.pred["sure"] == 1.0 and last.sure_wrong == pytest.approx(12 / N)
    finding = d.report()["saturated-activation"]
    assert finding.severity == "warning" and finding.where == "predictions"
    assert "exactly 0 or 1" in finding.evidence and "p - y does not vanish" in finding.message


def test_confidently_right_outputs_are_not_saturation_even_when_the_unguarded_loss_is_nan():
    # Every sample right: y = 1 with p = 1.0 gives (1 - y) log(1 - p) = 0 * -inf = NaN: the loss formula fails,
    # not the training (the run classifies every sample right), and the NaN is no explosion of the loss.
    d = observe_run(lambda p: bce(p, Y, eps=0.0), wrong=0)
    report = d.report()
    assert not report.failing and report["non-finite"].severity == "warning"
    assert "saturated-activation" not in report and "loss-diverging" not in report


def test_a_nan_loss_from_log_of_0_with_wrong_samples_is_a_failing_run():
    report = observe_run(lambda p: bce(p, Y, eps=0.0), wrong=12).report()
    assert report.failing and report["non-finite"].severity == "error"


def test_a_run_that_learns_is_not_judged_on_its_confident_outputs():
    # |z| grows from 0.5-1 to 5.5-6: at the end every sample is within 0.01 of 0 or 1 and one is confidently
    # wrong, but the loss has fallen well below the best constant's log 2.
    d = observe_run(bce, wrong=1, scale=lambda epoch: (0.5 + 0.7 * epoch, 1.0 + 0.7 * epoch))
    assert d.records[-1].pred["sure"] == 1.0 and d.records[-1].sure_wrong > 0.01
    report = d.report()
    assert not report.failing and "saturated-activation" not in report


def test_a_nan_loss_from_log_of_an_exact_0_or_1_marks_a_cross_entropy_nothing_else_recognised():
    d = observe_run(lambda p: float("nan"), wrong=12)
    report = d.report()
    assert report.failing and "log(0)" in report["saturated-activation"].evidence


def test_softmax_rows_are_judged_per_sample():
    k, labels = 3, np.arange(N) % 3
    onehot = np.eye(k)[labels]
    z = 60.0 * np.eye(k)[(labels + (np.arange(N) < 10)) % k]          # 10 samples confidently wrong
    confident = np.exp(z - z.max(axis=1, keepdims=True))
    confident /= confident.sum(axis=1, keepdims=True)
    spread = rng.uniform(0.5, 1.5, (N, k))
    over_samples = spread / spread.sum(axis=0)                         # a softmax over axis 0: every entry ~1/N
    for p, expected in ((confident, True), (over_samples, False)):
        d = Doctor(check_gradients=False)
        loss = float(-np.sum(onehot * np.log(np.clip(p, 1e-12, None))) / N)
        for epoch in range(6):
            d.observe(epoch=epoch, loss=loss, predictions=p, targets=onehot)
        assert ("saturated-activation" in d.report()) is expected


def test_an_unguarded_cross_entropy_is_recognised_from_outputs_within_1e_30_of_0():
    # z of 40-90 on the wrong side: p ~ 1e-18 .. 1e-39; clipping at 1e-12 would give 27.6 per wrong sample.
    p = sigmoid(-rng.uniform(40, 90, (N, 1)))
    loss = float(-np.mean(Y * np.log(p) + (1 - Y) * np.log(1 - p)))
    assert losses.formula_values(p, Y, ["bce"], observed=loss)["bce"] == pytest.approx(loss)
    guarded = bce(p, Y, eps=1e-7)
    assert losses.formula_values(p, Y, ["bce"], observed=guarded)["bce"] == pytest.approx(guarded)


def test_prediction_summary_reads_exact_0_and_1_but_keeps_the_squared_path_to_open_outputs():
    s = summaries.prediction_summary(np.array([[0.0], [1.0], [0.995], [0.2]]))
    assert (s["tails"], s["pinned"], s["sure"], s["open"]) == (0.75, 0.5, 0.75, False)
    assert s["logit"] == pytest.approx(np.log(0.995 / 0.005))
    assert summaries.prediction_summary(np.array([[0.3], [0.995]]))["open"] is True
    assert summaries.prediction_summary(np.array([[-0.5], [0.5]]))["tails"] is None


@pytest.mark.parametrize("wrong", [0, 12])
def test_an_observed_sigmoid_output_layer_under_cross_entropy_is_judged_by_its_wrong_samples(wrong):
    d = Doctor(check_gradients=False)
    for epoch in range(6):
        p = pinned_predictions(wrong)
        d.observe(epoch=epoch, loss=bce(p, eps=0.0), activations={"out": p}, activation_kinds={"out": "sigmoid"},
                  predictions=p, targets=Y)
    report = d.report()
    assert report.failing is bool(wrong)  # NaN: log(0) of an output rounded to 0 or 1; a failure with wrong samples
    if wrong:
        assert report["saturated-activation"].where == "out"
        assert "p - y does not vanish" in report["saturated-activation"].message
    else:
        assert "saturated-activation" not in report


def test_integer_class_labels_with_a_softmax_count_their_confidently_wrong_samples():
    labels = np.arange(N) % 4
    z = 50.0 * np.eye(4)[(labels + (np.arange(N) < 8)) % 4]            # 8 of 40 samples confidently wrong
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    d = Doctor(loss="cross_entropy", check_gradients=False)   # sparse labels: the loss is named, not recognised
    loss = float(-np.mean(np.log(np.clip(p[np.arange(N), labels], 1e-12, None))))
    for epoch in range(6):
        d.observe(epoch=epoch, loss=loss, predictions=p, targets=labels)
    assert d.records[-1].sure_wrong == pytest.approx(8 / N)
    assert d.report()["saturated-activation"].where == "predictions"


def test_pinned_outputs_with_wrong_samples_are_judged_under_a_loss_no_formula_reproduces():
    # A log-likelihood without its minus sign and shifted by a guard: no usual formula gives it, and it never moves.
    d = observe_run(lambda p: -1.2052, wrong=12)
    assert d.report()["saturated-activation"].where == "predictions"
    assert "saturated-activation" not in observe_run(lambda p: -1.2052, wrong=0).report()


@pytest.mark.parametrize("values, kind", [
    ([[0.0, 1.0, 0.3], [1.0, 0.0, 0.999]], "sigmoid"),    # exactly 0 and 1 with values between: a saturated sigmoid
    ([[0.0, 2.5, 0.3], [1.0, 0.0, 0.999]], "relu"),       # above 1: a ReLU
    ([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]], "relu"),         # only 0 and 1: binary data or a step, not a sigmoid
    ([[0.1, 1.0, 0.3], [1.0, 0.2, 0.999]], None),         # no exact 0: nothing to recognise
])
def test_recognise_kind_reads_a_layer_rounded_to_exactly_0_and_1_as_a_sigmoid(values, kind):
    assert summaries.recognise_kind(np.array(values)) == kind
