"""The training benchmark starts and prints its table (``--quick``: one short repeat of everything).

Timing is not checked here -- only that the script runs end to end and says what it measures.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_train_quick_prints_the_step_table():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_train.py"), "--quick"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "scratchnn us" in out and "floor us" in out   # the table header
    assert "vs torch" in out or "PyTorch is not installed" in out   # torch is optional (the bench extra)
    for network in ("3-4-1 (seed 000)", "12288-64-1 (seed 002)", "1024-1024-1024-10"):
        assert network in out
    assert "loop overhead" in out
    assert "bytes per step" in out
