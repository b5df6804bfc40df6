"""Output paths the system refuses are the user's problem: exit 2, one line, no crash log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nestgen.errors import OutputError
from nestgen.fsutil import replace_dir_atomic, write_atomic

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "ros_templates" / "template.yaml"
HUB_ENV = REPO / "service_config" / "hub.env"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "nestgen", *args], capture_output=True, text=True, env=env
    )


COMMANDS = {
    "build --out": lambda out: ["build", "--out", out],
    "params defaults -o": lambda out: ["params", "defaults", str(TEMPLATE), "-o", out],
    "params schema -o": lambda out: ["params", "schema", str(TEMPLATE), "-o", out],
    "hub helm-values --output": lambda out: [
        "hub",
        "helm-values",
        "--env-file",
        str(HUB_ENV),
        "--output",
        out,
    ],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("where", ["under a file", "in /proc"])
def test_unwritable_output_is_exit_2_with_one_line(tmp_path: Path, command: str, where: str):
    afile = tmp_path / "afile"
    afile.write_text("x")
    out = str(afile / "sub") if where == "under a file" else "/proc/nestgen-test-output"
    done = _run(tmp_path, *COMMANDS[command](out))
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"error: cannot write {out}: ")
    if where == "under a file":
        assert f"{afile} is a file, not a folder" in done.stderr
    assert not list(tmp_path.glob("nestgen-crash-*")), "no bug report for a user mistake"
    assert afile.read_text() == "x"


def test_write_atomic_names_the_path(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match=r"cannot write .*/f/g/h: .*/f is a file"):
        write_atomic(tmp_path / "f" / "g" / "h", "data")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if os.geteuid() != 0:  # root may write anywhere
        with pytest.raises(OutputError, match="permission denied"):
            write_atomic(locked / "x", "data")


def test_replace_dir_atomic_errors_name_the_target(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match=r"/f is a file, not a folder"):
        replace_dir_atomic(tmp_path / "f" / "pkg", lambda staging: None)

    def fill_fails(staging: Path) -> None:
        raise OSError(28, "No space left on device", str(staging / "a"))

    with pytest.raises(OutputError, match="no space left on device"):
        replace_dir_atomic(tmp_path / "pkg", fill_fails)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]  # no staging left

    def fill_reads_elsewhere(staging: Path) -> None:
        raise FileNotFoundError(2, "No such file", str(tmp_path / "input"))

    with pytest.raises(FileNotFoundError):  # not about the output: not turned into one
        replace_dir_atomic(tmp_path / "pkg", fill_reads_elsewhere)
