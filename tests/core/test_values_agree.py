"""Lint and params read a parameter's Default the same way (one reading: nestgen.rosvalues).

For every parameter with a Default, of every corpus template and every lint fixture: the
families lint reports on the Default (E3003 allowed values, E3004 pattern, E3005 length or
range, E3006 type) are the families ``params check`` reports on the same value.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from nestgen.errors import NestgenError
from nestgen.lint import lint_paths
from nestgen.params import check_parameters
from nestgen.params.constraints import check_value
from nestgen.params.model import load_template
from nestgen.rosvalues import is_function

FIXTURES = Path(__file__).resolve().parents[1] / "lint" / "fixtures" / "rules"
FAMILY_OF_RULE = {
    "E3003": "allowed-values",
    "E3004": "pattern",
    "E3005": "bounds",
    "E3006": "type",
    "E3008": "pattern",  # the pattern does not compile: params rejects every value
}
FAMILY_OF_CODE = {"length": "bounds", "range": "bounds"}
CONSTRAINT_CODES = frozenset({"type", "allowed-values", "pattern", "length", "range"})
Verdicts = dict[str, frozenset[str]]


def lint_verdicts(findings, template: Path, judged: set[str] | None = None) -> Verdicts:
    """parameter name -> the Default families lint reports (top-level parameters only).

    E3008 (the pattern does not compile) is about the declaration: it counts as a verdict
    on the Default only for the parameters in ``judged`` (those with a Default).
    """
    found: dict[str, set[str]] = defaultdict(set)
    for finding in findings:
        path = finding.path
        top = len(path) >= 2 and path[0] == "Parameters"
        if top and Path(finding.file) == template and finding.rule in FAMILY_OF_RULE:
            if finding.rule == "E3008" and judged is not None and path[1] not in judged:
                continue
            found[str(path[1])].add(FAMILY_OF_RULE[finding.rule])
    return {name: frozenset(families) for name, families in found.items()}


def params_verdicts(template: Path) -> tuple[Verdicts, set[str]]:
    """parameter name -> the families params reports on its Default; and how many were judged.

    Visible parameters go through ``check_parameters`` with no values (the Default is what
    the console would submit); hidden ones, which that skips, through the same
    ``check_value`` with the Default given.
    """
    params = load_template(template)
    problems = check_parameters(template, {})
    visible: dict[str, set[str]] = defaultdict(set)
    for problem in problems:
        if problem.severity == "error" and problem.code in CONSTRAINT_CODES:
            visible[problem.parameter].add(FAMILY_OF_CODE.get(problem.code, problem.code))
    hidden_or_visible: Verdicts = {}
    judged = set()
    for name, param in params.params.items():
        if param.default is None or (is_function(param.default) and param.type != "Json"):
            continue
        judged.add(name)
        codes = {
            FAMILY_OF_CODE.get(code, code) for code, _ in check_value(param, param.default, "en")
        }
        if name in visible and visible[name] != codes:
            pytest.fail(
                f"{template}: {name}: check_parameters {visible[name]} != check_value {codes}"
            )
        if codes:
            hidden_or_visible[name] = frozenset(codes)
    return hidden_or_visible, judged


def corpus_templates(corpus: Path) -> list[Path]:
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return sorted(corpus / r["file"] for r in rows if r["kind"] == "ros_template")


def compare(templates: list[Path]) -> tuple[Counter[str], list[str]]:
    """Run both over ``templates``; the figures and every disagreement."""
    result = lint_paths(templates)
    figures: Counter[str] = Counter()
    disagreements = []
    for template in templates:
        try:
            params, judged = params_verdicts(template)
        except NestgenError:
            figures["templates without readable Parameters"] += 1
            continue
        figures["templates"] += 1
        figures["Defaults judged"] += len(judged)
        figures["Defaults rejected"] += len(params)
        lint = lint_verdicts(result.findings, template.resolve(), judged)
        for name in sorted(set(params) | set(lint)):
            if params.get(name, frozenset()) != lint.get(name, frozenset()):
                disagreements.append(
                    f"{template}: {name}: lint {sorted(lint.get(name, ()))}"
                    f" params {sorted(params.get(name, ()))}"
                )
    return figures, disagreements


def test_lint_and_params_agree_on_every_corpus_default(corpus, capsys):
    figures, disagreements = compare(corpus_templates(corpus))
    with capsys.disabled():
        print("\nDefaults, lint vs params:", dict(sorted(figures.items())))
    assert figures["templates"] >= 190 and figures["Defaults judged"] >= 1000
    assert not disagreements, "\n".join(disagreements)


def test_lint_and_params_agree_on_the_rule_fixtures():
    fixtures = sorted(FIXTURES.glob("E300*.yaml"))
    assert len(fixtures) >= 5
    figures, disagreements = compare(fixtures)
    assert figures["Defaults rejected"] >= 5
    assert not disagreements, "\n".join(disagreements)


DRIFTED = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  Underscored: {Type: Number, Default: "1_000"}
  Infinite: {Type: Number, Default: "inf"}
  Scalar: {Type: Json, Default: "3"}
  Map: {Type: CommaDelimitedList, Default: {a: 1}}
  Length: {Type: Number, MinLength: 5, Default: 7}
  NumberPattern: {Type: Number, AllowedPattern: "^1", Default: 7}
  Items: {Type: CommaDelimitedList, AllowedPattern: "^[a-z]+$", Default: "ab,CD"}
  Function: {Type: String, AllowedValues: [a], Default: {Ref: Other}}
  Unicode: {Type: String, AllowedPattern: "^\\\\p{L}+$", Default: abc}
  Other: {Type: String, Default: a}
Resources: {}
"""


def test_values_where_the_two_used_to_drift(tmp_path):
    """Each of these was judged differently by lint and params before one module read both."""
    path = tmp_path / "template.yaml"
    path.write_text(DRIFTED, encoding="utf-8")
    _, disagreements = compare([path])
    assert not disagreements, "\n".join(disagreements)
    lint = lint_verdicts(lint_paths([path]).findings, path.resolve())
    assert lint == {
        "Underscored": {"type"},
        "Infinite": {"type"},
        "Scalar": {"type"},
        "Map": {"type"},
        "Items": {"pattern"},
    }
