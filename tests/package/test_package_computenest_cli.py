"""computenest-cli, the official tool, loads the package ``nestgen build --out DIR`` writes.

Its own ``import`` command runs over DIR in a process of its own (``cnc_import.py``): the
config reader, the checks it makes before any call (``CheckProcessor``), its artifact
processor (the HelmRepo builder) and the requests it builds with the real SDK models. Only
its ways out are answered: the Compute Nest client, OSS uploads and ``helm`` commands. No
network is used.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nestgen import yamlio
from nestgen.publish.package import load_package
from nestgen.publish.payload import build_payload

REPO = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("cnc_import.py")
FILES = "https://files.invalid/"
ARTIFACT_ID = "artifact-0123456789abcdef"

if importlib.util.find_spec("computenestcli") is None:
    pytest.skip(
        "computenest-cli is not installed (scripts/install-test-deps installs it)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``nestgen build --out DIR`` of the embedded JupyterHub spec."""
    out = tmp_path_factory.mktemp("built") / "jupyterhub"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "nestgen", "build", "--out", str(out)],
        cwd=tmp_path_factory.mktemp("cwd"), env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out


class CliRun:
    def __init__(self, root: Path, report: dict[str, Any]) -> None:
        self.root = root
        self.calls: list[tuple[str, dict[str, Any]]] = [tuple(c) for c in report["calls"]]
        self.uploads: list[str] = report["uploads"]
        self.commands: list[str] = report["commands"]
        self.error: str | None = report["error"]
        self.unknown: list[str] = report["unknown"]

    def requests(self, action: str) -> list[dict[str, Any]]:
        return [request for name, request in self.calls if name == action]


@pytest.fixture(scope="module")
def cli_run(built: Path, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    """``computenest-cli import --file_path DIR/config.yaml`` on a copy of DIR."""
    work = tmp_path_factory.mktemp("cli")
    root = work / "jupyterhub"
    shutil.copytree(built, root)
    report = work / "report.json"
    result = subprocess.run(
        [sys.executable, str(DRIVER), str(root), str(report)],
        cwd=work, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    run = CliRun(root, json.loads(report.read_text()))
    assert (work / "computenest-cli-logs" / "build_service.log").is_file()  # not in /tmp
    assert run.error is None and run.unknown == [], (run.error, run.unknown)
    return run


def _service_request(run: CliRun) -> dict[str, Any]:
    requests = run.requests("CreateService")
    assert len(requests) == 1, run.calls
    return requests[0]


def test_computenest_cli_accepts_the_package(cli_run: CliRun) -> None:
    actions = [name for name, _ in cli_run.calls]
    assert actions.count("CreateService") == 1
    assert actions.count("CreateArtifact") == 1
    # Every file it uploads is in the package: the template and the logo (one per locale).
    assert sorted(set(cli_run.uploads)) == [
        "resources/icons/service_logo.png",
        "ros_templates/template.yaml",
    ]
    assert all((cli_run.root / path).is_file() for path in cli_run.uploads)


def test_the_helm_repo_builder_fetches_the_chart_we_mean(cli_run: CliRun, built: Path) -> None:
    config = yamlio.load_file(built / "config.yaml").data
    builder = config["HelmChartBuilder"]["HelmChart_1"]
    command, *rest = cli_run.commands
    assert rest == []
    steps = command.split(" && ")
    assert steps[0] == f"helm repo add hub.jupyter.org {builder['HelmRepoUrl']}"
    assert steps[1] == "helm pull hub.jupyter.org/jupyterhub --version 4.0.0"
    assert steps[3] == "helm push jupyterhub-4.0.0.tgz oci://registry.invalid/ns"
    (artifact,) = cli_run.requests("CreateArtifact")
    assert artifact["ArtifactType"] == "HelmChart"
    assert artifact["Name"] == config["Artifact"]["Artifact_1"]["ArtifactName"]
    # config.yaml declares no SupportRegionIds for the chart (nor do the corpus's 9 HelmChart
    # artifacts): computenest-cli sends none; nestgen publish sends the templates' regions.
    assert artifact.get("SupportRegionIds", []) == []
    assert artifact["ArtifactProperty"] == {
        "RepoName": "jupyterhub",
        "Tag": "4.0.0",
        "RepoId": "crr-1",
        "RepoType": "Public",
    }


def test_service_info_templates_and_operations_read_as_meant(cli_run: CliRun, built: Path) -> None:
    request = _service_request(cli_run)
    spec = yamlio.load_file(REPO / "service_config" / "jupyterhub.yaml").data
    infos = {i["Locale"]: i for i in request["ServiceInfo"]}
    assert sorted(infos) == ["en-US", "zh-CN"]
    for locale, info in infos.items():
        assert info["Name"] == spec["service"]["info"][locale]["name"]
        assert info["Image"] == FILES + "resources/icons/service_logo.png"
    assert request["DeployType"] == "ros" and request["ServiceType"] == "private"
    deploy = json.loads(request["DeployMetadata"])
    (template,) = deploy["TemplateConfigs"]
    assert template["Url"] == FILES + "ros_templates/template.yaml"
    relation = deploy["SupplierDeployMetadata"]["HelmChartArtifactRelation"]
    assert relation == {
        "{{ computenest::helmchart::jupyterhub }}": {
            "ArtifactId": ARTIFACT_ID,
            "ArtifactVersion": "draft",
        }
    }
    # The operation parameters it sends are parameters of the template it uploads.
    parameters = yamlio.load_file(built / "ros_templates" / "template.yaml").data["Parameters"]
    operation = json.loads(request["OperationMetadata"])
    (modify,) = operation["ModifyParametersConfig"]
    assert modify["TemplateName"] == template["Name"]
    for op in modify["Operation"]:
        assert set(op["Parameters"]) <= set(parameters)


def test_create_service_fields_match_what_nestgen_sends(cli_run: CliRun, built: Path) -> None:
    """The same fields nestgen publish sends, but for what computenest-cli 1.9.17 leaves out."""
    request = _service_request(cli_run)
    pkg = load_package(built)
    urls = {path: FILES + path for path in pkg.files}
    ours = build_payload(pkg, urls, {}).comparable()
    deploy = json.loads(request["DeployMetadata"])
    relations = deploy["SupplierDeployMetadata"]["HelmChartArtifactRelation"]
    for key in relations:  # nestgen fills these from its own artifact step
        relations[key] = ours["DeployMetadata"]["SupplierDeployMetadata"][
            "HelmChartArtifactRelation"
        ][key]
    theirs = {
        "DeployType": request["DeployType"],
        "ServiceType": request["ServiceType"],
        "ServiceInfo": sorted(request["ServiceInfo"], key=lambda i: i["Locale"]),
        "DeployMetadata": deploy,
        "OperationMetadata": json.loads(request["OperationMetadata"]),
    }
    for info in theirs["ServiceInfo"]:
        assert info.pop("Softwares") == [] and info.pop("Agreements", []) == []
    # computenest-cli 1.9.17 does not send ServiceInfo.LongDescriptionUrl (nor uploads the
    # guide), nor the names per locale (ServiceLocaleConfigs, which nestgen sends with the
    # UpdateService after the create); nestgen does. Everything else is the same.
    for info in ours["ServiceInfo"]:
        assert info.pop("LongDescriptionUrl").startswith(FILES + "docs/index")
    assert {c["OriginalValue"] for c in ours.pop("ServiceLocaleConfigs")} >= {"JupyterHub on ACK"}
    assert "ServiceLocaleConfigs" not in request
    assert theirs == ours
