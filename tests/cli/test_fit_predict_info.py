"""`scratchnn fit`, `predict` and `info` on real files, as a user runs them."""
import json
import re

import numpy as np
import pytest

SEED000_SEQUENCE = "2.16,3.19,1.85,4.84,0.55,4.20,1.68,4.74,0.14,5.68,0.48,5.03,0.18"


def test_fit_on_a_sequence_saves_a_model_that_predicts_the_next_number(scratchnn, tmp_path):
    result = scratchnn("fit", "--sequence", SEED000_SEQUENCE, "--window", "3", "--layers", "3,4,1", "--epochs", "1500")
    assert result.returncode == 0, result.stderr
    assert "network 3-4-1" in result.stdout and f"saved model.npz" in result.stdout
    assert (tmp_path / "model.npz").is_file()
    said = float(re.search(r"next value after \[0.48, 5.03, 0.18\]: ([-\d.e]+)", result.stdout)[1])
    # The series continues with 5.99 (seed 000's held-out value): the recipe's goal is within 1.0.
    predicted = scratchnn("predict", "model.npz", "--input", "0.48,5.03,0.18")
    assert predicted.returncode == 0, predicted.stderr
    value = float(predicted.stdout.strip())
    assert abs(value - 5.99) < 1.0
    # predict applies the scaler saved with the model, so it agrees with what fit printed.
    assert value == pytest.approx(said, rel=1e-3)


def test_predict_without_the_saved_scaler_would_be_wrong(scratchnn, tmp_path):
    # The same model with its input scaler removed predicts something else: the scaler is really used.
    assert scratchnn("fit", "--sequence", SEED000_SEQUENCE, "--epochs", "300").returncode == 0
    import scratchnn as lib
    model = lib.load(tmp_path / "model.npz")
    record = model.training_info["input_scaler"]
    assert record["kind"] == "standard" and len(record["shift"]) == 3
    X = np.array([[0.48, 5.03, 0.18]])
    scaled = model.predict((X - record["shift"]) / np.array(record["scale"]))[0, 0]
    unscaled = model.predict(X)[0, 0]
    printed = float(scratchnn("predict", "model.npz", "--input", "0.48,5.03,0.18").stdout)
    assert printed == pytest.approx(scaled, rel=1e-5) and abs(printed - unscaled) > 1e-3


def test_info_shows_architecture_parameter_count_and_training(scratchnn):
    assert scratchnn("fit", "--sequence", SEED000_SEQUENCE, "--layers", "3,4,1", "--epochs", "50").returncode == 0
    result = scratchnn("info", "model.npz")
    assert result.returncode == 0, result.stderr
    # 3-4-1: W1 3x4 + b1 4 + W2 4x1 + b2 1 = 21 parameters
    assert "Dense(3, 4)" in result.stdout and "total parameters: 21" in result.stdout
    assert "epochs: 50" in result.stdout and "sequence of 13 numbers, window 3" in result.stdout
    as_json = json.loads(scratchnn("info", "model.npz", "--json").stdout)
    assert as_json["parameters"] == 21 and as_json["training"]["loss"] == "mse"


def test_fit_csv_with_header_and_named_target_then_predict_from_csv(scratchnn, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 10, (40, 2))
    y = 3 * X[:, 0] - 2 * X[:, 1] + 1
    rows = ["size,price,age"] + [f"{a:.4f},{t:.4f},{b:.4f}" for (a, b), t in zip(X, y)]
    (tmp_path / "houses.csv").write_text("\n".join(rows) + "\n")
    result = scratchnn("fit", "--data", "houses.csv", "--target", "price", "--layers", "2,8,1",
                       "--epochs", "1500", "--validation-split", "0.2", "--out", "houses.npz")
    assert result.returncode == 0, result.stderr
    assert "32 training samples, 8 for validation" in result.stdout and "validation loss" in result.stdout
    # New rows still carrying the target column: predict picks the feature columns by header.
    (tmp_path / "new.csv").write_text("size,price,age\n5,0,5\n2,0,8\n")
    predicted = scratchnn("predict", "houses.npz", "--data", "new.csv", "--out", "out.csv")
    assert predicted.returncode == 0, predicted.stderr
    lines = (tmp_path / "out.csv").read_text().split()
    assert lines[0] == "price"
    assert float(lines[1]) == pytest.approx(3 * 5 - 2 * 5 + 1, abs=1.5)
    assert float(lines[2]) == pytest.approx(3 * 2 - 2 * 8 + 1, abs=1.5)


