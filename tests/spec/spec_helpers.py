"""Helpers for spec tests: load a bad spec and read its positioned problem lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nestgen.errors import EXIT_USAGE, InputErrors
from nestgen.spec import load_spec

POSITIONED = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:]+): (?P<msg>.+)$")


def positioned_problems(path: Path) -> list[re.Match[str]]:
    """Every problem of the spec at ``path``; each line must be ``file:line:col: field: msg``."""
    with pytest.raises(InputErrors) as caught:
        load_spec(path)
    assert caught.value.exit_code == EXIT_USAGE
    lines = caught.value.lines()
    matches = [POSITIONED.match(line) for line in lines]
    assert all(matches), lines
    return [m for m in matches if m]
