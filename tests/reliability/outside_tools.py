"""Helpers of the outside battery (test_outside_*.py): one way to assert "refused clearly", in the
library and on the command line."""
import re

import pytest

from scratchnn import InputError

from .conftest import snapshot


def refused(call, *words):
    """``call()`` raises scratchnn's InputError, one line long, naming each of ``words`` (case-insensitive)."""
    with pytest.raises(InputError) as info:
        call()
    message = str(info.value)
    assert type(info.value).__module__.startswith("scratchnn"), type(info.value)
    assert "\n" not in message.strip() and len(message) < 600, message
    for word in words:
        assert re.search(re.escape(str(word)), message, re.IGNORECASE), f"{word!r} not in: {message}"
    return message


# -- the command line, run in process (cli.main) ---------------------------------------------------
FAST = ["--epochs", "3", "--no-doctor", "--quiet"]
GOOD_CSV = "a,b,c,y\n" + "".join(f"{i % 5},{(i * 7) % 3},{i % 2},{i % 3 + 0.5}\n" for i in range(20))


def refused_by_cli(cli_main, tmp_path, args, *words):
    """``scratchnn ARGS`` exits 2 with one error line naming each of ``words``, no traceback, and
    changes nothing under ``tmp_path``."""
    before = snapshot(tmp_path)
    status, out, err = cli_main(*args)
    assert status == 2, (status, out[-300:], err)
    assert err.startswith("scratchnn: error:") or err.startswith("usage:"), err
    assert "Traceback" not in err + out and "internal error" not in err, err
    for word in words:
        assert word.lower() in err.lower(), f"{word!r} not in {err}"
    assert snapshot(tmp_path) == before, "a refused command changed the user's files"
    return err


def csv(tmp_path, text, name="data.csv", encoding="utf-8"):
    """Write ``text`` (str, or bytes as they are) to ``tmp_path / name``; returns the name."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return name


@pytest.fixture
def trained(cli_main, tmp_path):
    csv(tmp_path, GOOD_CSV, "train.csv")
    status, _, err = cli_main("fit", "--data", "train.csv", *FAST)
    assert status == 0, err
    return tmp_path / "model.npz"
