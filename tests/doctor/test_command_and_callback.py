"""`scratchnn doctor script.py` and fit(doctor=True) through DoctorCallback."""
import argparse
import textwrap

import numpy as np
import pytest

import scratchnn
from scratchnn import doctor
from scratchnn.commands import doctor as command


def run_command(monkeypatch, tmp_path, body, *argv):
    if not hasattr(scratchnn, "observe"):
        monkeypatch.setattr(scratchnn, "observe", doctor.observe, raising=False)
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent(body))
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    return command.run(parser.parse_args(["doctor", *argv, str(script), "--epochs", "7"]))


STUCK = """
    import sys
    import numpy as np
    import scratchnn
    y = np.array([1.0, 2.0, 3.0])
    epochs = int(sys.argv[sys.argv.index("--epochs") + 1])
    for epoch in range(epochs):
        scratchnn.observe(epoch=epoch, loss=float(np.mean(y ** 2)), predictions=np.zeros(3), targets=y)
"""


def test_command_runs_the_script_with_its_arguments_and_prints_the_report(monkeypatch, tmp_path, capsys):
    assert run_command(monkeypatch, tmp_path, STUCK) == 0
    out = capsys.readouterr().out
    assert "7 observation(s)" in out and "constant-output" in out and "4.66667 is exactly the loss of predicting 0" in out


def test_command_reports_when_the_script_is_interrupted(monkeypatch, tmp_path, capsys):
    assert run_command(monkeypatch, tmp_path, STUCK + "\n    raise KeyboardInterrupt\n") == 130
    out = capsys.readouterr().out
    assert "interrupted" in out and "constant-output" in out


def test_command_reports_when_the_script_raises(monkeypatch, tmp_path, capsys):
    assert run_command(monkeypatch, tmp_path, STUCK + "\n    1 / 0\n") == 1
    captured = capsys.readouterr()
    assert "ZeroDivisionError" in captured.err and "raised an exception" in captured.out
    assert "constant-output" in captured.out


def test_command_json_output(monkeypatch, tmp_path, capsys):
    import json
    assert run_command(monkeypatch, tmp_path, STUCK, "--json") == 0
    assert json.loads(capsys.readouterr().out)["codes"] == ["constant-output", "loss-plateau"]


def test_command_missing_script_is_a_clear_error(tmp_path):
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    with pytest.raises(FileNotFoundError, match="no such script"):
        command.run(parser.parse_args(["doctor", str(tmp_path / "nope.py")]))


def test_fit_with_doctor_diagnoses_unscaled_inputs_and_confirms_the_fix():
    Sequential = pytest.importorskip("scratchnn").Sequential
    from scratchnn import SGD, Dense, ReLU, Sigmoid
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 4))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    model = Sequential([Dense(4, 16), ReLU(), Dense(16, 1), Sigmoid()], seed=0)
    history = model.fit(X * 255 + 1000, y, loss="bce", optimizer=SGD(0.5), epochs=40, doctor=True)
    report = history.doctor
    assert report.findings[0].code == "unscaled-inputs"
    assert "with the fix" in report.findings[0].evidence
    assert {"lr-too-high", "dead-relu", "loss-plateau"} <= set(report.codes)


def test_doctor_callback_observes_every_epoch():
    Sequential = pytest.importorskip("scratchnn").Sequential
    from scratchnn import Adam, Dense, Tanh
    from scratchnn.doctor import DoctorCallback
    X = np.linspace(-2, 2, 40).reshape(-1, 1)
    cb = DoctorCallback()
    Sequential([Dense(1, 8), Tanh(), Dense(8, 1)], seed=0).fit(X, X ** 2, optimizer=Adam(0.01), epochs=12, callbacks=[cb])
    assert cb.report.n_observations == 12 and cb.doctor.kinds == {"layer1": "tanh", "layer2": "linear"}


def test_command_json_says_the_script_failed_before_any_observation(monkeypatch, tmp_path, capsys):
    import json
    crash = "import numpy as np\nX = np.zeros((3, 2))\nX @ np.zeros((3, 1))\n"   # shapes do not align
    assert run_command(monkeypatch, tmp_path, crash, "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["n_observations"] == 0
    assert report["script"] == {"status": 1, "ending": "raised an exception (traceback on stderr)"}
    assert report["diagnosis"].startswith("nothing could be diagnosed")


def test_command_json_is_not_ok_when_the_script_fails_after_observing(monkeypatch, tmp_path, capsys):
    import json
    healthy = STUCK.replace("predictions=np.zeros(3)", "predictions=y").replace("np.mean(y ** 2)", "1.0 / (epoch + 1)")
    assert run_command(monkeypatch, tmp_path, healthy, "--json") == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert run_command(monkeypatch, tmp_path, healthy + "\n    1 / 0\n", "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["n_observations"] == 7 and report["script"]["status"] == 1
