"""The mistakes users make: each is one line naming the problem and the fix, exit 2, no traceback."""
import pytest

SEQUENCE = "2.16,3.19,1.85,4.84,0.55,4.20,1.68"


@pytest.fixture
def csv_file(tmp_path):
    (tmp_path / "data.csv").write_text("a,b,y\n1,2,3\n4,5,6\n7,8,9\n")
    return "data.csv"


def test_missing_data_file(scratchnn, expect_user_error):
    expect_user_error(scratchnn("fit", "--data", "nope.csv"), "no such file: nope.csv")


def test_unknown_column(scratchnn, expect_user_error, csv_file):
    expect_user_error(scratchnn("fit", "--data", csv_file, "--target", "price"), "no column 'price'", "a, b, y", "--target")


def test_non_numeric_cell_names_line_and_column(scratchnn, expect_user_error, tmp_path):
    (tmp_path / "bad.csv").write_text("a,b,y\n1,2,3\n4,five,6\n")
    expect_user_error(scratchnn("fit", "--data", "bad.csv"), "line 3", "column 'b'", "'five' is not a number")


def test_ragged_rows(scratchnn, expect_user_error, tmp_path):
    (tmp_path / "ragged.csv").write_text("1,2,3\n4,5\n")
    expect_user_error(scratchnn("fit", "--data", "ragged.csv"), "line 2", "2 cells where the first row has 3")


def test_sequence_shorter_than_the_window(scratchnn, expect_user_error):
    expect_user_error(scratchnn("fit", "--sequence", "1,2,3", "--window", "3"),
               "3 numbers, too short for --window 3", "at least 4")


def test_non_numeric_sequence(scratchnn, expect_user_error):
    expect_user_error(scratchnn("fit", "--sequence", "1,2,x,4"), "'x' is not a number")


def test_layer_sizes_that_do_not_match_the_data(scratchnn, expect_user_error):
    expect_user_error(scratchnn("fit", "--sequence", SEQUENCE, "--window", "3", "--layers", "4,4,1"),
               "starts with 4 inputs", "3 feature(s)", "--layers 3,4,1")
    expect_user_error(scratchnn("fit", "--sequence", SEQUENCE, "--layers", "3,4,2"), "ends with 2 outputs", "--layers 3,4,1")


def test_unknown_activation(scratchnn, expect_user_error):
    expect_user_error(scratchnn("fit", "--sequence", SEQUENCE, "--activation", "relux"), "unknown activation 'relux'", "relu, ")


def test_unknown_dataset_lists_the_built_in_ones(scratchnn, expect_user_error):
    expect_user_error(scratchnn("fit", "--dataset", "mnist"), "unknown dataset 'mnist'", "next_number")


def test_two_data_sources_at_once(scratchnn, expect_user_error, csv_file):
    expect_user_error(scratchnn("fit", "--data", csv_file, "--sequence", SEQUENCE), "exactly one source of data")


def test_bce_on_targets_that_are_not_0_or_1(scratchnn, expect_user_error, csv_file):
    expect_user_error(scratchnn("fit", "--data", csv_file, "--loss", "bce"), "targets of 0 and 1", "--loss mse")


def test_bad_config_key(scratchnn, expect_user_error, tmp_path):
    (tmp_path / "c.toml").write_text("epocs = 3\n")
    expect_user_error(scratchnn("fit", "--config", "c.toml"), "unknown option(s) epocs")


def test_missing_model_file(scratchnn, expect_user_error):
    expect_user_error(scratchnn("predict", "model.npz", "--input", "1,2,3"), "no model file at model.npz", "scratchnn fit")
    expect_user_error(scratchnn("info", "model.npz"), "no model file at model.npz")


def test_a_file_that_is_not_a_model(scratchnn, expect_user_error, tmp_path):
    (tmp_path / "notes.npz").write_text("hello")
    expect_user_error(scratchnn("info", "notes.npz"), "notes.npz")


def test_predict_with_the_wrong_number_of_inputs(scratchnn, expect_user_error):
    assert scratchnn("fit", "--sequence", SEQUENCE, "--epochs", "3").returncode == 0
    expect_user_error(scratchnn("predict", "model.npz", "--input", "1,2"),
               "2 value(s)", "takes 3 (t-3, t-2, t-1)", "give 3 numbers")
