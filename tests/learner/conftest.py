"""The learner's command-line tests use the CLI tests' ``scratchnn`` fixture (the command run as a
user runs it, in ``tmp_path``)."""
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("cli_conftest", Path(__file__).resolve().parents[1] / "cli" / "conftest.py")
_cli = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cli)
scratchnn = _cli.scratchnn
