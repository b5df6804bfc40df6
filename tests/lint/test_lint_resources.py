"""The resource rules (group 8) on the generated JupyterHub template, and the spec's loading."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nestgen.lint import lint_paths
from nestgen.rosspec import spec as rosspec

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "ros_templates" / "template.yaml"

# (text in the generated template, its broken form, the rule that must name it)
BREAKAGES = [
    ("      IsMultiTenant: false\n", "      IsMultiTenent: false\n", "E8003"),
    ("      AppId:\n        Ref: OAuthApplication\n", "      {}\n", "E8004"),
    ("      AppType: WebApp\n", "      AppType: [WebApp]\n", "E8005"),
    (
        "      SecretRequired: true\n",
        "      SecretRequired: true\n      AccessTokenValidity: 1\n",
        "E8006",
    ),
    ("              - Response\n", "              - Respons\n", "E8007"),
    ("    Type: ALIYUN::RAM::AppSecret\n", "    Type: ALIYUN::RAM::AppSecrets\n", "E8001"),
    ("      ReleaseName: jupyterhub\n", "      ReleasName: jupyterhub\n", "W8009"),
]


def _resource_findings(path: Path) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in lint_paths([path]).findings if f.rule[1] == "8"]


def test_the_generated_template_has_no_resource_findings() -> None:
    assert _resource_findings(GENERATED) == []


@pytest.mark.parametrize(("text", "broken", "rule_id"), BREAKAGES, ids=[b[2] for b in BREAKAGES])
def test_breaking_the_generated_template_is_found(
    tmp_path: Path, text: str, broken: str, rule_id: str
) -> None:
    source = GENERATED.read_text(encoding="utf-8")
    assert text in source, "the generated template changed: update this breakage"
    target = tmp_path / "template.yaml"
    target.write_text(source.replace(text, broken, 1), encoding="utf-8")
    found = _resource_findings(target)
    assert [rule for rule, _ in found] == [rule_id], found


def test_did_you_mean_names_the_closest_property_and_type(tmp_path: Path) -> None:
    source = GENERATED.read_text(encoding="utf-8")
    target = tmp_path / "template.yaml"
    target.write_text(
        source.replace("      AppName:\n", "      AppNam:\n", 1).replace(
            "ALIYUN::RAM::AppSecret\n", "ALIYUN::RAM::AppSecrets\n", 1
        ),
        encoding="utf-8",
    )
    messages = " | ".join(message for _, message in _resource_findings(target))
    assert "did you mean 'AppName'?" in messages
    assert "did you mean 'ALIYUN::RAM::AppSecret'?" in messages


def test_help_and_a_parameter_file_do_not_load_the_spec() -> None:
    code = (
        "import sys; from nestgen.cli import run; run(['--help']); run(['lint', '--help']);"
        "print(sorted(m for m in sys.modules if m.startswith('nestgen.rosspec')))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_spec_file_is_the_override_then_the_cache_then_the_shipped(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert rosspec.spec_path(env) == rosspec.SHIPPED
    cached = rosspec.cached_path(env)
    cached.parent.mkdir(parents=True)
    cached.write_bytes(rosspec.SHIPPED.read_bytes())
    assert rosspec.spec_path(env) == cached
    assert rosspec.spec_path({**env, "NESTGEN_ROS_SPEC": "shipped"}) == rosspec.SHIPPED
    other = tmp_path / "other.json.gz"
    assert rosspec.spec_path({**env, "NESTGEN_ROS_SPEC": str(other)}) == other


def test_a_file_that_is_not_a_spec_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a ROS spec file"):
        rosspec.parse(b"not gzip", "x")


SMALL_ARCHITECTURE = (
    "ros-official/solutions/cloud-market/deploy-small-architecture-to-the-cloud.yml"
)
# The resource errors the corpus really has: a subscription RDS instance without the
# CommodityCode every ROS CDK release requires, and with a PayType no release describes.
CORPUS_RESOURCE_ERRORS = {
    (SMALL_ARCHITECTURE, "E8004", "CommodityCode"),
    (SMALL_ARCHITECTURE, "E8003", "'PayType'"),
}


def test_the_corpus_has_only_its_real_resource_errors(corpus: Path) -> None:
    found = {
        (os.path.relpath(f.file, corpus), f.rule, f.message)
        for f in lint_paths([corpus]).findings
        if f.rule[1] == "8" and f.severity == "error"
    }
    assert {(file, rule) for file, rule, _ in found} == {
        (file, rule) for file, rule, _ in CORPUS_RESOURCE_ERRORS
    }
    for file, rule, text in CORPUS_RESOURCE_ERRORS:
        assert any(f == file and r == rule and text in m for f, r, m in found)


def test_a_bad_spec_override_is_one_input_error(tmp_path: Path, monkeypatch, capsys) -> None:
    from nestgen.cli import run

    bad = tmp_path / "spec.json.gz"
    bad.write_bytes(b"garbage")
    monkeypatch.setenv("NESTGEN_ROS_SPEC", str(bad))
    assert run(["lint", str(GENERATED)]) == 2
    err = capsys.readouterr().err
    assert "NESTGEN_ROS_SPEC" in err and "not a ROS spec file" in err and "Traceback" not in err
