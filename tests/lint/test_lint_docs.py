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


def test_every_rule_has_a_rationale_and_no_rationale_names_a_missing_rule() -> None:
    from nestgen.lint.rationale import RATIONALE

    assert set(RATIONALE) == {r.id for r in RULES}
    for rule_id, why in RATIONALE.items():
        assert why.catches and why.severity and why.fix, rule_id


def test_the_reference_has_each_rule_once_with_its_parts_and_an_example() -> None:
    from lint_helpers import bad_fixture

    from nestgen.lint.catalogue import REFERENCE_END, REFERENCE_START, reference

    text = DOC.read_text(encoding="utf-8")
    assert REFERENCE_START in text and REFERENCE_END in text
    sections = reference().split("#### ")[1:]
    assert [s.split()[0] for s in sections] == [r.id for r in RULES]
    for rule, section in zip(RULES, sections, strict=True):
        assert f"({rule.severity}, " in section.splitlines()[0]
        for part in ("**Catches:**", "**Why ", "**Fix:**", f"`--ignore {rule.id}`"):
            assert part in section, (rule.id, part)
        marked = bad_fixture(rule.id) is not None and rule.id != "I0004"  # I0004: no marker
        assert ("Example (`tests/lint/fixtures/rules/" in section) == marked, rule.id
        assert "Example" in section, rule.id
