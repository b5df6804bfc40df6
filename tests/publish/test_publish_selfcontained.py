"""``nestgen build --out DIR && nestgen plan DIR`` needs nothing outside DIR.

The JupyterHub spec (its chart repository pointed at a Helm repository on 127.0.0.1 that
serves the real chart archive) is built, DIR is moved to a folder of its own, the spec and
its files are deleted, and ``nestgen plan DIR`` runs from another working folder, with an
empty home and chart cache, against the fake Compute Nest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fakecloud import FakeCloud
from publish_helpers import REPO
from publish_servers import HelmRepo

pytestmark = pytest.mark.integration


def _real_chart() -> Path:
    for parent in REPO.parents:
        candidate = parent / "shared" / "charts" / "jupyterhub-4.0.0.tgz"
        if candidate.is_file():
            return candidate
    pytest.skip("the real chart archive (shared/charts/jupyterhub-4.0.0.tgz) is not here")


def _nestgen(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    full = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **env}
    return subprocess.run(
        [sys.executable, "-m", "nestgen", *args],
        cwd=cwd, env=full, text=True, capture_output=True, timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_a_built_package_plans_with_nothing_outside_it(
    tmp_path: Path, env: dict[str, str], fake: FakeCloud
) -> None:
    repo = HelmRepo(tmp_path / "helmrepo")
    try:
        repo.publish("jupyterhub", "4.0.0", _real_chart().read_bytes())
        source = tmp_path / "source"
        for name in ("service_config", "helm"):
            shutil.copytree(REPO / name, source / name)
        spec = source / "service_config" / "jupyterhub.yaml"
        text = spec.read_text(encoding="utf-8")
        assert text.count("repository: https://hub.jupyter.org/helm-chart/") == 1
        spec.write_text(text.replace("https://hub.jupyter.org/helm-chart/", repo.url))

        built = _nestgen(["build", str(spec), "--out", str(tmp_path / "out")], env, source)
        assert built.returncode == 0, built.stderr
        alone = tmp_path / "elsewhere" / "package"
        alone.parent.mkdir()
        shutil.move(tmp_path / "out", alone)
        shutil.rmtree(source)  # the spec, its hub settings and its values file are gone
        cwd = tmp_path / "cwd"
        cwd.mkdir()
        cache = Path(env["XDG_CACHE_HOME"])
        assert not cache.exists() or not any(cache.rglob("*.tgz"))  # nothing cached beforehand

        result = _nestgen(["plan", str(alone), "--region", "cn-hangzhou"], env, cwd)
    finally:
        repo.shutdown()
    assert result.returncode == 0, result.stderr
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "create artifact jupyterhub-helm-chart: chart jupyterhub 4.0.0" in " ".join(lines)
    for path in ("ros_templates/template.yaml", "resources/icons/service_logo.png",
                 "docs/index.md", "docs/index.en-US.md"):  # fmt: skip
        assert any(line.startswith(f"upload file {path} -> ") for line in lines), result.stdout
    assert "create service JupyterHub 社区版" in lines, result.stdout
    assert fake.writes() == []  # plan is read-only
    assert sorted(os.listdir(cwd)) == []  # and writes nothing where it runs
