"""Outside battery, CSV files as they come from spreadsheets: BOM, CRLF, semicolons, tabs, quotes,
blank lines, spaces, no header; and broken ones (header only, words, NaN, ragged rows, trailing
commas, duplicate names, Windows-1252, binary garbage), given to fit, predict and evaluate. A
readable dialect trains the same model as the plain file; a broken one is refused naming the file
and the place, with every file the user owns unchanged."""
import numpy as np
import pytest

import scratchnn as snn

from .outside_tools import FAST, GOOD_CSV, csv, refused_by_cli, trained  # noqa: F401  (trained: a fixture)


# -- fit: CSV files as they come ----------------------------------------------------------------
CSV_OK = [
    ("bom", "\ufeff" + GOOD_CSV),
    ("crlf", GOOD_CSV.replace("\n", "\r\n")),
    ("semicolons", GOOD_CSV.replace(",", ";")),
    ("tabs", GOOD_CSV.replace(",", "\t")),
    ("quoted", "".join(",".join(f'"{c}"' for c in line.split(",")) + "\n" for line in GOOD_CSV.splitlines())),
    ("blank-lines", GOOD_CSV.replace("\n", "\n\n")),
    ("spaces-around", GOOD_CSV.replace(",", " , ")),
    ("no-header", GOOD_CSV.split("\n", 1)[1]),
    ("no-final-newline", GOOD_CSV.rstrip("\n")),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in CSV_OK])
def test_fit_reads_spreadsheet_dialects_of_the_same_table(cli_main, tmp_path, text):
    status, out, err = cli_main("fit", "--data", csv(tmp_path, text), *FAST, "--seed", "0")
    assert status == 0, err
    model = snn.load(tmp_path / "model.npz")
    assert model.n_features == 3 and model.training_info["n_samples"] == 20


def test_dialects_give_bit_identical_models(cli_main, tmp_path):
    params = []
    for i, (_, text) in enumerate(CSV_OK[:6]):
        status, _, err = cli_main("fit", "--data", csv(tmp_path, text, f"d{i}.csv"), "--out", f"m{i}.npz", *FAST)
        assert status == 0, err
        params.append(snn.load(tmp_path / f"m{i}.npz").flat_params)
    for p in params[1:]:
        np.testing.assert_array_equal(p, params[0])


CSV_BAD = [
    ("header-only", "a,b,c,y\n", ["no data rows"]),
    ("empty", "", ["empty"]),
    ("only-blank-lines", "\n\n\n", ["empty"]),
    ("word-in-a-cell", GOOD_CSV.replace("3,0,1", "3,zero,1", 1), ["zero", "line"]),
    ("nan-cell", GOOD_CSV.replace("3,0,1", "3,nan,1", 1), ["nan"]),
    ("inf-cell", GOOD_CSV.replace("3,0,1", "3,inf,1", 1), ["inf"]),
    ("ragged-row", GOOD_CSV + "1,2\n", ["line 22"]),
    ("trailing-comma", GOOD_CSV.replace("\n", ",\n"), ["empty", "trailing comma"]),
    ("one-column", "y\n1\n2\n3\n", ["feature"]),
    ("duplicate-header", GOOD_CSV.replace("a,b,c,y", "a,a,c,y"), ["'a'"]),
    ("windows-1252", ("prix,é\n" + "1,2\n" * 5).encode("cp1252"), ["utf-8", "data.csv"]),
    ("binary-garbage", bytes(range(256)) * 4, ["data.csv"]),
    ("thousands-separator", 'a,y\n"1,000",2\n"2,000",3\n', ["1,000"]),
]


@pytest.mark.parametrize("text, words", [pytest.param(t, w, id=i) for i, t, w in CSV_BAD])
def test_fit_refuses_broken_csv_naming_file_and_place(cli_main, tmp_path, text, words):
    csv(tmp_path, text)
    refused_by_cli(cli_main, tmp_path, ["fit", "--data", "data.csv", *FAST], *words)


@pytest.mark.parametrize("target, words", [("price", ["price", "a, b, c, y"]), ("9", ["9"]), ("-9", ["-9"]),
                                           ("", ["target"])])
