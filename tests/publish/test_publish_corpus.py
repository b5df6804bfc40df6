"""The hand-written JupyterHub package from the corpus publishes and republishes cleanly."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fakecloud import FakeCloud
from publish_helpers import ICON, plan, publish
from publish_servers import chart_archive

from nestgen.errors import CheckFailed

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


# The two defects the linter finds in the hand-written package, and their repairs.
DEFECTS = {
    "E4001": (
        "AssociationProperty: ALIYUN::ECS::Instance:ZoneId",
        "AssociationProperty: ALIYUN::ECS::Instance::ZoneId",
    ),
    "E3009": ("    Default: computenest*12345\n", ""),
}


def _repair(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    for bad, good in DEFECTS.values():
        assert text.count(bad) == 1, bad
        text = text.replace(bad, good)
    template.write_text(text, encoding="utf-8")


def test_corpus_jupyterhub_round_trip(corpus: Path, tmp_path: Path, env, fake: FakeCloud):
    root = _jupyterhub(corpus, tmp_path)
    with pytest.raises(CheckFailed) as refused:
        publish(root, env, service_name="JupyterHub (nestgen test)")
    message = str(refused.value)
    assert message.startswith("2 lint error(s); nothing was published")
    assert sorted(set(re.findall(r"\b[EW]\d{4}\b", message))) == sorted(DEFECTS)
    assert ".computenest/ros_templates/template.yaml:" in message and fake.journal == []

    _repair(root / ".computenest" / "ros_templates" / "template.yaml")
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
