"""SARIF 2.1.0, the format code-scanning services (GitHub among them) read."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from nestgen import __version__
from nestgen.lint.finding import Finding
from nestgen.lint.registry import RULES

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rule(descriptor_index: int) -> dict[str, Any]:
    rule = RULES[descriptor_index]
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.description},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": PurePath(finding.file).as_posix()}}
    if finding.line > 0:
        location["region"] = {"startLine": finding.line, "startColumn": max(finding.column, 1)}
    return {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": location}],
    }


def render(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """One run with every rule described and one result per finding."""
    index = {rule.id: i for i, rule in enumerate(RULES)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nestgen",
                        "version": __version__,
                        "rules": [_rule(i) for i in range(len(RULES))],
                    }
                },
                "results": [_result(f, index) for f in findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