def test_fit_csv_without_header_uses_the_last_column_or_an_index(scratchnn, tmp_path):
    (tmp_path / "xor.csv").write_text("0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
    result = scratchnn("fit", "--data", "xor.csv", "--epochs", "20", "--loss", "bce")
    assert result.returncode == 0, result.stderr
    assert "network 2-8-1" in result.stdout
    first = scratchnn("fit", "--data", "xor.csv", "--target", "0", "--epochs", "20", "--out", "m2.npz")
    assert first.returncode == 0 and "feature names: ['column 1', 'column 2']" in scratchnn("info", "m2.npz").stdout


def test_fit_builtin_dataset_writes_the_doctor_report_as_json(scratchnn, tmp_path):
    result = scratchnn("fit", "--dataset", "and_gate", "--layers", "2,4,1", "--loss", "bce", "--epochs", "300",
                       "--report-format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "model.doctor.json").read_text())
    assert set(report) >= {"ok", "codes", "findings"}


def test_fit_reads_options_from_a_toml_config_and_flags_win(scratchnn, tmp_path):
    (tmp_path / "run.toml").write_text(f'sequence = "{SEED000_SEQUENCE}"\nlayers = [3, 5, 1]\n'
                                       'epochs = 40\nactivation = "tanh"\noptimizer = "sgd"\nlr = 0.05\n')
    result = scratchnn("fit", "--config", "run.toml", "--epochs", "30")
    assert result.returncode == 0, result.stderr
    assert "network 3-5-1, tanh hidden, loss mse, sgd lr 0.05, 30 epochs" in result.stdout


def test_fit_writes_the_loss_curve_png_when_matplotlib_is_installed(scratchnn, tmp_path):
    pytest.importorskip("matplotlib")
    assert scratchnn("fit", "--sequence", SEED000_SEQUENCE, "--epochs", "20").returncode == 0
    assert (tmp_path / "model.loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fit_never_overwrites_without_force(scratchnn, tmp_path, expect_user_error):
    (tmp_path / "model.npz").write_bytes(b"my precious model")
    refused = scratchnn("fit", "--sequence", SEED000_SEQUENCE, "--epochs", "5")
    expect_user_error(refused, "model.npz", "--force")
    assert (tmp_path / "model.npz").read_bytes() == b"my precious model"
    assert not (tmp_path / "model.loss.png").exists()
    forced = scratchnn("fit", "--sequence", SEED000_SEQUENCE, "--epochs", "5", "--force")
    assert forced.returncode == 0 and (tmp_path / "model.npz").read_bytes()[:2] == b"PK"


def test_predict_never_overwrites_its_output_without_force(scratchnn, tmp_path, expect_user_error):
    assert scratchnn("fit", "--sequence", SEED000_SEQUENCE, "--epochs", "5").returncode == 0
    (tmp_path / "preds.csv").write_text("keep me")
    expect_user_error(scratchnn("predict", "model.npz", "--input", "1,2,3", "--out", "preds.csv"), "preds.csv", "--force")
    assert (tmp_path / "preds.csv").read_text() == "keep me"
    assert scratchnn("predict", "model.npz", "--input", "1,2,3", "--out", "preds.csv", "--force").returncode == 0
    assert (tmp_path / "preds.csv").read_text().startswith("next\n")
