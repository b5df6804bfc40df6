"""Bad and unusual input: each gives a clear answer and the right exit code, never a crash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lint_helpers import FIXTURES

from nestgen.cli import run
from nestgen.errors import InputError
from nestgen.lint import Finding, lint_package, lint_paths
from nestgen.lint import engine as engine_module
from nestgen.lint.rule import Rule

HEADER = "ROSTemplateFormatVersion: '2015-09-01'\n"


def _big_template(resources: int, padding: int) -> str:
    lines = [HEADER, "Resources:\n"]
    for index in range(resources):
        lines.append(
            f"  Vpc{index}:\n    Type: ALIYUN::ECS::VPC\n    Properties:\n"
            f"      VpcName: vpc-{index}\n      Description: '{'x' * padding}'\n"
        )
    return "".join(lines)


def test_malformed_yaml_is_an_error_finding_with_a_position(write) -> None:
    path = write("template.yaml", HEADER + "Resources:\n  A: [1, 2\n")
    [finding] = lint_paths([path]).findings
    assert (finding.rule, finding.severity) == ("E0000", "error")
    assert finding.line >= 3 and finding.column > 0
    assert run(["lint", str(path)]) == 1


@pytest.mark.parametrize("name", ["template.yaml", ".computenest_parameters.yaml", "config.yaml"])
def test_empty_file_is_an_error(write, name: str) -> None:
    path = write(name, "")
    assert [f.rule for f in lint_paths([path]).findings] == ["E0003"]
    assert run(["lint", str(path)]) == 1


def test_binary_file_is_an_error_not_a_crash(write) -> None:
    path = write("logo.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    [finding] = lint_paths([path]).findings
    assert finding.rule == "E0000" and "binary" in finding.message
    assert run(["lint", str(path)]) == 1


def test_non_utf8_text_is_an_error(write) -> None:
    path = write("template.yaml", "Description: caf\xe9\n".encode("latin-1"))
    assert [f.rule for f in lint_paths([path]).findings] == ["E0000"]


def test_folder_without_templates_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "compose.yaml").write_text("services: {}\n", encoding="utf-8")
    with pytest.raises(InputError, match="no ROS templates"):
        lint_paths([tmp_path])
    assert run(["lint", str(tmp_path)]) == 2
    assert "no ROS templates" in capsys.readouterr().err


def test_500_kb_template_is_linted_quickly(write) -> None:
    path = write("template.yaml", _big_template(250, 1900))
    assert 480_000 < path.stat().st_size < 524_288
    start = time.perf_counter()
    result = lint_paths([path])
    assert time.perf_counter() - start < 5
    assert result.findings == []
    assert run(["lint", str(path)]) == 0


def test_template_over_the_size_limit(write) -> None:
    path = write("template.yaml", _big_template(280, 1900))
    assert [(f.rule, f.line) for f in lint_paths([path]).findings] == [("E1004", 1)]


def test_too_many_resources(write) -> None:
    path = write("template.yaml", _big_template(301, 0))
    assert [(f.rule, f.line) for f in lint_paths([path]).findings] == [("E1005", 2)]


def test_a_crashing_rule_becomes_a_finding(write, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(ctx):
        raise KeyError("surprise")

    rules = (*engine_module.RULES, Rule("W9999", "always crashes", boom, frozenset({"template"})))
    monkeypatch.setattr(engine_module, "RULES", rules)
    path = write("template.yaml", HEADER + "Resources: {}\n")
    [finding] = lint_paths([path]).findings
    assert finding == Finding(
        "E0005", "error", str(path), 0, 0, "rule W9999 crashed: KeyError: 'surprise'"
    )


def test_duplicate_keys_name_both_places(write) -> None:
    path = write(
        "template.yaml", HEADER + "Resources: {}\nOutputs:\n  A: {Value: 1}\n  A: {Value: 2}\n"
    )
    [finding] = lint_paths([path]).findings
    assert (finding.rule, finding.line, finding.column) == ("W0001", 5, 3)
    assert "line 4, column 3" in finding.message


def test_short_tags_load_as_long_forms(write) -> None:
    path = write(
        "template.yaml",
        HEADER + "Resources:\n  A:\n    Type: ALIYUN::ECS::VPC\n"
        "    Properties:\n      VpcName: !Sub '${Missing}'\n      Description: !GetAtt B.Id\n",
    )
    found = [(f.rule, f.line) for f in lint_paths([path]).findings]
    assert found == [("E2003", 6), ("E2002", 7)]


def test_config_brings_in_the_templates_it_names() -> None:
    package = FIXTURES / "rules" / "E6001"
    result = lint_paths([package / "config.yaml"])
    assert any(f.file.endswith("template.yaml") for f in result.findings)
    assert len(result.files) == 2


def test_lint_package_reads_config_templates_and_parameter_files() -> None:
    result = lint_package(FIXTURES / "good_package")
    assert result.findings == []
    assert sorted(Path(f).name for f in result.files) == [
        ".computenest_parameters.yaml",
        "config.yaml",
        "template.yaml",
    ]


def test_lint_package_without_config_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no config\.yaml"):
        lint_package(tmp_path)


def test_recursive_alias_is_an_error_finding(write) -> None:
    path = write("template.yaml", HEADER + "Resources: &r [1, *r]\n")
    [finding] = lint_paths([path]).findings
    assert finding.rule == "E0000" and "anchor used inside itself" in finding.message


def test_alias_bomb_is_refused_quickly(write) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]\n"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)]
    path = write("template.yaml", HEADER + "".join(lines))
    start = time.perf_counter()
    [finding] = lint_paths([path]).findings
    assert time.perf_counter() - start < 20
    assert finding.rule == "E0000" and "aliases are expanded" in finding.message


def test_nested_template_body_is_linted_in_its_own_scope(write) -> None:
    text = (
        HEADER + "Parameters:\n  Outer:\n    Type: String\nResources:\n  Stack:\n"
        "    Type: ALIYUN::ROS::Stack\n    Properties:\n      Parameters:\n"
        "        Name:\n          Ref: Outer\n      TemplateBody:\n"
        "        ROSTemplateFormatVersion: '2015-09-01'\n        Parameters:\n"
        "          Name:\n            Type: String\n        Resources:\n          Vpc:\n"
        "            Type: ALIYUN::ECS::VPC\n            Properties:\n"
        "              VpcName:\n                Ref: Outer\n"
    )
    path = write("template.yaml", text)
    found = [(f.rule, f.line, f.path[:4]) for f in lint_paths([path]).findings]
    inner = ("Resources", "Stack", "Properties", "TemplateBody")
    assert found == [("W2008", 15, inner), ("E2001", 22, inner)]
