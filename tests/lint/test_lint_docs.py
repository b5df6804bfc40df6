"""docs/lint.md carries the rule catalogue exactly as the code generates it."""

from __future__ import annotations

from pathlib import Path

from nestgen.lint.catalogue import END, START, markdown, refresh
from nestgen.lint.registry import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "lint.md"


def test_docs_catalogue_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert START in text and END in text
    assert refresh(text) == text, "run: python -m nestgen.lint.catalogue docs/lint.md"


def test_catalogue_lists_every_rule_once() -> None:
    lines = [
        line
        for line in markdown().splitlines()
        if line.startswith("| ") and line[2] in "EWI" and line[3].isdigit()
    ]
    assert [line.split()[1] for line in lines] == [r.id for r in RULES]
