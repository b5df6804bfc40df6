"""A fault at every request position: a clear error or success, and a rerun converges."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakecloud import Server
from publish_helpers import env_for, publish, write_package

from nestgen.errors import NestgenError

pytestmark = pytest.mark.integration


def _converged(fake) -> None:
    assert len(fake.services) == 1
    assert len(fake.artifacts) == 1
    (artifact,) = fake.artifacts.values()
    assert list(artifact["versions"]) == ["draft"]
    (service,) = fake.services.values()
    assert service["Status"] == "Draft"


def _positions(make_cloud, tmp_path: Path, chart_file: Path) -> int:
    fake = make_cloud()
    with Server(fake) as server:
        publish(
            write_package(tmp_path / "probe"),
            env_for(fake, server, tmp_path),
            charts={"demo": chart_file},
        )
    return len(fake.journal)


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        ("drop-after", 1),
        ("drop-after", 4),
        ("500", 4),
        ("throttle", 1),
        ("drop", 4),
        ("400", 1),
        ("timeout", 1),
    ],
)
def test_fault_at_every_position_converges(kind, count, make_cloud, tmp_path, chart_file):
    total = _positions(make_cloud, tmp_path, chart_file)
    assert total >= 10
    for position in range(total):
        fake = make_cloud(timeout_sleep=1.3)
        fake.inject(position, kind, count)
        with Server(fake) as server:
            env = env_for(fake, server, tmp_path)
            pkg = write_package(tmp_path / f"pkg-{kind}-{count}-{position}")
            try:
                publish(pkg, env, charts={"demo": tmp_path / chart_file})
            except NestgenError as exc:
                assert "\n" not in str(exc) and "Traceback" not in str(exc)
            else:
                _converged(fake)
            publish(pkg, env, charts={"demo": chart_file})
            _converged(fake)
            writes = len(fake.writes())
            again = publish(pkg, env, charts={"demo": chart_file})
            assert again.result is None and len(fake.writes()) == writes, (kind, position)


def _released(fake) -> None:
    assert len(fake.services) == 1 and len(fake.artifacts) == 4
    for artifact in fake.artifacts.values():
        assert list(artifact["versions"]) == ["1"], artifact
        assert artifact["versions"]["1"]["Status"] == "Available"
    (service,) = fake.services.values()
    assert (
        service["Status"] == "Draft"
        and '"ArtifactVersion": "draft"' not in (service["DeployMetadata"])
    )


@pytest.mark.parametrize(("kind", "count"), [("drop-after", 1), ("500", 4), ("throttle", 1)])
def test_faults_in_a_release_of_images_and_files_converge(kind, count, tmp_path):
    """Every position of a chartless --release publish: HEADs, UpdateArtifact, ReleaseArtifact,
    the GetArtifact polls; a rerun leaves one released version per artifact."""
    from fakecloud import FakeCloud
    from publish_helpers import IMAGES_TEMPLATE

    def package(name: str):
        return write_package(
            tmp_path / name, chart=None, images=True, template=IMAGES_TEMPLATE, app_file=b"app"
        )

    def cloud() -> FakeCloud:
        return FakeCloud(registry_tags=lambda name: ["1.0"])

    probe = cloud()
    with Server(probe) as server:
        publish(package("probe"), env_for(probe, server, tmp_path), release=True)
    new = ("ListAcrImageTags", "UpdateArtifact", "ReleaseArtifact", "GetArtifact", "HEAD")
    positions = [e.index for e in probe.journal if e.action.startswith(new)]
    assert {probe.journal[i].action.split()[0] for i in positions} >= {"ReleaseArtifact", "HEAD"}
    for position in positions:
        fake = cloud()
        fake.inject(position, kind, count)
        with Server(fake) as server:
            env = env_for(fake, server, tmp_path)
            pkg = package(f"pkg-{kind}-{position}")
            try:
                publish(pkg, env, release=True)
            except NestgenError as exc:
                assert "\n" not in str(exc) and "Traceback" not in str(exc)
            else:
                _released(fake)
            publish(pkg, env, release=True)
            _released(fake)
            writes = len(fake.writes())
            again = publish(pkg, env, release=True)
            assert again.result is None and len(fake.writes()) == writes, (kind, position)
