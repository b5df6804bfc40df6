"""The spec's raw ROS (``ros:``): merged, name clashes and lint findings at spec lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nestgen import yamlio
from nestgen.errors import EXIT_USAGE, CheckFailed, InputErrors
from nestgen.package import build_package
from nestgen.spec import load_spec

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "compose-ecs" / "compose-ecs.yaml"
RAW = """\
    ros:
      parameters:
        EnableBackup:
          Type: Boolean
          Label: {en: Daily backups, zh-cn: 每日备份}
          Description: {en: Keep a daily snapshot policy., zh-cn: 创建每日快照策略。}
          Default: false
        BackupHour:
          Type: String
          Label: {en: Backup hour, zh-cn: 备份时间}
          Default: '02:00Z'
          AllowedValues: ['02:00Z', '04:00Z']
          AssociationPropertyMetadata:
            Visible:
              Condition: {Fn::Equals: ['${EnableBackup}', true]}
      mappings:
        Retention: {Days: {Value: 7}}
      conditions:
        BackupCondition: {Fn::Equals: [{Ref: EnableBackup}, true]}
      resources:
        BackupPolicy:
          Type: ALIYUN::ECS::AutoSnapshotPolicy
          Condition: BackupCondition
          Properties:
            TimePoints: [{Ref: BackupHour}]
            RepeatWeekdays: ['1', '2', '3', '4', '5', '6', '7']
            RetentionDays: {Fn::FindInMap: [Retention, Days, Value]}
      outputs:
        InstanceIds:
          Description: {en: The instances, zh-cn: 实例}
          Value: {Fn::GetAtt: [EcsInstanceGroup, InstanceIds]}
"""


def _spec(tmp_path, raw=RAW):
    text = EXAMPLE.read_text(encoding="utf-8").replace("docs:\n", raw + "docs:\n", 1)
    (tmp_path / "docker-compose.yaml").write_text("services: {}\n", encoding="utf-8")
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_raw_parts_are_merged_and_lint_clean(tmp_path):
    build_package(load_spec(_spec(tmp_path)), tmp_path / "pkg")
    template = yamlio.load_file(tmp_path / "pkg" / "ros_templates" / "template.yaml").data
    assert template["Mappings"] == {"Retention": {"Days": {"Value": 7}}}
    assert "BackupCondition" in template["Conditions"]
    assert template["Resources"]["BackupPolicy"]["Condition"] == "BackupCondition"
    assert template["Parameters"]["BackupHour"]["AssociationPropertyMetadata"]["Visible"]
    assert list(template["Outputs"]) == ["Endpoint", "InstanceIds"]
    groups = template["Metadata"]["ALIYUN::ROS::Interface"]["ParameterGroups"]
    assert groups[-1]["Parameters"] == ["TimeZone", "EnableBackup", "BackupHour"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("EnableBackup", "InstanceType", "'InstanceType' is already a parameter"),
        ("BackupPolicy", "EcsInstanceGroup", "'EcsInstanceGroup' is already a resource"),
        ("InstanceIds", "Endpoint", "'Endpoint' is already an output"),
    ],
    ids=["parameter", "resource", "output"],
)
def test_name_clashes_are_spec_errors_at_the_key(tmp_path, old, new, message):
    old, new = f"        {old}:\n", f"        {new}:\n"
    raw = RAW.replace(old, new)
    with pytest.raises(InputErrors) as caught:
        load_spec(_spec(tmp_path, raw))
    assert caught.value.exit_code == EXIT_USAGE
    (line,) = caught.value.lines()
    spec_lines = _spec(tmp_path, raw).read_text(encoding="utf-8").splitlines()
    number = spec_lines.index(new.rstrip("\n")) + 1
    assert re.match(rf".+spec\.yaml:{number}:9: templates\[0\]\.ros\.\w+\.\w+: {message}", line)


def test_lint_findings_in_raw_parts_point_at_the_spec(tmp_path):
    raw = RAW.replace("TimePoints: [{Ref: BackupHour}]", "TimePoints: [{Ref: BackupTime}]")
    spec_path = _spec(tmp_path, raw)
    with pytest.raises(CheckFailed) as caught:
        build_package(load_spec(spec_path), tmp_path / "pkg")
    number = spec_path.read_text(encoding="utf-8").splitlines().index("        BackupPolicy:") + 1
    assert f"spec.yaml:{number}:9:" in str(caught.value)
    assert "BackupTime" in str(caught.value) and "spec ros.resources.BackupPolicy" in str(
        caught.value
    )
    assert not (tmp_path / "pkg").exists()
