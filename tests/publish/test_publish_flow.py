"""First publish, no-op republish, changed template, new chart version, --release."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakecloud import FakeCloud
from publish_helpers import TEMPLATE, publish, write_package
from publish_servers import chart_archive

pytestmark = pytest.mark.integration


def test_first_publish_creates_everything(tmp_path: Path, env, fake: FakeCloud, chart_file):
    pkg = write_package(tmp_path / "pkg")
    outcome = publish(pkg, env, charts={"demo": chart_file})
    assert len(fake.services) == 1 and len(fake.artifacts) == 1
    service = next(iter(fake.services.values()))
    assert service["Status"] == "Draft"
    assert sorted(fake.writes()) == ["CreateArtifact", "CreateService"]
    assert len(fake.puts()) == 2  # template + icon (shared by both locales)
    assert outcome.log.pushes == ["computenest/demo:0.1.0"]


def test_republish_is_a_noop(tmp_path: Path, env, fake: FakeCloud, chart_file):
    pkg = write_package(tmp_path / "pkg")
    publish(pkg, env, charts={"demo": chart_file})
    before = len(fake.journal)
    outcome = publish(pkg, env, charts={"demo": chart_file})
    again = fake.journal[before:]
    assert outcome.result is None
    assert [e.action for e in again] == ["ListServices", "GetService", "ListArtifactVersions"]
    assert not outcome.log.uploads and not outcome.log.pushes


def test_changed_template_is_one_upload_and_one_update(tmp_path: Path, env, fake, chart_file):
    pkg = write_package(tmp_path / "pkg")
    publish(pkg, env, charts={"demo": chart_file})
    writes, uploads = len(fake.writes()), len(fake.puts())
    (pkg / "ros_templates" / "template.yaml").write_text(TEMPLATE + "Outputs: {}\n")
    outcome = publish(pkg, env, charts={"demo": chart_file})
    assert fake.writes()[writes:] == ["UpdateService"]
    assert len(fake.puts()) == uploads + 1
    assert outcome.log.uploads[0].startswith("template-")
    assert not outcome.log.pushes
    assert len(fake.services) == 1 and len(fake.artifacts) == 1


def _newer(tmp_path: Path, pkg: Path, version: str = "0.2.0") -> Path:
    newer = tmp_path / f"demo-{version}.tgz"
    newer.write_bytes(chart_archive("demo", version))
    write_package(pkg, chart_version=version)
    return newer


def test_new_chart_version_updates_the_unreleased_draft(tmp_path: Path, env, fake, chart_file):
    pkg = write_package(tmp_path / "pkg")
    publish(pkg, env, charts={"demo": chart_file})
    writes = len(fake.writes())
    outcome = publish(pkg, env, charts={"demo": _newer(tmp_path, pkg)})
    assert outcome.log.pushes == ["computenest/demo:0.2.0"]
    assert fake.writes()[writes:] == ["UpdateArtifact"]  # the service still names the draft
    (artifact,) = fake.artifacts.values()
    assert list(artifact["versions"]) == ["draft"]
    assert artifact["versions"]["draft"]["VersionName"].startswith("0.2.0-")
    assert not outcome.log.uploads
    meta = next(iter(fake.services.values()))["DeployMetadata"]
    assert '"ArtifactVersion": "draft"' in meta


def test_new_chart_version_after_a_release_is_a_new_draft(tmp_path: Path, env, fake, chart_file):
    pkg = write_package(tmp_path / "pkg")
    publish(pkg, env, charts={"demo": chart_file}, release=True)
    writes = len(fake.writes())
    publish(pkg, env, charts={"demo": _newer(tmp_path, pkg)})
    assert fake.writes()[writes:] == ["CreateArtifact", "UpdateService"]
    (artifact,) = fake.artifacts.values()
    assert sorted(artifact["versions"]) == ["1", "draft"]
    meta = next(iter(fake.services.values()))["DeployMetadata"]
    assert '"ArtifactVersion": "draft"' in meta


def test_release_waits_for_available(tmp_path: Path, env, fake: FakeCloud, chart_file):
    pkg = write_package(tmp_path / "pkg")
    publish(pkg, env, charts={"demo": chart_file}, release=True)
    (artifact,) = fake.artifacts.values()
    assert (
        list(artifact["versions"]) == ["1"] and artifact["versions"]["1"]["Status"] == "Available"
    )
    assert "ReleaseArtifact" in fake.calls()
    polled = [e.params["ArtifactVersion"] for e in fake.journal if e.action == "GetArtifact"]
    assert len(polled) >= 3 and set(polled) == {"1"}  # the released version, never the draft
    assert all(e.status == 200 for e in fake.journal if e.kind == "api")
    (service,) = fake.services.values()
    assert '"ArtifactVersion": "1"' in service["DeployMetadata"]  # not the vanished draft
    writes = len(fake.writes())
    assert publish(pkg, env, charts={"demo": chart_file}, release=True).result is None
    assert len(fake.writes()) == writes


def test_release_of_a_published_draft_repoints_the_service(tmp_path: Path, env, fake, chart_file):
    pkg = write_package(tmp_path / "pkg")
    publish(pkg, env, charts={"demo": chart_file})
    (service,) = fake.services.values()
    assert '"ArtifactVersion": "draft"' in service["DeployMetadata"]
    writes = len(fake.writes())
    outcome = publish(pkg, env, charts={"demo": chart_file}, release=True)
    assert fake.writes()[writes:] == ["ReleaseArtifact", "UpdateService"]
    assert '"ArtifactVersion": "1"' in service["DeployMetadata"]
    assert not outcome.log.pushes and not outcome.log.uploads


def test_release_answer_without_a_version_is_looked_up(tmp_path: Path, env, fake, chart_file):
    """The docs' example answer of ReleaseArtifact shows ArtifactVersion "draft"."""
    fake.release_answer_draft = True
    publish(write_package(tmp_path / "pkg"), env, charts={"demo": chart_file}, release=True)
    (service,) = fake.services.values()
    assert '"ArtifactVersion": "1"' in service["DeployMetadata"]
    polled = {e.params["ArtifactVersion"] for e in fake.journal if e.action == "GetArtifact"}
    assert polled == {"1"}


