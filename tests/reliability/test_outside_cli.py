"""Outside battery, command line: every subcommand given missing, extra and odd arguments,
TOML configs with wrong types, and output paths that are directories, links, devices or missing.
Each refusal: exit 2, one ``scratchnn: error:`` line naming the problem, no traceback, and every
file the user owns byte-for-byte unchanged. Run in process (``cli.main``) for speed."""
import json

import pytest

import scratchnn as snn

from .conftest import SEQUENCE, tiny_model
from .outside_tools import FAST, csv, refused_by_cli, trained  # noqa: F401  (trained: a fixture)


# -- fit: arguments -----------------------------------------------------------------------------
FIT_BAD = [
    ("no-data", [], ["--data"]),
    ("two-sources", ["--sequence", SEQUENCE, "--dataset", "xor"], ["one"]),
    ("sequence-word", ["--sequence", "1,2,x,4,5,6"], ["'x'"]),
    ("sequence-empty", ["--sequence", ""], ["--sequence"]),
    ("sequence-nan", ["--sequence", "1,2,nan,4,5,6"], ["nan"]),
    ("sequence-too-short", ["--sequence", "1,2,3", "--window", "3"], ["--window"]),
    ("window-zero", ["--sequence", SEQUENCE, "--window", "0"], ["--window", "0"]),
    ("window-negative", ["--sequence", SEQUENCE, "--window", "-2"], ["--window", "-2"]),
    ("layers-zero", ["--sequence", SEQUENCE, "--layers", "3,0,1"], ["--layers", "0"]),
    ("layers-words", ["--sequence", SEQUENCE, "--layers", "three,four"], ["--layers"]),
    ("layers-gap", ["--sequence", SEQUENCE, "--layers", "3,,1"], ["--layers"]),
    ("layers-wrong-inputs", ["--sequence", SEQUENCE, "--layers", "5,4,1"], ["--layers", "3"]),
    ("layers-huge", ["--sequence", SEQUENCE, "--layers", "3,100000000000,1"], ["100000000000"]),
    ("epochs-zero", ["--sequence", SEQUENCE, "--epochs", "0"], ["--epochs", "0"]),
    ("epochs-float", ["--sequence", SEQUENCE, "--epochs", "2.5"], ["--epochs", "2.5"]),
    ("lr-nan", ["--sequence", SEQUENCE, "--lr", "nan"], ["--lr", "nan"]),
    ("lr-inf", ["--sequence", SEQUENCE, "--lr", "inf"], ["--lr", "inf"]),
    ("lr-negative", ["--sequence", SEQUENCE, "--lr", "-0.1"], ["--lr", "-0.1"]),
    ("momentum-one", ["--sequence", SEQUENCE, "--optimizer", "sgd", "--momentum", "1"], ["--momentum"]),
    ("loss-unknown", ["--sequence", SEQUENCE, "--loss", "hinge"], ["hinge"]),
    ("optimizer-unknown", ["--sequence", SEQUENCE, "--optimizer", "rmsprop"], ["rmsprop"]),
    ("activation-unknown", ["--sequence", SEQUENCE, "--activation", "swish"], ["swish"]),
    ("scale-unknown", ["--sequence", SEQUENCE, "--scale", "robust"], ["robust"]),
    ("split-above-one", ["--sequence", SEQUENCE, "--validation-split", "1.5"], ["--validation-split"]),
    ("split-nan", ["--sequence", SEQUENCE, "--validation-split", "nan"], ["--validation-split"]),
    ("early-stopping-alone", ["--sequence", SEQUENCE, "--early-stopping", "5"], ["--validation-split"]),
    ("batch-size-zero", ["--sequence", SEQUENCE, "--batch-size", "0"], ["--batch-size"]),
    ("seed-negative", ["--sequence", SEQUENCE, "--seed", "-1"], ["seed", "-1"]),
    ("dataset-unknown", ["--dataset", "mnist"], ["mnist"]),
    ("report-format-unknown", ["--sequence", SEQUENCE, "--report-format", "xml"], ["xml"]),
    ("bce-on-numbers", ["--sequence", SEQUENCE, "--loss", "bce"], ["bce"]),
    ("stray-argument", ["--sequence", SEQUENCE, "extra"], ["extra"]),
]


