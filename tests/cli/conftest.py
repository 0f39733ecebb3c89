"""Run ``scratchnn`` as a user does: a subprocess in a temporary directory."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def scratchnn(tmp_path):
    """``scratchnn(*args)`` -> CompletedProcess, run in ``tmp_path`` with the source tree importable."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
               OPENBLAS_NUM_THREADS="1", MPLBACKEND="Agg")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "scratchnn", *map(str, args)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
    run.env = env
    return run


@pytest.fixture
def expect_user_error():
    """``expect_user_error(result, *phrases)``: the checks every user mistake must pass."""
    return assert_user_error


def assert_user_error(result, *phrases):
    """Exit status 2, one line `scratchnn: error: ...` naming each phrase, and no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scratchnn: error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for phrase in phrases:
        assert phrase in lines[0], (phrase, lines[0])