def test_fit_refuses_a_target_that_is_not_a_column(cli_main, tmp_path, target, words):
    csv(tmp_path, GOOD_CSV)
    refused_by_cli(cli_main, tmp_path, ["fit", "--data", "data.csv", "--target", target, *FAST], *words)


def test_fit_missing_csv(cli_main, tmp_path):
    refused_by_cli(cli_main, tmp_path, ["fit", "--data", "nope.csv", *FAST], "nope.csv")


def test_fit_csv_that_is_a_directory(cli_main, tmp_path):
    (tmp_path / "d.csv").mkdir()
    refused_by_cli(cli_main, tmp_path, ["fit", "--data", "d.csv", *FAST], "d.csv")


def test_fit_thousands_of_columns_is_fine(cli_main, tmp_path):
    rng = np.random.default_rng(0)
    rows = "\n".join(",".join(f"{v:.3f}" for v in row) for row in rng.normal(size=(12, 2001)))
    status, out, err = cli_main("fit", "--data", csv(tmp_path, rows + "\n"), *FAST)
    assert status == 0, err
    assert snn.load(tmp_path / "model.npz").n_features == 2000


def test_fit_one_mistyped_huge_class_label_does_not_build_a_huge_layer(cli_main, tmp_path):
    text = "a,b,label\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(19)) + "5,1,1000000000\n"
    csv(tmp_path, text)
    status, out, err = cli_main("fit", "--data", "data.csv", "--loss", "cross_entropy", *FAST)
    if status == 0:
        assert snn.load(tmp_path / "model.npz").n_outputs <= 3
    else:
        assert status == 2 and "1000000000" in err and "Traceback" not in err, err


def test_fit_text_labels_with_spaces_are_one_class_each(cli_main, tmp_path):
    text = "a,b,animal\n" + "".join(f"{i},{i % 3}, {'cat' if i % 2 else 'dog'} \n" for i in range(20))
    status, out, err = cli_main("fit", "--data", csv(tmp_path, text), "--loss", "cross_entropy", *FAST)
    assert status == 0, err
    assert sorted(snn.load(tmp_path / "model.npz").classes.classes.tolist()) == ["cat", "dog"]


# -- the same broken CSVs, given to predict and evaluate -------------------------------------------
@pytest.mark.parametrize("command", ["predict", "evaluate"])
@pytest.mark.parametrize("text, words", [
    pytest.param("\u00e9,b,c\n1,2,3\n".encode("cp1252"), ["utf-8", "new.csv"], id="cp1252"),
    pytest.param(b"a,b,c\n1,\x002,3\n", ["new.csv"], id="nul-byte"),
    pytest.param("a,b,c\n", ["no data rows"], id="header-only"),
    pytest.param("a,b,c\n1,oops,3\n", ["oops"], id="word"),
])
def test_predict_and_evaluate_refuse_broken_csv(cli_main, tmp_path, trained, command, text, words):
    csv(tmp_path, text, "new.csv")
    extra = ["--target", "c"] if command == "evaluate" else []
    refused_by_cli(cli_main, tmp_path, [command, "model.npz", "--data", "new.csv", *extra], *words)


def test_csv_with_a_non_utf8_file_name_works(cli_main, tmp_path):
    import os
    name = os.fsdecode(b"d\xe9ta.csv")
    (tmp_path / name).write_text(GOOD_CSV)
    status, out, err = cli_main("fit", "--data", name, *FAST)
    assert status == 0, err


def test_evaluate_with_labels_the_model_never_saw(cli_main, tmp_path):
    text = "a,b,kind\n" + "".join(f"{i},{i % 3},{'x' if i % 2 else 'y'}\n" for i in range(20))
    csv(tmp_path, text, "train.csv")
    status, _, err = cli_main("fit", "--data", "train.csv", "--loss", "cross_entropy", *FAST)
    assert status == 0, err
    csv(tmp_path, "a,b,kind\n1,2,z\n", "test.csv")
    refused_by_cli(cli_main, tmp_path, ["evaluate", "model.npz", "--data", "test.csv"], "'z'")
