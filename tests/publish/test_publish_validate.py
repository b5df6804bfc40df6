"""``plan --validate``: ROS, Compute Nest's template criteria and a DryRun, read-only.

The criterion issues come back as lint findings (text, json, sarif) located in the local
template. No registry is needed: these are unit tests against the fake.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from fakecloud import FakeCloud
from publish_helpers import publish, write_package
from test_publish_errors import nestgen

TEMPLATE = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  InstanceType:
    Type: String
    Label: Instance type
    Default: ecs.g6.large
  AdminPassword:
    Type: String
    Label: Admin password
    MinLength: 8
  Replicas:
    Type: Number
    Default: 1
Resources:
  Server:
    Type: ALIYUN::ECS::InstanceGroup
    Properties:
      ImageId: centos_7
      InstanceType: !Ref InstanceType
      MaxAmount: !Ref Replicas
      Password: !Ref AdminPassword
"""
PASSWORD_LINE = TEMPLATE.splitlines().index("  AdminPassword:") + 1
REPLICAS_LINE = TEMPLATE.splitlines().index("  Replicas:") + 1


def _state(fake: FakeCloud) -> tuple:
    return copy.deepcopy((fake.services, fake.artifacts)), dict(fake.objects)


def _plan(pkg: Path, env: dict[str, str], fmt: str = "text"):
    return nestgen(["plan", str(pkg), "--validate", "--format", fmt], env)


def test_validate_maps_criteria_to_findings_without_writing(tmp_path: Path, bare):
    fake, env = bare
    pkg = write_package(tmp_path / "pkg", chart=None, template=TEMPLATE)
    publish(pkg, env)
    writes, state = len(fake.writes()), _state(fake)
    text = _plan(pkg, env)
    assert text.returncode == 1, text.stderr  # a Mandatory issue is an error
    template = pkg / "ros_templates" / "template.yaml"
    assert (
        f"  {template}:{PASSWORD_LINE}:3: error E8001 PasswordNoEcho at $.Parameters.AdminPassword"
        " (Property NoEcho, PropertyValue false)"
    ) in text.stdout
    assert f"  {template}:{REPLICAS_LINE}:3: warning W8002 ParameterLabel" in text.stdout
    assert "  criteria     2 issue(s) in the published draft\n" in text.stdout
    assert "  dry run      UpdateService DryRun: accepted\n" in text.stdout
    data = json.loads(_plan(pkg, env, "json").stdout)
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [
        ("E8001", PASSWORD_LINE),
        ("W8002", REPLICAS_LINE),
    ]
    sarif = json.loads(_plan(pkg, env, "sarif").stdout)
    (run,) = sarif["runs"]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"E8001", "W8002", "E8003"}
    result = run["results"][0]
    assert result["ruleId"] == "E8001" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == PASSWORD_LINE
    assert len(fake.writes()) == writes and _state(fake) == state  # read-only
    dry = [e for e in fake.journal if e.action == "UpdateService"][-1]
    assert dry.params["DryRun"] == "True" and "ClientToken" not in dry.params


def test_validate_reports_missing_policies_and_a_rejected_dry_run(tmp_path: Path, bare):
    fake, env = bare
    pkg = write_package(tmp_path / "pkg", chart=None)
    (pkg / "ros_templates" / "template.yaml").write_text(
        TEMPLATE.replace("MinLength: 8", "NoEcho: true")
    )
    publish(pkg, env)
    fake.missing_policy = [{"ServiceName": "ecs", "Action": ["ecs:RunInstances"], "Resource": "*"}]
    result = _plan(pkg, env)
    assert result.returncode == 1
    config = pkg / "config.yaml"
    assert f"  {config}:1:1: error E8004 the deployment role lacks ecs: ecs:RunInstances on *" in (
        result.stdout
    )
    fake.missing_policy = []
    fake.fail_next("UpdateService", "400")
    rejected = _plan(pkg, env)
    assert rejected.returncode == 1
    assert f"{config}:1:1: error E8003 UpdateService failed: InvalidParameter" in rejected.stdout
    assert fake.writes() == ["CreateService"]


def test_validate_before_the_first_publish_says_what_it_skipped(tmp_path: Path, bare):
    fake, env = bare
    pkg = write_package(
        tmp_path / "pkg",
        chart=None,
        template=TEMPLATE.replace("MinLength", "NoEcho: true\n    MinLength"),
    )
    result = _plan(pkg, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "  criteria     skipped: the service does not exist yet" in result.stdout
    assert "  dry run      skipped until published: file resources/icons/service_logo.png" in (
        result.stdout
    )
    assert "check        ros_templates/template.yaml: valid (3 parameters, 1 resources)" in (
        result.stdout
    )
    assert fake.writes() == [] and fake.puts() == []


@pytest.mark.parametrize("fmt", ["sarif"])
def test_sarif_needs_validate(tmp_path: Path, bare, fmt):
    _, env = bare
    pkg = write_package(tmp_path / "pkg", chart=None, template=TEMPLATE)
    result = nestgen(["plan", str(pkg), "--format", fmt], env)
    assert result.returncode == 2 and "add --validate" in result.stderr


@pytest.mark.parametrize(
    ("action", "kind"),
    [
        ("GetServiceTemplateCriterionIssues", "500"),
        ("UpdateService", "drop"),
        ("ValidateTemplate", "throttle"),
    ],
)
def test_faults_in_the_checks_are_retried_and_stay_read_only(tmp_path: Path, bare, action, kind):
    fake, env = bare
    pkg = write_package(tmp_path / "pkg", chart=None, template=TEMPLATE)
    publish(pkg, env)
    writes, state = len(fake.writes()), _state(fake)
    fake.fail_next(action, kind)
    result = _plan(pkg, env, "json")
    assert result.returncode == 1, result.stderr  # the Mandatory issue, found after a retry
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["E8001", "W8002"]
    assert len(fake.writes()) == writes and _state(fake) == state
