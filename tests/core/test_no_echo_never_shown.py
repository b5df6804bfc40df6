"""A NoEcho value never appears in any output, whatever the spelling of ``NoEcho``.

Whole processes, every output nestgen has for a template's parameters: ``params check``
(text and JSON, the value given and the Default), ``params defaults``, ``params schema``,
``lint`` in each report format, and the preview page.  The secret breaks every constraint
it can (pattern, allowed values, lengths, range), so each message has a reason to quote it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SECRET = "Zq9SecretValue"
NUMBER = 987654321

# ROS documents true/false; published templates write true, True and 'True'.  The rest are
# masked too (nestgen.rosvalues.is_no_echo): masking a non-secret costs nothing.
SPELLINGS = ["true", "True", "'true'", "'True'", "'TRUE'", "' true '", "'yes'", "'on'", "1"]

PARAMETER = """\
  AdminPassword{n}:
    Type: String
    NoEcho: {no_echo}
    Confirm: true
    AllowedPattern: '^[0-9]+$'
    AllowedValues: ['1', '22']
    MinLength: 40
    MaxLength: 3
    Default: {secret}{n}
  PinCode{n}:
    Type: Number
    NoEcho: {no_echo}
    AllowedValues: [1, 2]
    MaxValue: 5
    Default: {number}
  BadKind{n}:
    Type: Json
    NoEcho: {no_echo}
    Default: "{secret}{n}"
"""
OUTPUT = """\
  Shown{n}:
    Value:
      Ref: AdminPassword{n}
"""


def template_text() -> str:
    """One template: three secret parameters (and an output) for each spelling of NoEcho."""
    spelt = list(enumerate(SPELLINGS))
    return "".join(
        [
            "ROSTemplateFormatVersion: '2015-09-01'\nParameters:\n",
            *(PARAMETER.format(n=n, no_echo=s, secret=SECRET, number=NUMBER) for n, s in spelt),
            "Resources: {}\nOutputs:\n",
            *(OUTPUT.format(n=n) for n, _ in spelt),
        ]
    )


def values_text() -> str:
    return "".join(
        f"AdminPassword{n}: {SECRET}{n}\nPinCode{n}: {NUMBER}\nBadKind{n}: '{SECRET}{n}'\n"
        for n in range(len(SPELLINGS))
    )


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "nestgen", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False, cwd=cwd)


def assert_hidden(result: subprocess.CompletedProcess[str], what: str) -> None:
    assert "Traceback" not in result.stderr, what
    for output in (result.stdout, result.stderr):
        assert SECRET not in output, what
        assert str(NUMBER) not in output, what


def test_no_echo_values_never_appear_in_any_output(tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text(template_text(), encoding="utf-8")
    given = tmp_path / "values.yaml"
    given.write_text(values_text(), encoding="utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("{}\n", encoding="utf-8")

    runs = {}
    for fmt in ("text", "json"):
        runs[f"check {fmt}, values given"] = run(
            "params", "check", "--format", fmt, template, given
        )
        runs[f"check {fmt}, Defaults"] = run("params", "check", "--format", fmt, template, empty)
    runs["check zh-cn"] = run("params", "check", "--locale", "zh-cn", template, given)
    runs["defaults"] = run("params", "defaults", template)
    runs["schema"] = run("params", "schema", template)
    for fmt in ("text", "json", "sarif", "junit"):
        runs[f"lint {fmt}"] = run("lint", "--format", fmt, template)
    out = tmp_path / "preview"
    runs["preview"] = run("preview", "--locale", "en", "-o", out, template)

    for what, result in runs.items():
        assert_hidden(result, what)
    page = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert SECRET not in page and str(NUMBER) not in page

    # the checks did run and did reject: the secret was masked, not merely unmentioned
    assert runs["check text, values given"].returncode == 1
    for n in range(len(SPELLINGS)):
        assert f"AdminPassword{n}: the value" in runs["check text, values given"].stdout
        assert f"PinCode{n}: the value" in runs["check text, Defaults"].stdout
    assert runs["check text, Defaults"].returncode == 1
    lint_text = runs["lint text"].stdout
    assert {"E3003", "E3004", "E3005", "E3006", "W3009", "W3011"} <= {
        word for word in lint_text.split() if word[:1] in "EW" and word[1:].isdigit()
    }
