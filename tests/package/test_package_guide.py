"""The generated deployment guide (docs/index.md, docs/index.en-US.md)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from nestgen import yamlio
from nestgen.package import build_package, render_package
from nestgen.package.docs import parameter_tables
from nestgen.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "grafana-ack"
PAGES = {"zh-CN": ("docs/index.md", "zh-cn"), "en-US": ("docs/index.en-US.md", "en")}
HEADINGS = {
    "en-US": ("## RAM permissions", "## Verification", "## Advanced options", "## Architecture"),
    "zh-CN": ("## RAM 账号所需权限", "## 验证结果", "## 高级选项", "## 部署架构"),
}


def _template(files: dict[str, bytes], name: str = "template.yaml") -> dict[str, Any]:
    return yamlio.loads(files[f"ros_templates/{name}"]).data


def _page(files: dict[str, bytes], locale: str) -> str:
    return files[PAGES[locale][0]].decode("utf-8")


def _section(page: str, heading: str) -> str:
    """The text from ``heading`` to the next ``## `` heading."""
    assert heading + "\n" in page, heading
    rest = page.split(heading + "\n", 1)[1]
    return rest.split("\n## ", 1)[0]


@pytest.mark.parametrize("locale", PAGES)
def test_guide_names_every_group_parameter_and_policy(embedded_spec, embedded_files, locale):
    key = PAGES[locale][1]
    text = _page(embedded_files, locale)
    info = next(i for i in embedded_spec.service.info if i.locale == locale)
    assert text.startswith(f"# {info.name}")
    template = _template(embedded_files)
    for group in template["Metadata"]["ALIYUN::ROS::Interface"]["ParameterGroups"]:
        assert f"#### {group['Label'][key]}\n" in text
    for name in template["Parameters"]:
        assert f"| `{name}` |" in text
    permissions = _section(text, HEADINGS[locale][0])
    policies = embedded_spec.guide_text(locale).permissions
    assert len(policies) >= 6
    for permission in policies:
        assert f"| `{permission.policy}` | {permission.note} |" in permissions


@pytest.mark.parametrize("locale", PAGES)
def test_verification_names_the_outputs_and_architecture_the_resources(embedded_files, locale):
    text = _page(embedded_files, locale)
    template = _template(embedded_files)
    verification = _section(text, HEADINGS[locale][1])
    assert template["Outputs"]
    for name, body in template["Outputs"].items():
        assert f"| `{name}` | {body['Description'][PAGES[locale][1]]} |" in verification
    assert "`${ServerAddress} ${DomainAddress}`" in verification  # the "IP domain" line
    assert "/etc/hosts" in verification
    architecture = _section(text, HEADINGS[locale][3])
    for name, body in template["Resources"].items():
        assert f"| `{name}` | `{body['Type']}` |" in architecture


def test_parameter_tables_are_those_of_the_parameter_pages(embedded_files):
    template = _template(embedded_files)
    for locale, (_, key) in PAGES.items():
        body = "\n".join(line[1:] if line.startswith("####") else line
                         for line in parameter_tables(template, key, 4))  # fmt: skip
        assert body in embedded_files[f"docs/parameters.{locale}.md"].decode("utf-8")
        assert "\n".join(parameter_tables(template, key, 4)) in _page(embedded_files, locale)


def test_choices_say_which_parameters_each_value_shows(embedded_files):
    text = _page(embedded_files, "en-US")
    rows = [line for line in text.splitlines() if line.startswith("| Cluster option (`CsOptions`)")]
    existing, new = rows
    assert existing.endswith("| Existing ACK cluster (`ExistCs`) | ACK cluster ID |")
    assert "Node login password" in new and "ACK cluster ID" not in new
    (prepaid,) = [line for line in text.splitlines() if "| `PrePaid` |" in line]
    assert prepaid.endswith(
        "| Subscription unit, Subscription duration (months), Subscription duration (years) |"
    )
    zh = _page(embedded_files, "zh-CN")
    assert "| 集群选项 (`CsOptions`) | 已有 ACK 集群 (`ExistCs`) | ACK 集群 ID |" in zh


@pytest.mark.parametrize("locale", PAGES)
def test_advanced_options_explain_the_eci_switch(embedded_files, locale):
    advanced = _section(_page(embedded_files, locale), HEADINGS[locale][2])
    spot = _template(embedded_files)["Parameters"]["EnableEciSpot"]
    assert f"**{spot['Label'][PAGES[locale][1]]}** (`EnableEciSpot`" in advanced.replace("（", " (")
    assert "ACK Virtual Node" in advanced and "SpotAsPriceGo" in advanced
    # The operation under the name and description the console shows in this locale.
    operation = {"zh-CN": "**修改 Helm 参数**：修改运行中 JupyterHub 的 Helm 参数",
                 "en-US": "**Modify Helm values**: Change the Helm values"}[locale]  # fmt: skip
    assert operation in advanced


def test_guide_is_deterministic(embedded_files):
    again = render_package(load_spec())
    for page, _ in PAGES.values():
        assert again[page] == embedded_files[page]


def test_spec_without_docs_gets_a_minimal_guide(tmp_path):
    folder = tmp_path / "svc"
    shutil.copytree(EXAMPLE, folder)
    spec_file = folder / "grafana.yaml"
    text = spec_file.read_text(encoding="utf-8")
    spec_file.write_text(text.split("\ndocs:\n", 1)[0] + "\n", encoding="utf-8")
    spec = load_spec(spec_file)
    assert spec.docs == ()
    files = build_package(spec, tmp_path / "out")
    assert {"docs/index.md", "docs/index.en-US.md"} <= set(files)
    english = (tmp_path / "out" / "docs" / "index.en-US.md").read_text(encoding="utf-8")
    assert english.startswith("# Grafana Community Edition: deployment guide\n")
    assert "| Policy |" not in english and "needs permission to create" in english
    assert "grafana.yaml" not in english and "`grafana` 8.5.1" in english
    assert "| `Endpoint` | Grafana address | `http://${Address}` |" in english
    assert "## More information" not in english
    chinese = (tmp_path / "out" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "## 部署参数说明" in chinese and "#### Grafana" in chinese


def test_example_guide_uses_its_docs_section(tmp_path):
    spec = load_spec(EXAMPLE / "grafana.yaml")
    files = render_package(spec)
    english = _page(files, "en-US")
    for permission in spec.guide_text("en-US").permissions:
        assert f"| `{permission.policy}` |" in english
    assert spec.guide_text("en-US").verification in english
    assert "## Advanced options" in english  # the ECI switch of the eci group
