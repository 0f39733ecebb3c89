"""The front door: help, version, --debug, and commands that are not installed."""
import sys

import scratchnn as lib
from scratchnn import cli


def test_help_lists_every_command(scratchnn):
    result = scratchnn("--help")
    assert result.returncode == 0
    for name in ("demo", "fit", "predict", "info", "gradcheck", "doctor"):
        assert f"    {name}" in result.stdout


def test_version_is_the_package_version(scratchnn):
    result = scratchnn("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"scratchnn {lib.__version__}"


def test_no_command_prints_help_and_exits_2(scratchnn):
    result = scratchnn()
    assert result.returncode == 2 and "COMMAND" in result.stdout


def test_debug_shows_the_traceback_of_a_user_error(scratchnn):
    quiet = scratchnn("info", "missing.npz")
    loud = scratchnn("--debug", "info", "missing.npz")
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr
    assert loud.returncode != 0 and "Traceback" in loud.stderr and "FileNotFoundError" in loud.stderr


def test_a_command_whose_module_is_missing_says_it_is_not_available(monkeypatch, capsys):
    # None in sys.modules makes the import fail exactly as a missing module does.
    monkeypatch.setitem(sys.modules, "scratchnn.commands.gradcheck", None)
    status = cli.main(["gradcheck", "mynet.py:make_check"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("scratchnn: error: the 'gradcheck' command is not available") and "Traceback" not in err


def test_other_commands_work_when_one_module_is_missing(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "scratchnn.commands.doctor", None)
    assert cli.main(["demo", "--list"]) == 0
    assert "next-number" in capsys.readouterr().out


def test_config_without_a_toml_reader_asks_for_tomli(monkeypatch, tmp_path, capsys):
    # As on Python 3.10 without tomli: neither module can be imported.
    monkeypatch.setitem(sys.modules, "tomllib", None)
    monkeypatch.setitem(sys.modules, "tomli", None)
    (tmp_path / "run.toml").write_text("epochs = 3\n")
    status = cli.main(["fit", "--config", str(tmp_path / "run.toml")])
    err = capsys.readouterr().err
    assert status == 2 and "pip install tomli" in err and "Traceback" not in err


def test_output_piped_into_a_reader_that_stops_early_is_not_an_error(scratchnn, tmp_path):
    import subprocess
    result = subprocess.run(f'"{sys.executable}" -m scratchnn demo | head -1', shell=True, cwd=tmp_path,
                            capture_output=True, text=True, env=scratchnn.env)
    assert result.stdout.startswith("scratchnn demo next-number") and "Traceback" not in result.stderr
