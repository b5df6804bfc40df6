"""SARIF 2.1.0, the format code-scanning services (GitHub among them) read."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any, Protocol

from nestgen import __version__
from nestgen.lint.finding import Finding
from nestgen.lint.registry import RULES

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class Described(Protocol):
    """What a rule descriptor needs: lint's rules, and the server-side checks of ``plan``."""

    @property
    def id(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def severity(self) -> str: ...


def _rule(rule: Described) -> dict[str, Any]:
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
    return render_rules(findings, RULES)


def render_rules(findings: Sequence[Finding], rules: Sequence[Described]) -> str:
    """SARIF for ``findings``, each of whose rule ids is one of ``rules``."""
    index = {rule.id: i for i, rule in enumerate(rules)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nestgen",
                        "version": __version__,
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "results": [_result(f, index) for f in findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
