"""The optional ``docs:`` section: its model, and its errors with file:line:col and field."""

from __future__ import annotations

from spec_helpers import positioned_problems

from nestgen.spec import load_spec
from nestgen.spec.model import GuideText, Permission

DOCS = """\
docs:
  zh-CN:
    overview: 演示服务的概述。
    permissions:
      - {policy: AliyunROSFullAccess, note: 管理资源编排服务}
      - {policy: AliyunCSFullAccess, note: 管理容器服务}
  en-US:
    overview: An overview of the demo.
    verification: Open the Endpoint output.
    permissions:
      - {policy: AliyunROSFullAccess, note: Manage ROS}
      - {policy: AliyunCSFullAccess, note: Manage ACK}
    links:
      - {title: Chart documentation, url: 'https://example.com/docs'}
"""


def _line_of(text: str, needle: str) -> str:
    return str(text.splitlines().index(needle) + 1)


def test_docs_section_is_loaded_per_locale(write_spec, minimal_spec_text):
    spec = load_spec(write_spec(minimal_spec_text + DOCS))
    english = spec.guide_text("en-US")
    assert english.overview == "An overview of the demo."
    assert english.verification == "Open the Endpoint output."
    assert english.permissions == (
        Permission("AliyunROSFullAccess", "Manage ROS"),
        Permission("AliyunCSFullAccess", "Manage ACK"),
    )
    assert [(k.title, k.url) for k in english.links] == [
        ("Chart documentation", "https://example.com/docs")
    ]
    chinese = spec.guide_text("zh-CN")
    assert chinese.overview == "演示服务的概述。" and chinese.verification == ""
    assert [p.policy for p in chinese.permissions] == ["AliyunROSFullAccess", "AliyunCSFullAccess"]


def test_no_docs_section_gives_empty_prose(write_spec, minimal_spec_text):
    spec = load_spec(write_spec(minimal_spec_text))
    assert spec.docs == ()
    assert spec.guide_text("en-US") == GuideText("en-US")


def test_unknown_key_in_docs_is_positioned(write_spec, minimal_spec_text):
    text = minimal_spec_text + DOCS.replace("    verification:", "    verificaton:")
    (found,) = positioned_problems(write_spec(text))
    assert found["file"].endswith("spec.yaml")
    assert found["line"] == _line_of(text, "    verificaton: Open the Endpoint output.")
    assert found["col"] == "5"
    assert found["field"] == "docs.en-US.verificaton"
    assert "unknown key 'verificaton'" in found["msg"]


def test_bad_policy_name_and_missing_note(write_spec, minimal_spec_text):
    docs = DOCS.replace(
        "{policy: AliyunCSFullAccess, note: Manage ACK}", "{policy: 'Aliyun CS', note: Manage ACK}"
    )
    docs = docs.replace(
        "{policy: AliyunROSFullAccess, note: 管理资源编排服务}", "{policy: AliyunROSFullAccess}"
    )
    text = minimal_spec_text + docs
    found = {m["field"]: m for m in positioned_problems(write_spec(text))}
    assert set(found) == {"docs.zh-CN.permissions[0]", "docs.en-US.permissions[1].policy"}
    assert "missing required field 'note'" in found["docs.zh-CN.permissions[0]"]["msg"]
    bad = found["docs.en-US.permissions[1].policy"]
    assert "'Aliyun CS' does not match" in bad["msg"]
    line = "      - {policy: 'Aliyun CS', note: Manage ACK}"
    assert (bad["line"], bad["col"]) == (_line_of(text, line), str(line.index("'Aliyun") + 1))


def test_both_locales_are_required(write_spec, minimal_spec_text):
    docs = DOCS.split("  en-US:\n")[0]
    (found,) = positioned_problems(write_spec(minimal_spec_text + docs))
    assert found["field"] == "docs" and "missing required field 'en-US'" in found["msg"]


def test_policies_repeated_or_differing_between_locales(write_spec, minimal_spec_text):
    text = minimal_spec_text + DOCS.replace(
        "{policy: AliyunCSFullAccess, note: 管理容器服务}",
        "{policy: AliyunROSFullAccess, note: 二}",
    )
    found = {m["field"]: m for m in positioned_problems(write_spec(text))}
    repeated = found["docs.zh-CN.permissions[1].policy"]["msg"]
    assert "duplicate policy 'AliyunROSFullAccess'" in repeated
    differ = found["docs.en-US.permissions"]["msg"]
    assert "differ from docs.zh-CN" in differ and "extra AliyunCSFullAccess" in differ


def test_bad_link_url(write_spec, minimal_spec_text):
    text = minimal_spec_text + DOCS.replace("'https://example.com/docs'", "example.com/docs")
    (found,) = positioned_problems(write_spec(text))
    assert found["field"] == "docs.en-US.links[0].url"
    line = "      - {title: Chart documentation, url: example.com/docs}"
    assert found["line"] == _line_of(text, line)
