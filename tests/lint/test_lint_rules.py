"""Every rule: a bad fixture that triggers it at the marked lines, and good ones that do not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lint_helpers import FIXTURES, RULE_FIXTURES, bad_fixture, expectations

from nestgen.lint import lint_paths
from nestgen.lint.registry import RULES, RULES_BY_ID
from nestgen.lint.rule import RULE_ID

GENERATED = {"E1004", "E1005", "E0005"}  # built by dedicated tests (size, count, crash)
GOOD_PACKAGE = FIXTURES / "good_package"


def _found(target: Path, rule_id: str) -> set[tuple[str, str, int]]:
    result = lint_paths([target])
    return {(f.rule, os.path.abspath(f.file), f.line) for f in result.findings if f.rule == rule_id}


@pytest.mark.parametrize("rule_id", sorted(set(RULES_BY_ID) - GENERATED))
def test_bad_fixture_triggers_rule_at_marked_lines(rule_id: str) -> None:
    target = bad_fixture(rule_id)
    assert target is not None, f"no bad fixture for {rule_id}"
    expected = {e for e in expectations(target) if e[0] == rule_id}
    assert expected, f"the fixture for {rule_id} marks no line"
    assert _found(target, rule_id) == {(r, os.path.abspath(f), n) for r, f, n in expected}


@pytest.mark.parametrize("rule_id", sorted(RULES_BY_ID))
def test_good_package_does_not_trigger_rule(rule_id: str) -> None:
    assert _found(GOOD_PACKAGE, rule_id) == set()


@pytest.mark.parametrize("good", sorted(RULE_FIXTURES.glob("*_good*")), ids=lambda p: p.name)
def test_near_miss_fixture_is_clean_for_its_rule(good: Path) -> None:
    rule_id = good.name.split("_", 1)[0]
    assert _found(good, rule_id) == set()


def test_good_package_has_no_findings_at_all() -> None:
    assert lint_paths([GOOD_PACKAGE]).findings == []


def test_rule_ids_are_unique_well_formed_and_described() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert RULE_ID.match(rule.id)
        assert rule.description and "\n" not in rule.description
        assert rule.severity == {"E": "error", "W": "warning", "I": "info"}[rule.id[0]]
