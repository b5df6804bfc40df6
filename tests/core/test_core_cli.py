"""The CLI's single error boundary: messages and exit codes, never tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from nestgen import cli as cli_module
from nestgen.errors import CheckFailed, InputError, Location

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "nestgen", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_help_lists_commands_without_importing_them() -> None:
    code = (
        "import sys; from nestgen.cli import run; rc = run(['--help']);"
        "print(sorted(m for m in sys.modules if m.startswith('nestgen.cli.')))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "build" in out.stdout and "publish" in out.stdout
    assert out.stdout.strip().endswith("[]")


def test_unknown_command_is_usage_error() -> None:
    result = _run("no-such-command")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.fixture
def fake_command(monkeypatch: pytest.MonkeyPatch):
    """Register a throwaway command that raises what the test asks for."""
    raised: list[BaseException] = []

    @click.command()
    def boom() -> None:
        raise raised[0]

    monkeypatch.setitem(cli_module.COMMANDS, "boom", (__name__, "boom", "x"))
    monkeypatch.setattr(sys.modules[__name__], "boom", boom, raising=False)
    return raised


@pytest.mark.parametrize(
    ("error", "code", "text"),
    [
        (
            InputError("bad field", location=Location("s.yaml", 3, 5)),
            2,
            "error: s.yaml:3:5: bad field",
        ),
        (CheckFailed("stale"), 1, "error: stale"),
        (ValueError("oops"), 3, "internal error: ValueError: oops"),
    ],
)
def test_errors_map_to_exit_codes(fake_command, capsys, error, code, text) -> None:
    import tempfile

    fake_command.append(error)
    assert cli_module.run(["boom"]) == code
    err = capsys.readouterr().err
    assert text in err
    assert "Traceback" not in err
    logs = list(Path(tempfile.gettempdir()).glob("nestgen-crash-*.log"))
    assert len(logs) == (1 if code == 3 else 0)  # in this test's own temp folder (conftest)
    if logs:
        assert str(logs[0]) in err and "ValueError: oops" in logs[0].read_text()


def test_debug_reraises(fake_command) -> None:
    fake_command.append(InputError("bad"))
    with pytest.raises(InputError):
        cli_module.run(["--debug", "boom"])
