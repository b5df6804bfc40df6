"""Formatting a check's problems as text or JSON."""

from __future__ import annotations

import json

from nestgen.params.problem import ERROR, WARNING, Problem


def summary(problems: list[Problem]) -> dict[str, int]:
    """Counts by severity."""
    errors = sum(p.severity == ERROR for p in problems)
    warnings = sum(p.severity == WARNING for p in problems)
    return {"errors": errors, "warnings": warnings, "infos": len(problems) - errors - warnings}


def as_text(problems: list[Problem]) -> str:
    """One line per problem, then a one-line verdict."""
    counts = summary(problems)
    lines = [str(problem) for problem in problems]
    if counts["errors"]:
        lines.append(f"invalid: {counts['errors']} error(s), {counts['warnings']} warning(s)")
    else:
        lines.append(f"valid: {counts['warnings']} warning(s)")
    return "\n".join(lines) + "\n"


def as_json(problems: list[Problem]) -> str:
    """A JSON document: verdict, counts and every problem."""
    counts = summary(problems)
    document = {
        "valid": counts["errors"] == 0,
        **counts,
        "problems": [problem.to_dict() for problem in problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
