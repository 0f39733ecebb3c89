"""Each seed's own loop, diagnosed: the report's root cause is what the seed documents say."""
import contextlib
import io

import numpy as np
import pytest

import scratchnn
from scratchnn import doctor


@pytest.fixture
def fresh_doctor(monkeypatch):
    """A fresh default doctor; scratchnn.observe feeds it (even before the top-level export exists)."""
    if not hasattr(scratchnn, "observe"):
        monkeypatch.setattr(scratchnn, "observe", doctor.observe, raising=False)
    return doctor.reset()


def quietly(fn, *args):
    with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
        return fn(*args)


def test_seed000_stuck_at_loss_of_predicting_zero_with_dead_output_relu(fresh_doctor):
    from scratchnn.seeds import seed000_loop
    np.random.seed(0)  # one of the starts where the asker's loss sits at 6.22519
    quietly(seed000_loop.prediction, 300)
    report = fresh_doctor.report()
    y = np.array([4.84, 0.55, 4.20, 1.68, 4.74, 0.14, 5.68, 0.48, 5.03, 0.18])
    assert report.last_loss == pytest.approx(np.sum(y ** 2) / 20) == pytest.approx(6.22519)
    dead = [f for f in report.findings if f.code == "dead-relu"]
    assert {f.where for f in dead} == {"hidden", "output"} and all(f.severity == "error" for f in dead)
    assert "1 of 1 units of layer 'output'" in report.findings[[f.where for f in report.findings].index("output")].evidence
    const = report["constant-output"]
    assert "every prediction is 0 " in const.evidence and "6.22519 is exactly the loss of predicting 0" in const.evidence
    # The asker's backward pass has no ReLU derivative and no 1/m: proven by finite differences through
    # the rebuilt forward pass, it is the root cause; then the first step that killed the ReLUs.
    assert report.codes[0] == "gradient-mismatch" and report["gradient-mismatch"].severity == "error"
    assert report.codes[1] in ("lr-too-high", "exploding-gradients")
    assert report.codes.index("dead-relu") < report.codes.index("constant-output") < report.codes.index("loss-plateau")


def test_seed000_run_that_learns_still_names_the_wrong_gradients(fresh_doctor):
    from scratchnn.seeds import seed000_loop
    np.random.seed(1)
    quietly(seed000_loop.prediction, 300)
    report = fresh_doctor.report()
    assert report.last_loss < 0.5
    assert report.codes == ["gradient-mismatch"]  # 10x: the missing 1/m and ReLU derivatives


def test_seed002_pixels_0_255_with_lr_0_1_blow_up(fresh_doctor):
    from scratchnn.seeds import seed002_loop
    np.random.seed(0)
    quietly(seed002_loop.run, 8)
    report = fresh_doctor.report()
    # The asker's dW1 = dZ1 @ X.T has no / m (the other three gradients have it): the rebuilt
    # forward pass finds W1's gradient exactly m = 10 times too large, the root cause before the pixels.
    first = report.findings[0]
    assert (first.code, first.where) == ("gradient-scale", "W1") and "= m (the 10 samples)" in first.title
    assert "from 0 to 254" in report["unscaled-inputs"].evidence
    assert "lr = 0.1" in report["lr-too-high"].evidence
    assert report["non-finite"].since_epoch == 2
    assert report["dead-relu"].where == "layer1"
    codes = report.codes
    assert codes.index("gradient-scale") < codes.index("unscaled-inputs") < codes.index("lr-too-high") < codes.index("non-finite") < codes.index("dead-relu")


def test_seed003_and_sits_at_0_25_with_saturated_hidden_sigmoid_after_zero_init(fresh_doctor):
    from scratchnn.seeds import seed003_loop
    quietly(seed003_loop.run, 1000)
    report = fresh_doctor.report()
    assert report.last_loss == pytest.approx(0.25, abs=1e-6)
    assert report.findings[0].code == "symmetric-units" and "start at 0" in report.findings[0].title
    saturated = {f.where for f in report.findings if f.code == "saturated-activation"}
    assert "neuron2" in saturated
    const = report["constant-output"]
    assert "every prediction is 0.5 " in const.evidence and "loss 0.25 is exactly the loss of predicting 0.5" in const.evidence
    assert "as is predicting 0" in const.evidence  # for AND, 0.25 is also the loss of predicting 0
    assert report.story[-1] == "loss flat at 0.25"


def test_xor_answer_that_works_gets_no_warning(fresh_doctor):
    from scratchnn.seeds import seed002_answer_xor_loop
    np.random.seed(2)  # a start that learns within 8000 of the answer's 50000 epochs
    quietly(seed002_answer_xor_loop.run, 8000)
    report = fresh_doctor.report()
    assert report.last_loss < 0.1
    assert report.codes == []
