"""``nestgen params`` as a process: exit codes, formats, bad input without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from params_samples import GOOD_PASSWORD

REPO = Path(__file__).resolve().parents[2]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "nestgen", "params", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def write(tmp_path: Path, text: str, name: str = "params.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_parameters_exit_0(hub, tmp_path):
    result = run("check", hub, write(tmp_path, "ClusterId: c0123\n"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("valid")


def test_invalid_parameters_exit_1_and_list_every_problem_with_positions(hub, tmp_path):
    text = (
        "CsOptions: NewAck\nZoneId: cn-hangzhou-i\nLoginPassword: password\nPodCidr: 8.8.8.0/24\n"
    )
    params = write(tmp_path, text)
    result = run("check", hub, params)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{params}:3:1: error: LoginPassword:" in result.stdout
    assert f"{params}:4:1: error: PodCidr:" in result.stdout
    assert "WorkerInstanceType: a value is required" in result.stdout
    assert "password" not in result.stdout.replace("LoginPassword", "")
    assert lines[-1] == "invalid: 3 error(s), 0 warning(s)"


def test_json_format_and_zh_locale(hub, tmp_path):
    params = write(tmp_path, json.dumps({"CsOptions": "NewAck", "LoginPassword": GOOD_PASSWORD}))
    result = run("check", "--format", "json", "--locale", "zh-cn", hub, params)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["errors"] == 2
    assert {p["parameter"] for p in report["problems"]} == {"ZoneId", "WorkerInstanceType"}
    assert all(p["message"] == "必须填写" for p in report["problems"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the parameter file is empty"),
        ("- a\n- b\n", "not a mapping"),
        ("ClusterId: [unclosed\n", "invalid YAML"),
        (
            "ROSTemplateFormatVersion: '2015-09-01'\nParameters: {A: {Type: String}}\n",
            "pass it as TEMPLATE",
        ),
    ],
)
def test_bad_parameter_file_exits_2_with_a_message(hub, tmp_path, text, message):
    result = run("check", hub, write(tmp_path, text))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_template_without_parameters_exits_2(tmp_path):
    template = write(tmp_path, "ROSTemplateFormatVersion: '2015-09-01'\nResources: {}\n", "t.yaml")
    for command in (
        ["check", template, write(tmp_path, "A: 1\n")],
        ["schema", template],
        ["defaults", template],
    ):
        result = run(*command)
        assert result.returncode == 2 and "no Parameters" in result.stderr


def test_usage_errors_exit_2(hub, tmp_path):
    assert run("check", hub).returncode == 2
    assert run("check", hub, tmp_path / "missing.yaml").returncode == 2
    assert run("check", "--locale", "fr", hub, write(tmp_path, "A: 1\n")).returncode == 2


def test_duplicate_key_is_reported(hub, tmp_path):
    result = run("check", hub, write(tmp_path, "ClusterId: c1\nClusterId: c2\n"))
    assert result.returncode == 1
    assert ":2:1: error: ClusterId: given twice (first at line 1)" in result.stdout


def test_unknown_name_exits_1_with_did_you_mean(hub, tmp_path):
    result = run("check", hub, write(tmp_path, "ClusterId: c1\nDomainAdress: a.example.com\n"))
    assert result.returncode == 1
    assert (
        "DomainAdress: not a parameter of this template (did you mean DomainAddress?)"
        in result.stdout
    )


def test_schema_and_defaults_commands_write_files_deterministically(hub, tmp_path):
    for command in ("schema", "defaults"):
        first, second = tmp_path / f"{command}1", tmp_path / f"{command}2"
        assert run(command, hub, "-o", first).returncode == 0
        assert run(command, hub, "-o", second).returncode == 0
        assert first.read_bytes() == second.read_bytes()
    assert json.loads((tmp_path / "schema1").read_text())["$schema"].endswith("2020-12/schema")
    # the defaults file, once its blank is filled, passes the check
    filled = (tmp_path / "defaults1").read_text().replace("ClusterId:", "ClusterId: c0123")
    assert run("check", hub, write(tmp_path, filled)).returncode == 0


EMPTY_REQUIRED = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  CsOptions: {Type: String, AllowedValues: [ExistCs, NewAck], Default: NewAck}
  ClusterId:
    Type: String
    Required: true
    Default: null
    AssociationPropertyMetadata:
      Visible:
        Condition: {Fn::Equals: ['${CsOptions}', ExistCs]}
Resources: {}
"""


@pytest.mark.parametrize("values", ["CsOptions: ExistCs\n", "CsOptions: ExistCs\nClusterId: ''\n"])
def test_an_empty_required_visible_parameter_fails_the_check_naming_it(tmp_path, values):
    template = write(tmp_path, EMPTY_REQUIRED, "template.yaml")
    result = run("check", template, write(tmp_path, values))
    assert result.returncode == 1, result.stdout
    assert "error: ClusterId: a value is required" in result.stdout
    assert "Traceback" not in result.stderr
    assert run("check", template, write(tmp_path, "CsOptions: NewAck\n")).returncode == 0
