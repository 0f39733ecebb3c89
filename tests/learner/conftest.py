"""``scratchnn(*args)``: the command line run as a user runs it, in a temporary directory."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def scratchnn(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
               OPENBLAS_NUM_THREADS="1", MPLBACKEND="Agg")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "scratchnn", *map(str, args)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
    run.dir = tmp_path
    return run
