"""The front door: help, version, --debug, and commands that are not installed."""
import sys

import scratchnn
from scratchnn import cli


def test_help_lists_every_command(scratchnn):
    result = scratchnn("--help")
    assert result.returncode == 0
    for name in ("demo", "fit", "predict", "info", "gradcheck", "doctor"):
        assert f"    {name}" in result.stdout


def test_version_is_the_package_version(scratchnn):
    result = scratchnn("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"scratchnn {scratchnn_version()}"


def scratchnn_version():
    return scratchnn.__version__


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
