"""Lint settings: the locale policy, settings files, and the config.yaml JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lint_helpers import FIXTURES, RULE_FIXTURES

from nestgen.errors import InputError, UsageError
from nestgen.lint import LintConfig, lint_paths, load_config
from nestgen.lint.config import split_ids
from nestgen.lint.schema import config_schema, validate
from nestgen.schemalite import unsupported_keywords
from nestgen.yamlio import load_file

LOCALES = RULE_FIXTURES / "W4010.yaml"


def _w4010_lines(config: LintConfig) -> list[int]:
    return [f.line for f in lint_paths([LOCALES], config=config).findings if f.rule == "W4010"]


def test_locale_policy_partial_strict_off() -> None:
    assert _w4010_lines(LintConfig()) == [5]
    assert _w4010_lines(LintConfig(locale_policy="strict")) == [5, 9, 13]
    assert _w4010_lines(LintConfig(locale_policy="off")) == []
    assert _w4010_lines(LintConfig(locales=("en",))) == []


def test_settings_from_nestgen_yaml(tmp_path: Path) -> None:
    (tmp_path / ".nestgen.yaml").write_text(
        "lint:\n  ignore: [w20]\n  locales: [en]\n  locale-policy: strict\n", encoding="utf-8"
    )
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert load_config(nested) == LintConfig(("W20",), ("en",), "strict")


def test_settings_from_pyproject_and_explicit_file(tmp_path: Path) -> None:
    toml = tmp_path / "pyproject.toml"
    toml.write_text('[tool.nestgen.lint]\nlocale-policy = "off"\n', encoding="utf-8")
    assert load_config(tmp_path).locale_policy == "off"
    assert load_config(explicit=toml).locale_policy == "off"
    with pytest.raises(UsageError):
        load_config(explicit=tmp_path / "missing.toml")


@pytest.mark.parametrize(
    "text",
    [
        "lint:\n  ignore: E2001\n",
        "lint:\n  locale-policy: loud\n",
        "lint:\n  colour: red\n",
    ],
)
def test_bad_settings_are_input_errors(tmp_path: Path, text: str) -> None:
    (tmp_path / ".nestgen.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError):
        load_config(tmp_path)


def test_no_settings_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == LintConfig()


def test_config_schema_is_a_valid_json_schema() -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(config_schema())


def test_config_schema_uses_only_supported_keywords() -> None:
    assert unsupported_keywords(config_schema()) == set()


def _configs(corpus: Path | None) -> list[Path]:
    found = sorted(FIXTURES.rglob("config.yaml"))
    return found + (sorted(corpus.rglob("config*.yaml")) if corpus else [])


def test_small_validator_agrees_with_jsonschema(corpus: Path) -> None:
    import jsonschema

    schema = config_schema()
    validator = jsonschema.Draft202012Validator(schema)
    checked = 0
    for path in _configs(corpus):
        data = json.loads(json.dumps(load_file(path).data, default=str))
        if not isinstance(data, dict):
            continue
        ours = {(p.kind, p.path) for p in validate(data, schema)}
        theirs = {
            ("unknown" if e.validator == "additionalProperties" else "type", tuple(e.absolute_path))
            for e in validator.iter_errors(data)
        }
        # jsonschema reports an unknown key at its parent mapping; ours at the key itself
        assert {(k, p[:-1] if k == "unknown" else p) for k, p in ours} == theirs, path
        checked += 1
    assert checked > 60


def test_lint_keys_directly_under_tool_nestgen(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.nestgen]\nignore = ["W4"]\nspec = "service.yaml"\n', encoding="utf-8"
    )
    assert load_config(tmp_path) == LintConfig(ignore=("W4",))


def test_former_ids_of_regraded_rules_still_ignore_their_rule(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "ROSTemplateFormatVersion: '2015-09-01'\n"
        "Metadata:\n  nestgen:\n    lint:\n      ignore: [E4002]\n"
        "Parameters:\n  Zone:\n    Type: String\n    Default: a\n"
        "    AssociationProperty: ALIYUN::ECS::Instance:ZoneId\n"
        "    AssociationPropertyMetadata:\n      RegionId: ${Nope}\n"
        "Resources: {}\nOutputs:\n  Z:\n    Value: {Ref: Zone}\n",
        encoding="utf-8",
    )
    rules = {f.rule for f in lint_paths([template]).findings}
    assert "W4001" in rules and "W4002" not in rules and "W1010" not in rules
    config = LintConfig().with_ignores(split_ids(["e4001"]))
    assert not [f for f in lint_paths([template], config=config).findings if f.rule == "W4001"]
