"""``nestgen preview`` without a browser: the form model, the page's bytes, the command."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nestgen.errors import InputError
from nestgen.params import check_parameters
from nestgen.params.model import load_template
from nestgen.preview import preview_page, write_preview
from nestgen.preview.build import form_model
from nestgen.preview.form import choice_values, javascript_regexp

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "ros_templates" / "template.yaml"
PACKAGE = REPO / "service_config"

SMALL = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  Mode:
    Type: String
    Default: a
    AllowedValues: [a, b]
    Label: {en: Mode, zh-cn: 模式}
  OnlyB:
    Type: String
    Default: ''
    Label: {en: Only for b}
    AssociationPropertyMetadata:
      Visible:
        Condition: {Fn::Equals: ['${Mode}', b]}
  Never:
    Type: String
    Default: ''
    AssociationPropertyMetadata:
      Visible:
        Condition: {Fn::Equals: ['${Mode}', c]}
  ByText:
    Type: String
    Default: x
    AssociationPropertyMetadata:
      Visible:
        Condition: {Fn::Equals: ['${Free}', y]}
  Free:
    Type: String
    Default: ''
  Flag:
    Type: Boolean
    Default: false
Metadata:
  ALIYUN::ROS::Interface:
    ParameterGroups:
      - Parameters: [Mode, OnlyB, Never, ByText, Flag]
        Label: {en: Main, zh-cn: 主要}
"""


def small(tmp_path: Path) -> Path:
    path = tmp_path / "template.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "nestgen", "preview", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)


def test_the_table_is_what_params_check_shows_for_every_combination():
    model = form_model(TEMPLATE, "en")
    params = load_template(TEMPLATE)
    assert {"CsOptions", "PayType", "VpcOption", "AckNetworkPlugin"} <= set(
        model.visibility.choices
    )
    sizes = [len(choice_values(params[name]) or []) for name in model.visibility.choices]
    assert len(model.visibility.table) == math.prod(sizes)
    for key, shown in model.visibility.table.items():
        combo = dict(zip(model.visibility.choices, key.split("\u001f"), strict=True))
        values = {n: p.default if p.default is not None else "x" for n, p in params.params.items()}
        values.update(combo)
        ignored = {p.parameter for p in check_parameters(TEMPLATE, values) if p.code == "ignored"}
        assert list(shown) == [n for n in params.params if n not in ignored], combo


def test_the_jupyterhub_form_has_no_warnings_and_its_widgets():
    model = form_model(PACKAGE, "en")
    assert model.warnings == ()
    assert model.region == "ap-southeast-1"  # TemplateConfigs[0].AllowedRegions[0]
    widgets = {name: field.widget for name, field in model.fields.items()}
    assert widgets["CsOptions"] == "select"
    assert widgets["LoginPassword"] == "password" and model.fields["LoginPassword"].confirm
    assert widgets["EnableEciSpot"] == "switch"
    assert widgets["ChartValues"] == "json"
    assert widgets["ZoneId"] == "association"
    assert model.fields["ZoneId"].choices[0] == ("", "chosen from your ZoneIds in ap-southeast-1")
    assert dict(model.fields["CsOptions"].choices) == {
        "ExistCs": "Existing ACK cluster",
        "NewAck": "New ACK cluster",
    }
    assert [g.label for g in model.groups][:3] == ["Kubernetes cluster", "Billing", "Network"]


def test_warnings_name_untranslated_texts_unreachable_fields_and_ungrouped_ones(tmp_path):
    model = form_model(small(tmp_path), "zh-cn")
    text = "\n".join(model.warnings)
    assert "OnlyB.Label" in text
    assert "Never 永远不可见" in text
    assert "Free 不在任何参数分组中" in text
    assert "Free" in text and "自由输入" in text
    assert model.groups[-1].names == ("Free",)
    assert "OnlyB" not in text.replace("OnlyB.Label", "")
    page = preview_page(small(tmp_path), "zh-cn")
    assert page.index('<section class="warnings"') < page.index('<form id="deploy-form"')
    assert "Never 永远不可见" in page
    english = form_model(small(tmp_path), "en")
    assert not any("OnlyB.Label" in w for w in english.warnings)


def test_the_page_is_deterministic_and_self_contained():
    first, second = preview_page(PACKAGE, "en"), preview_page(PACKAGE, "en")
    assert first == second
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", first), "no network resources"
    assert "<script src" not in first and "<link" not in first
    data = re.search(r'<script type="application/json" id="nestgen-form">(.*?)</script>', first)
    assert data and json.loads(data.group(1))["choices"][0] == "CsOptions"


def test_page_data_cannot_close_its_script_element(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(SMALL.replace("Label: {en: Mode, zh-cn: 模式}", "Label: '</script><b>x'"))
    page = preview_page(path, "en")
    assert "</script><b>" not in page
    assert "&lt;/script&gt;&lt;b&gt;x" in page


def test_the_committed_docs_pages_are_current():
    for locale in ("zh-cn", "en"):
        committed = (REPO / "docs" / "preview" / f"form.{locale}.html").read_text(encoding="utf-8")
        assert committed == preview_page(PACKAGE, locale), "run scripts/preview-docs"


def test_python_patterns_become_javascript_regexps():
    assert javascript_regexp(r"(?i)^(?P<a>x)(?P=a)\Z") == (r"^(?<a>x)\k<a>$", "i")
    assert javascript_regexp(r"^[a-z]+$") == (r"^[a-z]+$", "")


def test_the_command_writes_the_page(tmp_path):
    done = run(PACKAGE, "--locale", "en", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "form.en.html").read_text() == preview_page(PACKAGE, "en")
    assert done.stdout.strip().endswith("form.en.html")


def test_a_template_that_does_not_parse_exits_2_with_the_position(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("Parameters:\n  A: [1,\n")
    done = run(bad, "-o", tmp_path / "out")
    assert done.returncode == 2
    assert f"{bad}:3:1" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_that_is_no_package_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        write_preview(tmp_path, tmp_path / "out")
    assert not (tmp_path / "out").exists()
