"""Template and operation names in both console locales: spec ``label``s -> ServiceLocaleConfigs."""

from __future__ import annotations

from pathlib import Path

import pytest
from spec_helpers import positioned_problems

from nestgen import yamlio
from nestgen.package import render_package
from nestgen.package.config import render_config
from nestgen.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
LABELS = """\
    label: {en: Demo on ACK, zh-cn: ACK 演示版}
"""
OPERATION = """\
operations:
  - template: Demo
    name: Modify values
    label: {en: Modify values, zh-cn: 修改参数}
    description: {en: Change the values., zh-cn: 修改应用参数。}
    parameters: [ChartValues]
"""


def _labelled(text: str) -> str:
    return text.replace("    file: demo.yaml\n", LABELS + "    file: demo.yaml\n") + OPERATION


def test_labels_become_service_locale_configs(write_spec, minimal_spec_text):
    spec = load_spec(write_spec(_labelled(minimal_spec_text)))
    service = render_config(spec)["Service"]
    assert [tuple(c.values()) for c in service["ServiceLocaleConfigs"]] == [
        ("Demo", "ACK 演示版", "Demo on ACK"),
        ("Modify values", "修改参数", "Modify values"),
        ("Change the values.", "修改应用参数。", "Change the values."),
    ]
    assert list(service["ServiceLocaleConfigs"][0]) == ["OriginalValue", "ZhValue", "EnValue"]
    # The stored texts stay the identifiers: the template name, the en description.
    (template,) = service["DeployMetadata"]["TemplateConfigs"]
    assert template["Name"] == "Demo"
    (config,) = service["OperationMetadata"]["ModifyParametersConfig"]
    assert config["TemplateName"] == "Demo"
    assert config["Operation"][0]["Description"] == "Change the values."


def test_guides_use_each_locales_names(write_spec, minimal_spec_text):
    files = render_package(load_spec(write_spec(_labelled(minimal_spec_text))))
    zh, en = files["docs/index.md"].decode(), files["docs/index.en-US.md"].decode()
    assert "### 模板: ACK 演示版" in zh and "**修改参数**：修改应用参数（参数：" in zh
    assert "### Template: Demo on ACK" in en and "**Modify values**: Change the values (" in en
    assert "## 模板: ACK 演示版" in files["docs/parameters.zh-CN.md"].decode()


def test_without_labels_nothing_is_added(write_spec, minimal_spec_text):
    service = render_config(load_spec(write_spec(minimal_spec_text)))["Service"]
    assert "ServiceLocaleConfigs" not in service


@pytest.mark.parametrize(
    ("label", "line", "field"),
    [
        ("    label: {en: Demo on ACK}\n", "10", "templates[0].label"),
        ("    label: ACK 演示版\n", "10", "templates[0].label"),
    ],
)
def test_a_label_needs_both_locales(write_spec, minimal_spec_text, label, line, field):
    text = minimal_spec_text.replace("    file: demo.yaml\n", label + "    file: demo.yaml\n")
    (found,) = positioned_problems(write_spec(text))
    assert (found["line"], found["field"]) == (line, field)


def test_the_jupyterhub_package_names_templates_and_operations_in_both_locales():
    spec = load_spec()
    service = render_config(spec)["Service"]
    translated = {c["OriginalValue"]: c for c in service["ServiceLocaleConfigs"]}
    names = [t["Name"] for t in service["DeployMetadata"]["TemplateConfigs"]]
    for config in service["OperationMetadata"]["ModifyParametersConfig"]:
        names += [config["TemplateName"]]
        for op in config["Operation"]:
            names += [op["Name"], op["Description"]]
    for name in names:
        entry = translated[name]
        assert entry["EnValue"] and entry["ZhValue"] and entry["ZhValue"] != entry["EnValue"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in entry["ZhValue"]), entry
    # The committed package carries them too (nestgen build --check keeps it current).
    committed = yamlio.load_file(REPO / "service_config" / "config.yaml").data
    assert committed["Service"]["ServiceLocaleConfigs"] == service["ServiceLocaleConfigs"]
