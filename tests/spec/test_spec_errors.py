"""Bad specs: one positioned message per problem, as InputErrors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spec_helpers import positioned_problems as _problems

from nestgen.errors import InputErrors
from nestgen.spec import load_spec


def _one(path: Path) -> re.Match[str]:
    found = _problems(path)
    assert len(found) == 1, [m.group(0) for m in found]
    return found[0]


def test_wrong_type_names_line_column_and_field(write_spec, minimal_spec_text):
    text = minimal_spec_text.replace("service:\n", "service:\n  region: 42\n")
    found = _one(write_spec(text))
    assert (found["line"], found["col"]) == ("3", "11")
    assert found["field"] == "service.region"
    assert "expected string, got integer" in found["msg"]


def test_unknown_key_points_at_the_key(write_spec, minimal_spec_text):
    text = minimal_spec_text.replace(
        "    file: demo.yaml\n", "    file: demo.yaml\n    colour: red\n"
    )
    found = _one(write_spec(text))
    assert (found["line"], found["col"]) == ("11", "5")
    assert found["field"] == "templates[0].colour"
    assert "unknown key 'colour'" in found["msg"]


def test_missing_required_field(write_spec, minimal_spec_text):
    text = minimal_spec_text.replace("    file: demo.yaml\n", "")
    found = _one(write_spec(text))
    assert found["field"] == "templates[0]"
    assert "missing required field 'file'" in found["msg"]
    assert found["line"] == "9"


def test_unknown_parameter_group(write_spec, minimal_spec_text):
    text = minimal_spec_text.replace("      - password\n", "      - passwrd\n")
    found = {m["msg"]: m for m in _problems(write_spec(text))}
    unknown = next(m for msg, m in found.items() if "unknown parameter group 'passwrd'" in msg)
    assert (unknown["line"], unknown["col"]) == ("17", "9")
    assert unknown["field"] == "templates[0].groups[3]"
    assert "group 'cluster' needs group 'password'" in found


def test_duplicate_parameter_name_against_a_group(write_spec, minimal_spec_text):
    text = minimal_spec_text + (
        "    parameters:\n"
        "      - {name: Extra, type: String, label: {en: E, zh-cn: 额外}}\n"
        "      - {name: ZoneId, type: String, label: {en: Z, zh-cn: 区}}\n"
        "      - {name: Extra, type: Number, label: {en: E, zh-cn: 额外}}\n"
    )
    found = _problems(write_spec(text))
    assert [(m["line"], m["field"]) for m in found] == [
        ("21", "templates[0].parameters[1].name"),
        ("22", "templates[0].parameters[2].name"),
    ]
    assert "duplicate parameter name 'ZoneId'" in found[0]["msg"]
    assert "duplicate parameter name 'Extra'" in found[1]["msg"]


def test_invalid_yaml(write_spec):
    found = _one(write_spec("name: demo\nservice: [1\n"))
    assert "invalid YAML" in found.group(0)
    assert found["line"] == "3"


def test_duplicate_key_reports_both_places(write_spec, minimal_spec_text):
    found = _one(write_spec(minimal_spec_text.replace("name: demo\n", "name: demo\nname: other\n")))
    assert (found["line"], found["field"]) == ("2", "name")
    assert "first at line 1" in found["msg"]


def test_every_problem_is_listed_in_file_order(write_spec, minimal_spec_text):
    text = (
        minimal_spec_text.replace("name: demo\n", "name: Demo Service\nextra: 1\n")
        .replace("version: 1.2.3", "version: latest")
        .replace("regions: [cn-hangzhou]", "regions: []")
    )
    found = _problems(write_spec(text))
    assert [m["field"] for m in found] == [
        "name",
        "extra",
        "artifacts[0].version",
        "templates[0].regions",
    ]
    lines = [int(m["line"]) for m in found]
    assert lines == sorted(lines)


def test_cross_references_are_checked(write_spec, minimal_spec_text):
    text = (
        minimal_spec_text.replace("{artifact: app}", "{artifact: nope}").replace(
            "      - cluster\n", "      - cluster\n      - eci\n      - cluster\n"
        )
        + "operations:\n  - {template: Missing, name: M, parameters: [ChartValues]}\n"
    )
    messages = [m["msg"] for m in _problems(write_spec(text))]
    assert "group 'cluster' listed twice" in messages
    assert "no artifact with key 'nope'" in messages
    assert "no template named 'Missing'" in messages


def test_group_requirements(write_spec, minimal_spec_text):
    found = _one(write_spec(minimal_spec_text.replace("      - workers\n", "")))
    assert "group 'cluster' needs group 'workers'" in found["msg"]


def test_group_option_errors_are_positioned(write_spec, minimal_spec_text):
    text = minimal_spec_text.replace("{artifact: app}", "{artifact: app, relase: x}")
    found = _one(write_spec(text))
    assert found["field"] == "templates[0].groups[4].helm.relase"
    assert "unknown key 'relase'" in found["msg"]


def test_noecho_parameter_may_not_have_a_default(write_spec, minimal_spec_text):
    text = minimal_spec_text + (
        "    parameters:\n"
        "      - {name: Secret, type: String, label: {en: S, zh-cn: 密}, no_echo: true,"
        " default: hunter22}\n"
    )
    found = _one(write_spec(text))
    assert "NoEcho" in found["msg"]


def test_missing_files_named_by_the_spec(write_spec, minimal_spec_text):
    text = minimal_spec_text.replace("{artifact: app}", "{artifact: app, values: nope.yaml}")
    found = _problems(write_spec(text + "hub_settings: none.env\n"))
    assert [(m["line"], m["field"], m["msg"]) for m in found] == [
        ("18", "templates[0].groups[4].helm.values", "no such file: nope.yaml"),
        ("19", "hub_settings", "no such file: none.env"),
    ]


def test_unreadable_and_non_mapping_specs(tmp_path, write_spec):
    with pytest.raises(InputErrors, match="cannot read"):
        load_spec(tmp_path / "absent.yaml")
    with pytest.raises(InputErrors, match="must be a YAML mapping"):
        load_spec(write_spec("- a\n- b\n"))


def test_schema_and_cross_reference_problems_are_reported_together(write_spec, minimal_spec_text):
    text = minimal_spec_text.replace("name: demo\n", "name: demo\ncolour: red\n").replace(
        "      - password\n", "      - passwrd\n"
    )
    found = {(m["field"], m["msg"].split(" (")[0]) for m in _problems(write_spec(text))}
    assert ("colour", "unknown key 'colour'") in found
    assert ("templates[0].groups[3]", "unknown parameter group 'passwrd'") in found


def test_a_broken_artifact_does_not_cause_false_reference_errors(write_spec, minimal_spec_text):
    text = minimal_spec_text.replace("version: 1.2.3", "version: latest")
    found = _one(write_spec(text))
    assert found["field"] == "artifacts[0].version"