@pytest.mark.parametrize("args, words", [pytest.param(a, w, id=i) for i, a, w in FIT_BAD])
def test_fit_refuses_bad_arguments_before_training(cli_main, tmp_path, args, words):
    refused_by_cli(cli_main, tmp_path, ["fit", *FAST, *args], *words)   # args last: they win


# -- fit: output destinations -------------------------------------------------------------------
def test_fit_out_is_a_directory(cli_main, tmp_path):
    (tmp_path / "models").mkdir()
    refused_by_cli(cli_main, tmp_path, ["fit", "--sequence", SEQUENCE, "--out", "models", *FAST], "directory")


def test_fit_out_in_a_missing_directory(cli_main, tmp_path):
    refused_by_cli(cli_main, tmp_path, ["fit", "--sequence", SEQUENCE, "--out", "no/such/m.npz", *FAST], "mkdir")


def test_fit_out_under_a_file(cli_main, tmp_path):
    (tmp_path / "file.csv").write_text("1,2\n")
    refused_by_cli(cli_main, tmp_path, ["fit", "--sequence", SEQUENCE, "--out", "file.csv/m", *FAST], "file.csv")


def test_fit_out_existing_without_force_is_refused_before_training(cli_main, tmp_path):
    tiny_model().save(tmp_path / "model.npz")
    refused_by_cli(cli_main, tmp_path, ["fit", "--sequence", SEQUENCE, *FAST], "--force")


def test_fit_out_dangling_symlink_is_refused_without_force(cli_main, tmp_path):
    (tmp_path / "model.npz").symlink_to(tmp_path / "elsewhere.npz")
    refused_by_cli(cli_main, tmp_path, ["fit", "--sequence", SEQUENCE, *FAST], "symbolic link")
    assert not (tmp_path / "elsewhere.npz").exists()


def test_fit_force_onto_a_symlink_replaces_the_link_only(cli_main, tmp_path):
    (tmp_path / "precious.txt").write_text("mine")
    (tmp_path / "model.npz").symlink_to(tmp_path / "precious.txt")
    status, out, err = cli_main("fit", "--sequence", SEQUENCE, "--force", *FAST)
    assert status == 0, err
    assert (tmp_path / "precious.txt").read_text() == "mine"
    assert not (tmp_path / "model.npz").is_symlink() and snn.load(tmp_path / "model.npz")


