"""Every page of README.md and docs/ runs as shown: Python blocks execute, shell commands with
shown output print that output (see markdown_blocks.py for the markers). A page that drifts from
what the code does fails here."""
import contextlib
import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .compare import first_difference, output_matches
from .markdown_blocks import blocks, shell_commands

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
LINKED_DIRS = ("examples", "benchmarks", "datasets")  # pages may run files from these
# Optional packages a page may import (the bench extra); without one, that block and the page's later
# Python blocks are skipped (they may use its names), and the page is reported as skipped.
OPTIONAL_MODULES = ("torch", "jax", "sklearn")

# Pages owned by others whose drift is known and reported (strict: the entry must go once fixed).
KNOWN_DRIFTS = {}


def tolerance(block):
    value = block.marker("tolerance")
    if value is None:
        return 0.0
    return float(value.rstrip("%")) / 100 if value.endswith("%") else float(value)


class Shell:
    """Runs a page's shell commands in one temporary directory, ``scratchnn`` being this checkout."""

    def __init__(self, workdir):
        self.workdir = workdir
        bin_dir = workdir / ".bin"
        bin_dir.mkdir()
        for name, target in (("scratchnn", f'"{sys.executable}" -m scratchnn'), ("python", f'"{sys.executable}"')):
            shim = bin_dir / name
            shim.write_text(f'#!/bin/sh\nexec {target} "$@"\n')
            shim.chmod(0o755)
        for name in LINKED_DIRS:
            if (ROOT / name).exists():
                (workdir / name).symlink_to(ROOT / name)
        src = str(ROOT / "src")
        self.env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", OPENBLAS_NUM_THREADS="1",
                        MPLBACKEND="Agg", PYTHONPATH=os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p),
                        COLUMNS="100", NO_COLOR="1")

    def run(self, command):
        words = shlex.split(command, comments=True)
        if len(words) == 2 and words[0] == "cat" and not (self.workdir / words[1]).exists():
            return None  # a fixture: the caller writes the shown lines to the file
        done = subprocess.run(["bash", "-c", command], cwd=self.workdir, env=self.env, capture_output=True,
                              text=True, timeout=300)
        return done.stdout + done.stderr


_COMMAND_OUTPUTS = {}


def output_of(command, tmp_path_factory):
    """What ``command`` prints, run once per session in a directory of its own."""
    if command not in _COMMAND_OUTPUTS:
        _COMMAND_OUTPUTS[command] = Shell(tmp_path_factory.mktemp("cmd")).run(command)
    return _COMMAND_OUTPUTS[command]


def check(shown, actual, where, rel=0.0, excerpt=False):
    assert output_matches(shown, actual, rel, excerpt), (
        f"{where}: the shown output drifted from what runs. {first_difference(shown, actual, rel)}\n"
        f"--- real output ---\n{actual}")


def run_page(path, workdir, tmp_path_factory):
    """Execute one page; returns the number of blocks executed."""
    page_blocks = blocks(str(path.relative_to(ROOT)), path.read_text())
    shell, namespace, executed = Shell(workdir), {"__name__": "__docs__"}, 0
    import scratchnn
    scratchnn.doctor.reset()  # each page observes into a fresh default doctor, as a fresh session would
    last_python_output, missing = None, None
    for block in page_blocks:
        if block.marker("skip") is not None:
            continue
        if missing and (block.lang == "python" or block.marker("output") is not None):
            continue
        rel = tolerance(block)
        of = block.marker("output of")
        if of is not None:
            check(block.text, output_of(of.strip("`"), tmp_path_factory), block.where, rel, excerpt=True)
            executed += 1
            continue
        if block.marker("output") is not None:
            assert last_python_output is not None, f"{block.where}: an output block must follow a Python block"
            check(block.text, last_python_output, block.where, rel)
            continue
        if block.lang == "python":
            out = io.StringIO()
            cwd = os.getcwd()
            os.chdir(workdir)
            try:
                with contextlib.redirect_stdout(out):
                    exec(compile(block.text, block.where, "exec"), namespace)
            except ModuleNotFoundError as error:
                if error.name not in OPTIONAL_MODULES:
                    raise
                missing = f"{block.where} imports {error.name}, which is not installed"
                continue
            finally:
                os.chdir(cwd)
            last_python_output = out.getvalue()
            executed += 1
            continue
        for command in shell_commands(block):
            actual = shell.run(command.line)
            if actual is None:
                target = workdir / shlex.split(command.line)[1]
                target.write_text(command.shown + "\n")
                continue
            if command.shown.strip():
                check(command.shown, actual, f"{block.where}: $ {command.line}", rel)
            executed += 1
    if missing:
        pytest.skip(f"{missing}: the page ran as shown up to there")
    return executed


@pytest.mark.parametrize("path", [pytest.param(p, id=str(p.relative_to(ROOT)),
                                               marks=[pytest.mark.xfail(reason=KNOWN_DRIFTS[str(p.relative_to(ROOT))],
                                                                        strict=True)]
                                               if str(p.relative_to(ROOT)) in KNOWN_DRIFTS else [])
                                  for p in PAGES])
def test_page_runs_as_shown(path, tmp_path, tmp_path_factory, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["docs"])
    run_page(path, tmp_path, tmp_path_factory)
