"""The ``nestgen lint`` command: exit codes, --ignore, --severity, --list-rules, settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lint_helpers import FIXTURES, RULE_FIXTURES

from nestgen.cli import run
from nestgen.lint.registry import RULES

REPO = Path(__file__).resolve().parents[2]
E2001 = str(RULE_FIXTURES / "E2001.yaml")
W2008 = str(RULE_FIXTURES / "W2008.yaml")


def test_clean_package_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", str(FIXTURES / "good_package")]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "0 error(s)" in captured.err


def test_error_finding_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", E2001]) == 1
    assert ": error E2001 Ref to undefined name 'Missing'" in capsys.readouterr().out


def test_warnings_alone_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", W2008]) == 0
    assert "W2008" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "/no/such/path"],
        ["lint", "--ignore", "X1234", E2001],
        ["lint", "--format", "yaml", E2001],
        ["lint"],
    ],
    ids=["missing-path", "unknown-rule", "unknown-format", "no-path"],
)
def test_usage_problems_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(args) == 2


def test_ignore_by_id_and_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--ignore", "E2001", E2001]) == 0
    assert "E2001" not in capsys.readouterr().out
    assert run(["lint", "--ignore", "e20,W1", E2001]) == 0
    assert "E2001" not in capsys.readouterr().out


def test_severity_hides_lower_levels_but_errors_still_count(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["lint", "--severity", "error", W2008, E2001]) == 1
    out = capsys.readouterr().out
    assert "E2001" in out and "W2008" not in out


def test_list_rules_prints_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--list-rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [r.id for r in RULES]


def test_json_format_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["lint", "--format", "json", E2001]) == 1
    records = json.loads(capsys.readouterr().out)
    assert {r["rule"] for r in records} == {"E2001"}


def test_settings_file_ignores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.nestgen.lint]\nignore = ["E2001"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert run(["lint", E2001]) == 0
    (tmp_path / ".nestgen.yaml").write_text("lint:\n  ignore: [E9]\n", encoding="utf-8")
    assert run(["lint", E2001]) == 2  # unknown id in the nearer settings file
    assert "unknown rule id" in capsys.readouterr().err


def test_template_metadata_ignores(write, capsys: pytest.CaptureFixture[str]) -> None:
    text = Path(E2001).read_text(encoding="utf-8")
    path = write("t.yaml", text + "Metadata:\n  nestgen:\n    lint:\n      ignore: [E2001]\n")
    assert run(["lint", str(path)]) == 0


def test_process_does_not_import_cloud_sdks(tmp_path: Path) -> None:
    probe = (
        "import sys, runpy; sys.argv = ['nestgen', 'lint', sys.argv[1]]\n"
        "try:\n    runpy.run_module('nestgen', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('alibabacloud', 'oss2', "
        "'jsonschema')))\nprint(bad, file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", probe, E2001], env=env, capture_output=True, text=True, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert "E2001" in done.stdout
