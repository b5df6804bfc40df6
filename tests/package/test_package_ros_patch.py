"""``ros.patch`` (merge patch of generated parts), raw ``locals`` and chart archives by path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nestgen import yamlio
from nestgen.errors import EXIT_USAGE, InputErrors
from nestgen.package import build_package
from nestgen.ros.patch import make_patch, merge_patch
from nestgen.spec import load_spec

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "compose-ecs" / "compose-ecs.yaml"
PATCH = """\
    ros:
      locals:
        Greeting: {Value: hello}
      patch:
        parameters:
          InstanceType: {Default: ecs.g7.large, Label: {en: Machine, zh-cn: 机器}}
          SystemDiskSize:
            AssociationPropertyMetadata:
              Visible: {Condition: {Fn::Equals: ['${PayType}', PrePaid]}}
          InternetMaxBandwidthOut: {MaxValue: null}
        resources:
          EcsSecurityGroup: {Properties: {SecurityGroupName: web}}
"""


def _spec(tmp_path: Path, raw: str = PATCH) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8").replace("docs:\n", raw + "docs:\n", 1)
    (tmp_path / "docker-compose.yaml").write_text("services: {}\n", encoding="utf-8")
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_merge_patch_follows_rfc_7386_and_replaces_expressions():
    target = {"a": 1, "b": {"c": 2, "d": 3}, "e": {"Fn::Equals": [1, 2]}}
    patch = {"a": None, "b": {"c": 5}, "e": {"Fn::Not": {"Fn::Equals": [1, 2]}}}
    assert merge_patch(target, patch) == {"b": {"c": 5, "d": 3}, "e": patch["e"]}
    after = {"b": {"d": 4}, "e": {"Fn::Not": True}, "f": [1]}
    assert merge_patch(target, make_patch(target, after)) == after


def test_patch_changes_the_generated_parts_and_locals_are_written(tmp_path):
    build_package(load_spec(_spec(tmp_path)), tmp_path / "pkg")
    template = yamlio.load_file(tmp_path / "pkg" / "ros_templates" / "template.yaml").data
    instance_type = template["Parameters"]["InstanceType"]
    assert instance_type["Default"] == "ecs.g7.large"
    assert instance_type["Label"] == {"en": "Machine", "zh-cn": "机器"}
    assert instance_type["AssociationProperty"] == "ALIYUN::ECS::Instance::InstanceType"
    visible = template["Parameters"]["SystemDiskSize"]["AssociationPropertyMetadata"]["Visible"]
    assert visible == {"Condition": {"Fn::Equals": ["${PayType}", "PrePaid"]}}
    assert "MaxValue" not in template["Parameters"]["InternetMaxBandwidthOut"]
    group = template["Resources"]["EcsSecurityGroup"]["Properties"]
    assert group["SecurityGroupName"] == "web" and group["VpcId"]  # merged, not replaced
    assert template["Locals"] == {"Greeting": {"Value": "hello"}}


def test_a_patch_of_a_part_the_groups_do_not_generate_is_an_error_at_its_key(tmp_path):
    raw = PATCH.replace("          EcsSecurityGroup:", "          Bucket:")
    path = _spec(tmp_path, raw)
    with pytest.raises(InputErrors) as caught:
        load_spec(path)
    assert caught.value.exit_code == EXIT_USAGE
    (line,) = caught.value.lines()
    number = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index("          Bucket: {Properties: {SecurityGroupName: web}}")
        + 1
    )
    assert re.search(
        rf"spec\.yaml:{number}:11: .*'Bucket' is not in the resources the groups generate", line
    )


CHART_SPEC = """\
name: charted
service:
  info:
    en-US: {short_description: A chart from an archive}
artifacts:
  - {key: Web_App, type: helmchart, chart: web, version: 1.2.3, path: charts/web-1.2.3.tgz}
templates:
  - name: Web
    file: template.yaml
    description: {en: Web, zh-cn: Web}
    groups: []
    ros:
      description: ''
      parameters:
        Chart:
          Type: String
          Label: {en: Chart, zh-cn: Chart}
          Default: '{{ computenest::helmchart::Web_App }}'
"""


def test_a_chart_archive_by_path_is_copied_and_named_in_the_builder(tmp_path):
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "web-1.2.3.tgz").write_bytes(b"chart bytes")
    (tmp_path / "spec.yaml").write_text(CHART_SPEC, encoding="utf-8")
    spec = load_spec(tmp_path / "spec.yaml")
    from nestgen.package.render import render_package

    files = render_package(spec)
    config = yamlio.loads(files["config.yaml"]).data
    builder = config["HelmChartBuilder"]["HelmChart_1"]
    assert builder["RepoName"] == "web" and builder["Tag"] == "1.2.3"
    assert files[builder["HelmChartPath"]] == b"chart bytes"
    relation = config["Service"]["DeployMetadata"]["SupplierDeployMetadata"]
    assert "{{ computenest::helmchart::Web_App }}" in relation["HelmChartArtifactRelation"]
    template = yamlio.loads(files["ros_templates/template.yaml"]).data
    assert "Description" not in template  # ros.description '' leaves it out


NO_SOURCE = CHART_SPEC.replace(", path: charts/web-1.2.3.tgz", "")
BOTH = CHART_SPEC.replace(
    "web-1.2.3.tgz}", "web-1.2.3.tgz, repository: https://charts.example.com}"
)


@pytest.mark.parametrize("text", [NO_SOURCE, BOTH], ids=["neither", "both"])
def test_a_chart_needs_exactly_one_of_repository_and_path(tmp_path, text):
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "web-1.2.3.tgz").write_bytes(b"x")
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        load_spec(tmp_path / "spec.yaml")
    assert any("needs one of 'repository' or 'path'" in line for line in caught.value.lines())
