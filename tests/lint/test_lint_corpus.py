"""The linter over every file of the shared corpus of real Compute Nest packages.

No crash on any file, every known defect listed in the corpus README reported, and none
of its false-positive traps reported as an error.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from nestgen.lint import LintResult, lint_paths
from nestgen.yamlio import load_file

CN = "computenest/aliyun-computenest+"
ACK_HELM = [
    "jupyterhub",
    "quickstart-ack-helm",
    "argo-workflow",
    "gitlab-runner",
    "quickstart-ChaosMesh",
    "quickstart-airflow",
    "quickstart-harbor",
    "quickstart-kuberay",
]
TEMPLATE = ".computenest/ros_templates/template.yaml"

# (file under the corpus, rule, text the message must contain)
KNOWN_DEFECTS = [
    (f"{CN}quickstart-ecs-image/{TEMPLATE}", "E0000", "invalid YAML"),
    (f"{CN}quickstart-maxkb/.computenest/.computenest_parameters.yaml", "E0003", "empty"),
    (
        "computenest/DataMini+computenest-quickstart-asktable/.computenest/"
        ".computenest_parameters.yaml",
        "E0003",
        "empty",
    ),
    *[(f"{CN}{name}/{TEMPLATE}", "W3009", "'LoginPassword'") for name in ACK_HELM],
    (f"{CN}app-template-docker-web-service/{TEMPLATE}", "W3009", "'DBPassword'"),
    (
        f"{CN}wordpress-ecs-demo/.computenest/ros_templates/cluster.yaml",
        "W4002",
        "${InstanceChargeType}",
    ),
    (
        "ros-official/compute-nest-best-practice/ecs-deploy/template.yml",
        "W4002",
        "${InstanceChargeType}",
    ),
    (f"{CN}quickstart-minecraft/.computenest/ros_templates/minecraft.yaml", "W4002", "${OSType}"),
    (
        f"{CN}quickstart-7daystodie/.computenest/ros_templates/7daystodie-exist.yaml",
        "W4002",
        "${OSType}",
    ),
    (f"{CN}comfy-ui/.computenest/ros_templates/exist_template.yaml", "W4002", "${CreateAck}"),
    (f"{CN}app-template-docker-app-instant-deploy/{TEMPLATE}", "W4002", "${GitAccount}"),
    (f"{CN}gitlab-runner/{TEMPLATE}", "W4006", "'PodVswitchId'"),
    (
        f"{CN}quickstart-1panel/.computenest/ros_templates/template-create-ecs.yaml",
        "W4006",
        "'SystemDiskCategory'",
    ),
    (
        f"{CN}quickstart-1panel/.computenest/ros_templates/template-create-ecs.yaml",
        "W4006",
        "'SystemDiskSize'",
    ),
    (f"{CN}himarket/{TEMPLATE}", "W4006", "'InstancePassword'"),
    (f"{CN}quickstart-memos/{TEMPLATE}", "W4006", "'AmapApiKey'"),
    (
        f"{CN}quickstart-minecraft/.computenest/ros_templates/minecraft.yaml",
        "W4006",
        "'EnforceWhitelist'",
    ),
    (f"{CN}quickstart-minecraft/.computenest/ros_templates/minecraft.yaml", "W4006", "'QueryPort'"),
    (f"{CN}mysql-managed-ack-demo/{TEMPLATE}", "W4007", "'Replicas'"),
    (f"{CN}mysql-privatelink-demo/{TEMPLATE}", "W4007", "'ConfigParam'"),
    (f"{CN}wuying-managed-demo/{TEMPLATE}", "W4007", "in no ParameterGroup"),
    (
        f"{CN}quickstart-active-directory/.computenest/ros_templates/template1.yaml",
        "W2012",
        "${DomainName}",
    ),
    ("ros-official/examples/iot/existing-vpc-cluster-emq.yml", "W2012", "${AdminPassword}"),
    (
        "ros-official/solutions/middleware/existing-vpc-cluster-zookeeper.yml",
        "W2012",
        "${ZkuiAdminPassword}",
    ),
    (f"{CN}comfy-ui/.computenest/demo.yaml", "E6003", "does not exist"),
    (f"{CN}quickstart-open-notebook/.computenest/config.yaml", "W6004", "'InstancePassword'"),
    (f"{CN}app-template-docker-web-service/.computenest/config.yaml", "W6004", "'FileUrl'"),
    (f"{CN}jupyterhub/{TEMPLATE}", "W4011", "'en' text of Description is Chinese"),
    (f"{CN}jupyterhub/{TEMPLATE}", "W4001", "ALIYUN::ECS::Instance:ZoneId"),
    (f"{CN}jupyterhub/{TEMPLATE}", "W4004", "'NewAcs'"),
    (f"{CN}jupyterhub/{TEMPLATE}", "W4010", "Outputs.Description.Description lacks locale(s) en"),
]


@cache
def _lint(corpus: Path) -> LintResult:
    return lint_paths([corpus])


def _rel(corpus: Path, finding_file: str) -> str:
    return os.path.relpath(finding_file, corpus)


@pytest.fixture
def result(corpus: Path) -> LintResult:
    return _lint(corpus)


def test_every_yaml_file_is_linted_without_a_crash(corpus: Path, result: LintResult) -> None:
    manifest = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    listed = {row.split("\t")[6].strip() for row in manifest}
    linted = {_rel(corpus, f) for f in result.files}
    assert listed <= linted
    assert [f for f in result.findings if f.rule == "E0005"] == []


@pytest.mark.parametrize(
    ("file", "rule", "text"),
    KNOWN_DEFECTS,
    ids=[f"{r}:{f.split('/')[1]}" for f, r, _ in KNOWN_DEFECTS],
)
def test_known_defect_is_reported(
    corpus: Path, result: LintResult, file: str, rule: str, text: str
) -> None:
    hits = [
        f
        for f in result.findings
        if _rel(corpus, f.file) == file and f.rule == rule and text in f.message
    ]
    assert hits, f"{rule} not reported in {file}"
    assert all(h.line > 0 for h in hits)


def _templates(corpus: Path, result: LintResult) -> dict[str, dict]:
    found = {}
    for name in result.files:
        if name.endswith((".yaml", ".yml")):
            try:
                data = load_file(name).data
            except Exception:
                continue
            if isinstance(data, dict):
                found[_rel(corpus, name)] = data
    return found


def test_locals_are_valid_reference_targets(corpus: Path, result: LintResult) -> None:
    templates = _templates(corpus, result)
    with_locals = {
        k: set(v["Locals"]) for k, v in templates.items() if isinstance(v.get("Locals"), dict)
    }
    assert with_locals, "the corpus should hold templates with Locals"
    for finding in result.findings:
        names = with_locals.get(_rel(corpus, finding.file), set())
        if finding.rule.startswith("E2"):
            assert not any(
                f"'{n}'" in finding.message or f"${{{n}" in finding.message for n in names
            ), finding


def test_terraform_and_parameters_only_files_have_no_unused_parameters(
    corpus: Path, result: LintResult
) -> None:
    templates = _templates(corpus, result)
    exempt = {k for k, v in templates.items() if "Transform" in v or "Resources" not in v}
    assert any("Transform" in templates[k] for k in exempt)
    assert any("preset_parameters" in k for k in exempt)
    assert not [
        f
        for f in result.findings
        if f.rule in ("W2008", "I2009") and _rel(corpus, f.file) in exempt
    ]


def test_ui_only_parameters_are_information_at_most(corpus: Path, result: LintResult) -> None:
    ui = [
        f
        for f in result.findings
        if "'Checkbox'" in f.message or "'WhitelistConfirmation'" in f.message
    ]
    assert ui and all(f.rule == "I2009" for f in ui)


def test_console_filled_region_id_is_not_reported(result: LintResult) -> None:
    assert not [f for f in result.findings if f.rule == "W4002" and "${RegionId}" in f.message]


def test_default_only_labels_and_unquoted_version_are_accepted(
    corpus: Path, result: LintResult
) -> None:
    assert not [f for f in result.findings if f.rule == "E1001"]
    for finding in result.findings:
        if finding.rule == "W4010":
            data = load_file(finding.file).data
            value = data
            for key in finding.path:
                value = value[key]
            assert set(value) != {"default"}, finding


def test_nested_template_body_has_its_own_scope(corpus: Path, result: LintResult) -> None:
    name = "ros-official/examples/gamesupport/ecs-bind-mult-eni-and-eip.yml"
    assert "TemplateBody" in (corpus / name).read_text(encoding="utf-8")
    assert not [
        f
        for f in result.findings
        if _rel(corpus, f.file) == name and f.rule in ("E2001", "E2002", "E2003")
    ]


def test_whole_corpus_as_a_process_in_every_format(corpus: Path) -> None:
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    for fmt in ("text", "sarif"):
        done = subprocess.run(
            [sys.executable, "-m", "nestgen", "lint", "--format", fmt, str(corpus)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
        assert done.stderr.strip().endswith("file(s)")
