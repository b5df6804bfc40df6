"""Helpers for the linter tests: fixture folders and expectation markers."""

from __future__ import annotations

import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RULE_FIXTURES = FIXTURES / "rules"
MARKER = re.compile(r"expect(-file)?: ([EWI]\d{4}(?:\s*,\s*[EWI]\d{4})*)")


def expectations(target: Path) -> set[tuple[str, str, int]]:
    """(rule, file, line) for every ``# expect: ID`` marker under ``target``."""
    files = [target] if target.is_file() else sorted(p for p in target.rglob("*") if p.is_file())
    found = set()
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in MARKER.finditer(line):
                for rule_id in re.split(r"\s*,\s*", match.group(2)):
                    found.add((rule_id, str(path), 0 if match.group(1) else number))
    return found


def bad_fixture(rule_id: str) -> Path | None:
    """The fixture that must trigger ``rule_id`` (a file or a folder), if any."""
    for candidate in sorted(RULE_FIXTURES.glob(f"{rule_id}*")):
        if "_good" not in candidate.name:
            return candidate
    return None