def test_scan_failure_reports_the_status_detail(tmp_path: Path, env, fake: FakeCloud, chart_file):
    from nestgen.errors import RemoteError

    fake.scan_result = "ScanFailed"
    with pytest.raises(RemoteError, match="ScanFailed: security scan found critical"):
        publish(write_package(tmp_path / "pkg"), env, charts={"demo": chart_file}, release=True)
    assert fake.services == {}  # the service is not written on top of a failed artifact


def test_waiting_is_bounded(tmp_path: Path, env, fake: FakeCloud, chart_file):
    from nestgen.errors import RemoteError

    fake.settle_reads = 10_000
    env = {**env, "NESTGEN_POLL_INTERVAL": "0.2"}
    with pytest.raises(RemoteError, match=r"gave up waiting for service .* after 1s"):
        publish(write_package(tmp_path / "pkg"), env, charts={"demo": chart_file}, timeout=1)
    assert 3 <= fake.calls().count("GetService") <= 8


def test_listings_are_followed_across_pages(tmp_path: Path, env, fake: FakeCloud, chart_file):
    pkg = write_package(tmp_path / "pkg")
    publish(pkg, env, charts={"demo": chart_file}, release=True)
    newer = _newer(tmp_path, pkg)
    publish(pkg, env, charts={"demo": newer}, release=True)
    fake.page_size = 1
    writes = len(fake.writes())
    assert publish(pkg, env, charts={"demo": newer}, release=True).result is None
    assert len(fake.writes()) == writes
    assert fake.calls()[-2:] == ["ListArtifactVersions", "ListArtifactVersions"]


def test_file_artifact_round_trip(tmp_path: Path, env, fake: FakeCloud, chart_file):
    pkg = write_package(tmp_path / "pkg", app_file=b"app v1")
    first = publish(pkg, env, charts={"demo": chart_file})
    assert sorted(a["ArtifactType"] for a in fake.artifacts.values()) == ["File", "HelmChart"]
    assert len(first.log.uploads) == 3 and first.log.uploads[0].startswith("app-")
    before = len(fake.journal)
    assert publish(pkg, env, charts={"demo": chart_file}).result is None
    assert [e.action for e in fake.journal[before:]] == [
        "ListServices",
        "GetService",
        "ListArtifactVersions",
        "ListArtifactVersions",
    ]
    writes = len(fake.writes())
    write_package(pkg, app_file=b"app v2")
    changed = publish(pkg, env, charts={"demo": chart_file})
    assert fake.writes()[writes:] == ["UpdateArtifact"]  # the draft, which the service names
    assert len(changed.log.uploads) == 1 and not changed.log.pushes
    (service,) = fake.services.values()
    assert '"{{ computenest::file::app }}": {"ArtifactId"' in service["DeployMetadata"]