def test_fit_out_dev_null_is_refused(cli_main, tmp_path):
    import os, stat
    before = set(os.listdir("/dev"))
    refused_by_cli(cli_main, tmp_path, ["fit", "--sequence", SEQUENCE, "--out", "/dev/null", "--force", *FAST],
                   "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and set(os.listdir("/dev")) == before


def test_fit_path_with_spaces_and_unicode_works(cli_main, tmp_path):
    status, out, err = cli_main("fit", "--sequence", SEQUENCE, "--out", "my models ü.npz", *FAST)
    assert status == 0, err
    assert snn.load(tmp_path / "my models ü.npz").n_features == 3


# -- fit: TOML configs ---------------------------------------------------------------------------
TOML_BAD = [
    ("epochs-text", 'epochs = "ten"', ["epochs", "ten"]),
    ("epochs-float", "epochs = 1.5", ["epochs", "1.5"]),
    ("doctor-text", 'doctor = "no"', ["doctor", "no"]),
    ("out-number", "out = 5", ["out", "5"]),
    ("lr-text", 'lr = "fast"', ["lr", "fast"]),
    ("layers-bad", 'layers = "3,x,1"', ["layers"]),
    ("unknown-key", "epoch = 10", ["epoch"]),
    ("not-toml", "epochs: 10", ["toml"]),
    ("table-value", "[epochs]\nvalue = 3", ["epochs"]),
    ("bool-for-number", "epochs = true", ["epochs", "true"]),
]


@pytest.mark.parametrize("text, words", [pytest.param(t, w, id=i) for i, t, w in TOML_BAD])
def test_fit_refuses_a_toml_config_with_wrong_types(cli_main, tmp_path, text, words):
    (tmp_path / "run.toml").write_text(f'sequence = "{SEQUENCE}"\n{text}\n')
    refused_by_cli(cli_main, tmp_path, ["fit", "--config", "run.toml", "--no-doctor", "--quiet"], *words)


def test_fit_config_missing(cli_main, tmp_path):
    refused_by_cli(cli_main, tmp_path, ["fit", "--config", "nope.toml"], "nope.toml")


def test_fit_config_in_windows_1252(cli_main, tmp_path):
    (tmp_path / "run.toml").write_bytes(f'sequence = "{SEQUENCE}"\n# café\n'.encode("cp1252"))
    refused_by_cli(cli_main, tmp_path, ["fit", "--config", "run.toml"], "run.toml")


# -- predict / evaluate / info -----------------------------------------------------------------------
PREDICT_BAD = [
    ("no-input", [], ["--input"]),
    ("both-inputs", ["--input", "1,2,3", "--data", "train.csv"], ["--input"]),
    ("too-few-values", ["--input", "1,2"], ["3"]),
    ("word", ["--input", "1,two,3"], ["two"]),
    ("empty", ["--input", ""], ["--input"]),
    ("only-separators", ["--input", ";;"], ["--input"]),
    ("nan", ["--input", "1,nan,3"], ["nan"]),
    ("overflow", ["--input", "1,1e39,3"], ["float32", "(0, 1)"]),
    ("missing-csv", ["--data", "nope.csv"], ["nope.csv"]),
    ("proba-of-regressor", ["--input", "1,2,3", "--proba"], ["--proba"]),
]


@pytest.mark.parametrize("args, words", [pytest.param(a, w, id=i) for i, a, w in PREDICT_BAD])
def test_predict_refuses_bad_inputs(cli_main, tmp_path, trained, args, words):
    refused_by_cli(cli_main, tmp_path, ["predict", "model.npz", *args], *words)


def test_predict_with_spaces_in_input_works(cli_main, trained):
    status, out, err = cli_main("predict", "model.npz", "--input", " 1 , 2 , 3 ; 0,0,0 ")
    assert status == 0, err
    assert len([line for line in out.splitlines() if line.strip()]) >= 2


@pytest.mark.parametrize("header, words", [("a,a,c", ["'a'"]), ("a,b,x", ["x"]), ("a,b", ["c"])])
def test_predict_csv_with_wrong_columns_is_refused(cli_main, tmp_path, trained, header, words):
    n = len(header.split(","))
    csv(tmp_path, header + "\n" + ",".join(["1"] * n) + "\n", "new.csv")
    refused_by_cli(cli_main, tmp_path, ["predict", "model.npz", "--data", "new.csv"], *words)


def test_predict_csv_with_reordered_columns_uses_the_names(cli_main, tmp_path, trained):
    csv(tmp_path, "a,b,c\n1,2,0\n", "ordered.csv")
    csv(tmp_path, "c,a,b\n0,1,2\n", "shuffled.csv")
    outs = [cli_main("predict", "model.npz", "--data", name) for name in ("ordered.csv", "shuffled.csv")]
    assert outs[0][0] == outs[1][0] == 0 and outs[0][1] == outs[1][1], outs


@pytest.mark.parametrize("where, words", [("dir", ["directory"]), ("exists", ["--force"]), ("missing-dir", ["mkdir"])])
def test_predict_out_refused_and_nothing_touched(cli_main, tmp_path, trained, where, words):
    (tmp_path / "outdir").mkdir()
    (tmp_path / "preds.csv").write_text("old\n")
    out = {"dir": "outdir", "exists": "preds.csv", "missing-dir": "no/p.csv"}[where]
    refused_by_cli(cli_main, tmp_path, ["predict", "model.npz", "--input", "1,2,3", "--out", out], *words)


@pytest.mark.parametrize("model", ["nope.npz", "train.csv"])
def test_predict_with_a_missing_or_foreign_model(cli_main, tmp_path, trained, model):
    refused_by_cli(cli_main, tmp_path, ["predict", model, "--input", "1,2,3"], model)


EVALUATE_BAD = [
    ("no-data", [], ["--data"]),
    ("target-unknown", ["--data", "train.csv", "--target", "price"], ["price"]),
    ("no-target-column", ["--data", "feat.csv"], ["column"]),
]


@pytest.mark.parametrize("args, words", [pytest.param(a, w, id=i) for i, a, w in EVALUATE_BAD])
def test_evaluate_refuses_bad_arguments(cli_main, tmp_path, trained, args, words):
    csv(tmp_path, "a,b,c\n1,2,3\n", "feat.csv")
    refused_by_cli(cli_main, tmp_path, ["evaluate", "model.npz", *args], *words)


def test_evaluate_and_info_json_are_strict_json_even_for_a_diverged_number(cli_main, tmp_path, trained):
    model = snn.load(tmp_path / "model.npz")
    model.training_info["final_loss"] = float("nan")
    model.save(tmp_path / "nan.npz")
    for args in (["info", "nan.npz", "--json"], ["evaluate", "model.npz", "--data", "train.csv", "--json"]):
        status, out, err = cli_main(*args)
        assert status == 0, err
        json.loads(out, parse_constant=lambda token: pytest.fail(f"bare {token} in {args} --json output"))


def test_info_on_a_directory(cli_main, tmp_path):
    (tmp_path / "m.npz").mkdir()
    refused_by_cli(cli_main, tmp_path, ["info", "m.npz"], "m.npz")


# -- the other commands ------------------------------------------------------------------------------
OTHER_BAD = [
    ("unknown-command", ["train"], ["train"]),
    ("info-no-model", ["info"], ["MODEL"]),
    ("gradcheck-no-colon", ["gradcheck", "mine.py"], ["mine.py"]),
    ("gradcheck-missing-file", ["gradcheck", "nope.py:f"], ["nope.py"]),
    ("gradcheck-missing-function", ["gradcheck", "mine.py:nothere"], ["nothere"]),
    ("gradcheck-model-file", ["gradcheck", "model.npz:f"], ["model.npz"]),
    ("gradcheck-rtol-negative", ["gradcheck", "mine.py:f", "--rtol", "-1"], ["rtol", "-1"]),
    ("doctor-missing-script", ["doctor", "nope.py"], ["nope.py"]),
    ("doctor-png-exists", ["doctor", "--png", "old.png", "mine.py"], ["--force"]),
    ("doctor-json-file-dir", ["doctor", "--json-file", "adir", "mine.py"], ["directory"]),
    ("demo-unknown", ["demo", "nope"], ["nope"]),
]


@pytest.mark.parametrize("args, words", [pytest.param(a, w, id=i) for i, a, w in OTHER_BAD])
def test_other_commands_refuse_bad_arguments(cli_main, tmp_path, args, words):
    (tmp_path / "mine.py").write_text("import numpy as np\n"
                                      "def f():\n    return (lambda p: float(np.sum(p['w'] ** 2)), "
                                      "{'w': np.ones(2)}, {'w': 2 * np.ones(2)})\n")
    (tmp_path / "old.png").write_bytes(b"\x89PNG mine")
    (tmp_path / "adir").mkdir()
    tiny_model().save(tmp_path / "model.npz")
    refused_by_cli(cli_main, tmp_path, args, *words)


def test_no_command_prints_help_and_exits_2(cli_main):
    status, out, err = cli_main()
    assert status == 2 and "fit" in out + err


# -- doctor on scripts that fail in the user's own code ------------------------------------------------
FAILING_SCRIPTS = {
    "raises": ("import scratchnn\nfor e in range(3):\n    scratchnn.observe(epoch=e, loss=1.0 / (e + 1), lr=0.1)\n"
               "raise RuntimeError('boom in my loop')\n", "boom in my loop"),
    "syntax-error": ("def f(:\n", "SyntaxError"),
}


@pytest.mark.parametrize("name", FAILING_SCRIPTS)
def test_doctor_json_stays_valid_json_when_the_script_fails(cli_main, tmp_path, name):
    source, shown = FAILING_SCRIPTS[name]
    (tmp_path / "train.py").write_text(source)
    status, out, err = cli_main("doctor", "--json", "train.py")
    assert status != 0 and shown in err, (status, err)       # the user's own error, shown as theirs
    assert isinstance(json.loads(out), dict), out                # stdout holds only the report


def test_doctor_passes_on_the_scripts_exit_status(cli_main, tmp_path):
    (tmp_path / "train.py").write_text("import sys\nsys.exit(3)\n")
    status, out, err = cli_main("doctor", "train.py")
    assert status == 3 and "Traceback" not in err, (status, err)


@pytest.mark.parametrize("args, words", [
    (["--sequence", SEQUENCE, "--target", "3"], ["--target", "--data"]),
    (["--dataset", "xor", "--window", "2"], ["--window", "--sequence"]),
    (["--sequence", SEQUENCE, "--out", "m.npz/"], ["m.npz/", "directory"]),
    (["--data", "-"], ["no such file: -"]),
])
def test_fit_refuses_options_it_would_silently_ignore_or_misread(cli_main, tmp_path, args, words):
    refused_by_cli(cli_main, tmp_path, ["fit", *FAST, *args], *words)
