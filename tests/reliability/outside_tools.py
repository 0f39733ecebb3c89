"""Helpers of the outside battery (test_outside_*.py): one way to assert "refused clearly"."""
import re

import pytest

from scratchnn import InputError


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


def clean_cli_error(result, *words, status=2):
    """A CLI run that failed as a user error: the status, one 'scratchnn: error:' line, no traceback."""
    assert result.returncode == status, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    assert "scratchnn: error:" in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    for word in words:
        assert re.search(re.escape(str(word)), result.stderr, re.IGNORECASE), f"{word!r} not in: {result.stderr}"
