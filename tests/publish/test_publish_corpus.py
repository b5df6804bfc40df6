"""The hand-written JupyterHub package from the corpus publishes and republishes cleanly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fakecloud import FakeCloud
from publish_helpers import ICON, plan, publish
from publish_servers import chart_archive

pytestmark = pytest.mark.integration


def _jupyterhub(corpus: Path, tmp_path: Path) -> Path:
    source = corpus / "computenest" / "aliyun-computenest+jupyterhub"
    root = tmp_path / "jupyterhub"
    shutil.copytree(source, root)
    base = root / ".computenest"
    (base / "resources" / "icons").mkdir(parents=True)
    (base / "resources" / "icons" / "service_logo.png").write_bytes(ICON)
    charts = base / "resources" / "artifact_resources" / "helm_chart"
    charts.mkdir(parents=True)
    (charts / "jupyterhub-4.0.0.tgz").write_bytes(chart_archive("jupyterhub", "4.0.0"))
    return root


def test_corpus_jupyterhub_round_trip(corpus: Path, tmp_path: Path, env, fake: FakeCloud):
    """Its lint findings (one-colon ZoneId W4001, committed password W3009) are warnings:
    the package deploys today, so publishing is not refused."""
    root = _jupyterhub(corpus, tmp_path)
    first = publish(root, env, service_name="JupyterHub (nestgen test)")
    assert first.log.pushes == ["computenest/jupyterhub:4.0.0"]
    (service,) = fake.services.values()
    assert service["ServiceInfos"][0]["Name"] == "JupyterHub (nestgen test)"
    assert "${Artifact" not in service["DeployMetadata"]
    before = len(fake.journal)
    again = publish(root, env, service_name="JupyterHub (nestgen test)")
    assert again.result is None and len(fake.journal) - before == 3
    checked = plan(root, env, validate=True, service_name="JupyterHub (nestgen test)")
    assert [c.ok for c in checked.checks] == [True]
