"""Shared tools of the hostile-input battery: a tiny trained model, a CLI runner (in process for
speed, in a subprocess for faults), and a snapshot of a directory to prove nothing was touched."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scratchnn import Dense, ReLU, Sequential, cli

SRC = Path(__file__).resolve().parents[2] / "src"
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
           OPENBLAS_NUM_THREADS="1", MPLBACKEND="Agg")
SEQUENCE = "2.16,3.19,1.85,4.84,0.55,4.20,1.68,4.74,0.14,5.68,0.48,5.03,0.18"


def tiny_model(dtype="float32", seed=0):
    """A 3-4-1 ReLU network trained for a few epochs (its weights are no longer the seed's start)."""
    model = Sequential([Dense(3, 4), ReLU(), Dense(4, 1)], seed=seed, dtype=dtype)
    X = np.random.default_rng(1).normal(size=(12, 3))
    model.fit(X, X.sum(axis=1), epochs=3)
    return model


def snapshot(directory):
    """``{relative path: (kind, bytes or link target, mode)}`` of everything under ``directory``."""
    out = {}
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, directory)
            if os.path.islink(path):
                out[rel] = ("link", os.readlink(path), None)
            elif os.path.isfile(path):
                out[rel] = ("file", Path(path).read_bytes(), os.stat(path).st_mode)
            else:
                out[rel] = ("dir", None, os.stat(path).st_mode)
    return out


def run_cli(cwd, *args, timeout=120, **kwargs):
    """``scratchnn ARGS`` as a user runs it: a subprocess in ``cwd``."""
    return subprocess.run([sys.executable, "-m", "scratchnn", *map(str, args)], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=timeout, **kwargs)


@pytest.fixture
def cli_main(tmp_path, monkeypatch, capsys):
    """``cli_main(*args) -> (status, stdout, stderr)``: ``scratchnn.cli.main`` run in ``tmp_path``."""
    monkeypatch.chdir(tmp_path)

    def run(*args):
        status = cli.main([str(a) for a in args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err
    return run


def assert_one_line_error(status, err, *phrases):
    """Exit 2, one line `scratchnn: error: ...` holding every phrase, no traceback."""
    lines = err.strip().splitlines()
    assert status == 2, err
    assert len(lines) == 1 and lines[0].startswith("scratchnn: error: "), err
    assert "Traceback" not in err
    for phrase in phrases:
        assert phrase in lines[0], (phrase, lines[0])
