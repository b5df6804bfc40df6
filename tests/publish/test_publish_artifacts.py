"""Artifacts without a chart: ECS and container images, scripts, files; regions; reruns.

These run the real SDK clients against the fake with no registry, so they are unit tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fakecloud import FakeCloud
from publish_helpers import IMAGES_TEMPLATE, REPO, plan, publish, write_package

from nestgen.errors import CheckFailed, InputError, NestgenError
from nestgen.publish.package import load_package

FIVE = ("cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen", "ap-southeast-1")


def _images(root: Path, **kw) -> Path:
    return write_package(root, chart=None, images=True, template=IMAGES_TEMPLATE, **kw)


def _created(fake: FakeCloud) -> dict[str, dict]:
    """CreateArtifact requests by ArtifactType (the last one of each)."""
    return {
        e.params["ArtifactType"]: e.params
        for e in fake.journal
        if e.action == "CreateArtifact" and e.status == 200
    }


def test_image_and_script_relations_get_artifact_steps(tmp_path: Path, bare):
    fake, env = bare
    fake.registry_tags = lambda name: ["1.0"] if name == "demo/app" else []
    pkg = _images(tmp_path / "pkg")
    planned = plan(pkg, env)
    kinds = [(s.type, s.action) for s in planned.of("artifact")]
    assert sorted(kinds) == [("AcrImage", "create"), ("EcsImage", "create"), ("Script", "create")]
    assert "${" not in "".join(planned.service.diff)
    publish(pkg, env)
    created = _created(fake)
    assert json.loads(created["EcsImage"]["ArtifactProperty"]) == {
        "RegionId": "cn-hangzhou",
        "ImageId": "m-demo0001",
    }
    image = json.loads(created["AcrImage"]["ArtifactProperty"])
    assert image["RepoName"] == "demo/app" and image["Tag"] == "1.0" and image["RepoId"]
    script = json.loads(created["Script"]["ArtifactProperty"])
    assert json.loads(script["ScriptMetadata"])["Script"] == "echo hello"
    (service,) = fake.services.values()
    meta = json.loads(service["DeployMetadata"])
    assert "${" not in service["DeployMetadata"]
    supplier = meta["SupplierDeployMetadata"]
    ids = {a["ArtifactType"]: a["ArtifactId"] for a in fake.artifacts.values()}
    assert supplier["ArtifactRelation"]["ecs_image_demo"]["ArtifactId"] == ids["EcsImage"]
    assert supplier["ArtifactRelation"]["setup_script"]["ArtifactId"] == ids["Script"]
    acr = supplier["AcrImageArtifactRelation"]["{{ computenest::acrimage::app }}"]
    assert acr == {"ArtifactId": ids["AcrImage"], "ArtifactVersion": "draft"}
    before = len(fake.journal)
    assert publish(pkg, env).result is None
    again = [e.action for e in fake.journal[before:]]
    assert again == ["ListServices", "GetService"] + ["ListArtifactVersions"] * 3


def test_an_image_that_is_not_in_the_registry_is_refused(tmp_path: Path, bare):
    fake, env = bare
    with pytest.raises(InputError, match=r"demo/app:1\.0 is not in Compute Nest's registry"):
        publish(_images(tmp_path / "pkg"), env)
    assert "CreateService" not in fake.calls()


def test_artifacts_support_the_regions_the_templates_allow(tmp_path: Path, bare):
    fake, env = bare
    fake.registry_tags = lambda name: ["1.0"]
    pkg = _images(tmp_path / "pkg", regions=FIVE, app_file=b"app v1")
    publish(pkg, env)
    created = [e.params for e in fake.journal if e.action == "CreateArtifact"]
    assert len(created) == 4
    assert all(p["SupportRegionIds"] == list(FIVE) for p in created)
    writes = len(fake.writes())
    _images(pkg, regions=FIVE[:2], app_file=b"app v1")  # fewer regions, same content
    publish(pkg, env)
    updated = [e.params for e in fake.journal[-20:] if e.action == "UpdateArtifact"]
    assert (
        fake.writes()[writes:].count("UpdateArtifact") == 4
        and "CreateArtifact" not in (fake.writes()[writes:])
    )
    assert all(p["SupportRegionIds"] == list(FIVE[:2]) for p in updated)


def test_uploads_of_a_failed_first_publish_are_recognised(tmp_path: Path, bare):
    fake, env = bare
    fake.registry_tags = lambda name: ["1.0"]
    pkg = _images(tmp_path / "pkg", app_file=b"app v1")
    fake.fail_next("CreateService", "400")  # the first run stops before the service exists
    with pytest.raises(NestgenError, match="CreateService failed"):
        publish(pkg, env)
    puts, objects = len(fake.puts()), dict(fake.objects)
    assert puts == 3  # the file artifact, the template, the icon
    publish(pkg, env)
    assert len(fake.puts()) == puts and fake.objects == objects  # no re-upload, no orphan
    assert len(fake.services) == 1 and len(fake.artifacts) == 4


def test_an_unresolved_artifact_reference_is_refused_and_linted(tmp_path: Path, bare):
    fake, env = bare
    pkg = _images(tmp_path / "pkg")
    config = (pkg / "config.yaml").read_text()
    (pkg / "config.yaml").write_text(
        config.replace("Artifact_5.ArtifactId", "Artifact_9.ArtifactId")
    )
    with pytest.raises(CheckFailed, match=r"E6007 \$\{Artifact.Artifact_9.ArtifactId\}"):
        plan(pkg, env)  # the lint gate, before any call
    assert fake.journal == []
    with pytest.raises(InputError, match=r"Artifact_9.*names no artifact") as caught:
        load_package(pkg)  # and the package reader on its own
    assert caught.value.location is not None and caught.value.location.line > 1
    lint = subprocess.run(
        [sys.executable, "-m", "nestgen", "lint", str(pkg / "config.yaml")],
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 1 and "E6007" in lint.stdout, lint.stdout + lint.stderr
