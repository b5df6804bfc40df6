"""JUnit XML for CI dashboards: one test case per file, failing when it has errors."""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from nestgen.lint.finding import Finding


def _line(f: Finding) -> str:
    return f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}"


def _case(suite: ET.Element, name: str, items: list[Finding]) -> None:
    """One test case: a failure listing the errors, other findings on system-out."""
    case = ET.SubElement(suite, "testcase", classname="nestgen.lint", name=name)
    errors = [f for f in items if f.severity == "error"]
    if errors:
        failure = ET.SubElement(
            case, "failure", type=errors[0].rule, message=f"{len(errors)} error(s)"
        )
        failure.text = "\n".join(_line(f) for f in errors)
    others = [f for f in items if f.severity != "error"]
    if others:
        ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)


def render(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """A ``testsuites`` document with one test case per file."""
    by_file: dict[str, list[Finding]] = {name: [] for name in files}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    failing = sum(1 for items in by_file.values() if any(f.severity == "error" for f in items))
    counts = {"tests": str(len(by_file)), "failures": str(failing)}
    suites = ET.Element("testsuites", {"name": "nestgen lint", **counts})
    suite = ET.SubElement(
        suites, "testsuite", {"name": "nestgen lint", "errors": "0", "skipped": "0", **counts}
    )
    for name in sorted(by_file):
        _case(suite, name, by_file[name])
    ET.indent(suites)
    xml = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n'
