"""computenest-cli, the official tool, loads the package ``nestgen build --out DIR`` writes.

Its own ``import`` command runs in-process over DIR: the config reader, the checks it makes
before any call (``CheckProcessor``), its artifact processor (the HelmRepo builder) and the
requests it builds with the real SDK models. Only its three ways out are answered here: the
Compute Nest client factory (a recorder that returns real SDK response models), OSS uploads
(``FileService.put_file``) and shell commands (``helm``). No network is used (the test
conftest refuses any connection off loopback).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nestgen import yamlio
from nestgen.publish.package import load_package
from nestgen.publish.payload import build_payload

REPO = Path(__file__).resolve().parents[2]
FILES = "https://files.invalid/"
ARTIFACT_ID = "artifact-0123456789abcdef"

cli_main = pytest.importorskip(
    "computenestcli.main",
    reason="computenest-cli is not installed (scripts/install-test-deps installs it)",
)
from alibabacloud_computenestsupplier20210521 import models as sdk  # noqa: E402
from computenestcli.common.util import Util  # noqa: E402
from computenestcli.service.base import Service  # noqa: E402
from computenestcli.service.file import FileService  # noqa: E402

ANSWERS: dict[str, dict[str, Any]] = {
    "ListArtifacts": {"Artifacts": []},
    "ListServices": {"Services": []},
    "GetArtifactRepositoryCredentials": {
        "Credentials": {"Username": "user", "Password": "not-a-secret"},
        "AvailableResources": [
            {"RepositoryName": "registry.invalid", "Path": "registry.invalid/ns/repo"}
        ],
    },
    "ListAcrImageRepositories": {"Repositories": [{"RepoName": "jupyterhub", "RepoId": "crr-1"}]},
    "CreateArtifact": {"ArtifactId": ARTIFACT_ID},
    "ListArtifactVersions": {"Artifacts": [{"ArtifactVersion": "draft", "Status": "Created"}]},
    "GetUploadCredentials": {"Data": {"BucketName": "b", "Key": "k", "RegionId": "cn-hangzhou"}},
    "CreateService": {"ServiceId": "service-0123456789abcdef"},
    "ListServiceTestCases": {"Data": []},
}


class Recorder:
    """Stands for the SDK client: records each request, answers with a real response model."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._lock = threading.Lock()

    def __getattr__(self, method: str) -> Any:
        action = "".join(part.capitalize() for part in method.split("_"))

        def call(request: Any, *_: Any) -> Any:
            with self._lock:
                self.calls.append((action, request.to_map()))
            if action not in ANSWERS:
                raise AssertionError(f"computenest-cli called {action}, which this test lacks")
            response = getattr(sdk, f"{action}Response")()
            return response.from_map({"statusCode": 200, "headers": {}, "body": ANSWERS[action]})

        return call

    def requests(self, action: str) -> list[dict[str, Any]]:
        return [request for name, request in self.calls if name == action]


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
    def __init__(self, root: Path) -> None:
        self.root = root
        self.client = Recorder()
        self.uploads: list[str] = []
        self.commands: list[tuple[str, str]] = []


@pytest.fixture(scope="module")
def cli_run(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliRun]:
    """``computenest-cli import --file_path DIR/config.yaml`` in-process, on a copy of DIR."""
    root = tmp_path_factory.mktemp("cli") / "jupyterhub"
    shutil.copytree(built, root)
    run = CliRun(root)

    def put_file(_credentials: Any, file_path: str, _kind: str) -> str:
        relative = Path(file_path).resolve().relative_to(root.resolve()).as_posix()
        run.uploads.append(relative)
        return FILES + relative

    def run_cli_command(command: Any, cwd: Any) -> tuple[bytes, bytes]:
        run.commands.append((str(command), str(cwd)))
        return b"", b""

    patch = pytest.MonkeyPatch()
    patch.setattr(Service, "_get_computenest_client", classmethod(lambda cls, ctx: run.client))
    patch.setattr(FileService, "put_file", classmethod(lambda cls, *a: put_file(*a)))
    patch.setattr(Util, "run_cli_command", staticmethod(run_cli_command))
    args = ["--file_path", str(root / "config.yaml"), "--region_id", "cn-hangzhou",
            "--access_key_id", "AKID-test", "--access_key_secret", "not-a-secret"]  # fmt: skip
    try:
        cli_main.import_command.main(args, standalone_mode=False)
    finally:
        patch.undo()
    yield run


def _service_request(run: CliRun) -> dict[str, Any]:
    requests = run.client.requests("CreateService")
    assert len(requests) == 1, run.client.calls
    return requests[0]


def test_computenest_cli_accepts_the_package(cli_run: CliRun) -> None:
    actions = [name for name, _ in cli_run.client.calls]
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
    (command, _cwd), *rest = cli_run.commands
    assert rest == []
    steps = command.split(" && ")
    assert steps[0] == f"helm repo add hub.jupyter.org {builder['HelmRepoUrl']}"
    assert steps[1] == "helm pull hub.jupyter.org/jupyterhub --version 4.0.0"
    assert steps[3] == "helm push jupyterhub-4.0.0.tgz oci://registry.invalid/ns"
    (artifact,) = cli_run.client.requests("CreateArtifact")
    assert artifact["ArtifactType"] == "HelmChart"
    assert artifact["Name"] == config["Artifact"]["Artifact_1"]["ArtifactName"]
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
    # guide); nestgen does. Everything else is the same.
    for info in ours["ServiceInfo"]:
        assert info.pop("LongDescriptionUrl").startswith(FILES + "docs/index")
    assert theirs == ours
