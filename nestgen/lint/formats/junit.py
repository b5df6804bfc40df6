"""JUnit XML for CI dashboards: one test case per file, failing when it has errors."""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from nestgen.lint.finding import Finding


def _line(f: Finding) -> str:
    return f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}"


def render(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """A ``testsuites`` document; warnings and notes go to ``system-out``."""
    by_file: dict[str, list[Finding]] = {name: [] for name in files}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    failing = sum(1 for items in by_file.values() if any(f.severity == "error" for f in items))
    suites = ET.Element(
        "testsuites", name="nestgen lint", tests=str(len(by_file)), failures=str(failing)
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="nestgen lint",
        tests=str(len(by_file)),
        failures=str(failing),
        errors="0",
        skipped="0",
    )
    for name in sorted(by_file):
        case = ET.SubElement(suite, "testcase", classname="nestgen.lint", name=name)
        items = by_file[name]
        file_errors = [f for f in items if f.severity == "error"]
        if file_errors:
            failure = ET.SubElement(
                case, "failure", type=file_errors[0].rule, message=f"{len(file_errors)} error(s)"
            )
            failure.text = "\n".join(_line(f) for f in file_errors)
        others = [f for f in items if f.severity != "error"]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
