"""Runs computenest-cli's own ``import`` over a package, answering only its ways out.

Usage: ``python cnc_import.py PACKAGE_DIR REPORT_JSON``. Run in a process of its own:
computenest-cli configures logging for the whole process when imported, which must not reach
the test process; its log files (which its log.conf puts in /tmp) go beside the report.

Its three ways out are answered here: the Compute Nest client factory (a recorder that gets
the real SDK request models computenest-cli builds and returns real SDK response models),
OSS uploads (``FileService.put_file``) and shell commands (``helm``). Everything else is
computenest-cli's own code: the config reader, ``CheckProcessor``, the artifact processor
with the HelmRepo builder, the service processor and the request construction.
"""

from __future__ import annotations

import json
import logging.handlers
import sys
import threading
from pathlib import Path
from typing import Any

LOGS = Path(sys.argv[2]).parent / "computenest-cli-logs" if len(sys.argv) > 2 else Path.cwd()


class _LogHere(logging.handlers.RotatingFileHandler):
    """computenest-cli's log.conf names files in /tmp; they go beside the report instead."""

    def __init__(self, filename: str, *args: Any, **kwargs: Any) -> None:
        LOGS.mkdir(parents=True, exist_ok=True)
        super().__init__(str(LOGS / Path(filename).name), *args, **kwargs)


logging.handlers.RotatingFileHandler = _LogHere  # type: ignore[misc]  # before computenestcli

from alibabacloud_computenestsupplier20210521 import models as sdk  # noqa: E402
from computenestcli import main as cli_main  # noqa: E402
from computenestcli.common.util import Util  # noqa: E402
from computenestcli.service.base import Service  # noqa: E402
from computenestcli.service.file import FileService  # noqa: E402

FILES = "https://files.invalid/"
ARTIFACT_ID = "artifact-0123456789abcdef"
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
        self.unknown: list[str] = []
        self._lock = threading.Lock()

    def __getattr__(self, method: str) -> Any:
        action = "".join(part.capitalize() for part in method.split("_"))

        def call(request: Any, *_: Any) -> Any:
            with self._lock:
                self.calls.append((action, request.to_map()))
            if action not in ANSWERS:
                self.unknown.append(action)
                raise RuntimeError(f"computenest-cli called {action}, which this driver lacks")
            response = getattr(sdk, f"{action}Response")()
            return response.from_map({"statusCode": 200, "headers": {}, "body": ANSWERS[action]})

        return call


def run(root: Path) -> dict[str, Any]:
    client = Recorder()
    uploads: list[str] = []
    commands: list[str] = []

    def put_file(_cls: Any, _credentials: Any, file_path: str, _kind: str) -> str:
        relative = Path(file_path).resolve().relative_to(root.resolve()).as_posix()
        uploads.append(relative)
        return FILES + relative

    def run_cli_command(command: Any, cwd: Any) -> tuple[bytes, bytes]:
        commands.append(str(command))
        return b"", b""

    Service._get_computenest_client = classmethod(lambda cls, ctx: client)  # type: ignore[method-assign,assignment]
    FileService.put_file = classmethod(put_file)  # type: ignore[method-assign,assignment]
    Util.run_cli_command = staticmethod(run_cli_command)  # type: ignore[method-assign]
    args = ["--file_path", str(root / "config.yaml"), "--region_id", "cn-hangzhou",
            "--access_key_id", "AKID-test", "--access_key_secret", "not-a-secret"]  # fmt: skip
    error = None
    try:
        cli_main.import_command.main(args, standalone_mode=False)
    except Exception as exc:  # reported, asserted on by the test
        error = f"{type(exc).__name__}: {exc}"
    return {
        "calls": client.calls,
        "unknown": client.unknown,
        "uploads": uploads,
        "commands": commands,
        "error": error,
    }


if __name__ == "__main__":
    report = run(Path(sys.argv[1]))
    Path(sys.argv[2]).write_text(json.dumps(report, ensure_ascii=False, indent=1))
