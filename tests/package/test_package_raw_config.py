"""The spec's raw ``config:``, ``files:``, supplier templates and artifacts that exist already."""

from __future__ import annotations

from pathlib import Path

import pytest

from nestgen import yamlio
from nestgen.errors import EXIT_USAGE, InputErrors
from nestgen.package.render import render_package
from nestgen.spec import load_spec

SPEC = """\
name: demo
service:
  info:
    zh-CN: {name: 演示}
artifacts:
  - {key: tool, type: file, artifact_id: artifact-0a1b2c, artifact_version: draft}
templates:
  - name: Managed
    file: managed.yaml
    supplier: true
    description: {en: Managed, zh-cn: 托管}
    groups: []
    ros:
      parameters:
        Tool: {Type: String, Label: {en: Tool}, Default: '{{ computenest::file::tool }}'}
files:
  docs/arch.png: arch.png
config:
  Service:
    ApprovalType: Manual
    DeployMetadata:
      TemplateConfigs:
        - {ArchitectureDiagramUrl: docs/arch.png}
"""


def _write(tmp_path: Path, text: str = SPEC) -> Path:
    (tmp_path / "arch.png").write_bytes(b"png")
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_raw_config_merges_and_supplier_templates_and_existing_artifacts_render(tmp_path):
    files = render_package(load_spec(_write(tmp_path)))
    config = yamlio.loads(files["config.yaml"]).data
    service = config["Service"]
    assert service["ApprovalType"] == "Manual"
    deploy = service["DeployMetadata"]
    assert deploy["TemplateConfigs"] == [
        {"Name": "Managed", "ArchitectureDiagramUrl": "docs/arch.png"}  # no Url: supplier's
    ]
    supplier = deploy["SupplierDeployMetadata"]
    assert supplier["SupplierTemplateConfigs"] == [
        {"Name": "Managed", "Url": "ros_templates/managed.yaml"}
    ]
    relation = supplier["FileArtifactRelation"]["{{ computenest::file::tool }}"]
    assert relation == {"ArtifactId": "artifact-0a1b2c", "ArtifactVersion": "draft"}
    assert "Artifact" not in config  # nothing to build for an artifact that exists
    assert files["docs/arch.png"] == b"png"
    assert "ShortDescription" not in service["ServiceInfo"][0]  # not given, not invented


def _problem(tmp_path: Path, text: str) -> tuple[str, list[str]]:
    path = _write(tmp_path, text)
    with pytest.raises(InputErrors) as caught:
        load_spec(path)
    assert caught.value.exit_code == EXIT_USAGE
    return path.read_text(encoding="utf-8"), caught.value.lines()


def test_a_raw_config_field_the_spec_generates_is_an_error_at_its_line(tmp_path):
    text, (line,) = _problem(
        tmp_path, SPEC.replace("    ApprovalType: Manual", "    ServiceType: managed")
    )
    number = text.splitlines().index("    ServiceType: managed") + 1
    assert f"spec.yaml:{number}:5: config.Service.ServiceType: " in line
    assert "Service.ServiceType is generated from the spec; set it there" in line


def test_a_list_of_another_length_than_the_generated_one_is_an_error(tmp_path):
    entry = "        - {ArchitectureDiagramUrl: docs/arch.png}\n"
    text = SPEC.replace(entry, entry + "        - {}\n")
    _, (line,) = _problem(tmp_path, text)
    assert "Service.DeployMetadata.TemplateConfigs is generated from the spec" in line


@pytest.mark.parametrize("target", ["../outside.png", "/etc/arch.png"])
def test_files_stay_inside_the_package(tmp_path, target):
    _, lines = _problem(
        tmp_path, SPEC.replace("  docs/arch.png: arch.png", f"  {target}: arch.png")
    )
    assert any(f"'{target}' is not a relative path inside the package" in line for line in lines)


def test_an_artifact_that_exists_takes_no_other_field(tmp_path):
    text = SPEC.replace("artifact_version: draft}", "artifact_version: draft, path: x}")
    _, lines = _problem(tmp_path, text)
    assert any("field 'path' does not apply" in line for line in lines)
