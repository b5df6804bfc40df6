"""Did-you-mean for misspelt commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nestgen.suggest import closest, did_you_mean

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["biuld"], "No such command 'biuld' (did you mean build?)"),
        (["params", "chek"], "No such command 'chek' (did you mean check?)"),
        (["hub", "stak"], "No such command 'stak' (did you mean stack?)"),
        (["xyzzy"], "No such command 'xyzzy'."),
    ],
)
def test_misspelt_command_is_exit_2_with_a_suggestion(args: list[str], hint: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nestgen", *args],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == f"Error: {hint}"


def test_closest() -> None:
    assert closest("Regoin", ["region", "regions"]) == "region"
    assert closest("zzz", ["region"]) is None
    assert did_you_mean("biuld", ["build", "lint"]) == " (did you mean build?)"
    assert did_you_mean("q", ["build"]) == ""
