"""Publishing from a real service spec: the built package, the chart lock, default PATH."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fakecloud import FakeCloud
from publish_helpers import REPO, publish, write_package, write_spec
from publish_servers import HelmRepo, chart_archive

from nestgen.errors import InputError, UsageError
from nestgen.package import build_package
from nestgen.publish.run import Target, run_plan
from nestgen.publish.source import Source
from nestgen.spec import load_spec

pytestmark = pytest.mark.integration


@pytest.fixture
def own_repo(tmp_path: Path) -> Iterator[HelmRepo]:
    """A Helm repository this test may change (the session one is shared)."""
    repo = HelmRepo(tmp_path / "helmrepo")
    repo.publish("demo", "0.1.0", chart_archive("demo", "0.1.0"))
    yield repo
    repo.shutdown()


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def test_publish_from_a_spec_writes_then_enforces_the_lock(
    tmp_path: Path, env, fake: FakeCloud, own_repo: HelmRepo
):
    spec = write_spec(tmp_path / "svc", own_repo.url)
    first = publish(spec, env)
    assert first.result is not None and first.log.pushes == ["computenest/demo:0.1.0"]
    pinned = _digest(chart_archive("demo", "0.1.0"))
    lock = yaml.safe_load((spec.parent / "demo.lock.yaml").read_text())
    assert lock == {"charts": {"demo": {"chart": "demo", "version": "0.1.0", "digest": pinned}}}
    assert load_spec(spec).artifacts[0].digest == pinned
    assert sorted(os.listdir(spec.parent)) == ["demo.lock.yaml", "demo.yaml"]
    (service,) = fake.services.values()
    assert service["ServiceInfos"][0]["Name"] == "nestgen-demo"

    writes = len(fake.writes())
    assert publish(spec, env).result is None and len(fake.writes()) == writes

    tampered = chart_archive("demo", "0.1.0", note="tampered")
    own_repo.publish("demo", "0.1.0", tampered)
    with pytest.raises(InputError, match="does not match the lock"):  # served from the cache
        publish(spec, env, charts={"demo": _write(tmp_path / "t.tgz", tampered)})
    for cached in (Path(env["XDG_CACHE_HOME"]) / "nestgen" / "charts").iterdir():
        cached.unlink()
    with pytest.raises(InputError, match="does not match the lock"):  # fetched again
        publish(spec, env)
    assert len(fake.writes()) == writes and load_spec(spec).artifacts[0].digest == pinned

    updated = publish(spec, env, update_lock=True)
    assert updated.log.pushes == ["computenest/demo:0.1.0"]
    assert load_spec(spec).artifacts[0].digest == _digest(tampered)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_digest_mismatch_through_the_cli(
    tmp_path: Path, env, fake: FakeCloud, helm_repo, capsys, monkeypatch: pytest.MonkeyPatch
):
    from nestgen.cli import run

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    spec = write_spec(tmp_path / "svc", helm_repo.url)
    (spec.parent / "demo.lock.yaml").write_text(
        "charts:\n  demo:\n    chart: demo\n    version: 0.1.0\n    digest: sha256:"
        + "1" * 64
        + "\n"
    )
    code = run(["publish", str(spec), "--region", "cn-hangzhou", "--yes"])
    err = capsys.readouterr().err
    assert code == 2 and fake.journal == []
    (line,) = [line for line in err.splitlines() if line.startswith("error:")]
    assert "does not match the lock" in line and "--update-lock" in line


def _repository(root: Path, repository: str) -> Path:
    """A repository whose pyproject.toml names its spec, as `nestgen build` reads it."""
    write_spec(root / "service_config", repository)
    (root / "pyproject.toml").write_text(
        '[tool.nestgen.build]\nspec = "service_config/demo.yaml"\n'
        'config_dir = "service_config"\ntemplates_dir = "ros_templates"\n'
    )
    return root


def test_no_path_in_a_repository_root_uses_the_configured_spec(
    tmp_path: Path, env, helm_repo: HelmRepo
):
    root = _repository(tmp_path / "repo", helm_repo.url)
    result = subprocess.run(
        [sys.executable, "-m", "nestgen", "plan"],
        cwd=root,
        text=True,
        capture_output=True,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **env},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Plan for region cn-hangzhou (from config.yaml Service.RegionId):\n"
    )
    assert "create       artifact demo-helm-chart: chart demo 0.1.0" in result.stdout
    assert "create       service nestgen-demo" in result.stdout
    assert not (root / "service_config" / "demo.lock.yaml").exists()  # plan writes nothing


def test_no_path_in_a_package_dir_and_elsewhere(
    tmp_path: Path, env, chart_file, monkeypatch: pytest.MonkeyPatch
):
    pkg = write_package(tmp_path / "pkg")
    monkeypatch.chdir(pkg)
    source = Source(charts={"demo": chart_file})
    plan, _ = run_plan(source, Target(), env, lambda _: None)
    assert (plan.region, plan.region_from, plan.service.name) == (
        "cn-hangzhou",
        "config.yaml Service.RegionId",
        "nestgen-demo",
    )
    given, _ = run_plan(source, Target(region="cn-hangzhou"), env, lambda _: None)
    assert given.region_from is None
    config = pkg / "config.yaml"
    config.write_text(config.read_text().replace("  RegionId: cn-hangzhou\n", "", 1))
    with pytest.raises(UsageError, match=r"give --region: config\.yaml has no Service\.RegionId"):
        run_plan(source, Target(), env, lambda _: None)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match=r"no \[tool.nestgen.build\] table"):
        run_plan(Source(), Target(), env, lambda _: None)


def test_generated_jupyterhub_package_end_to_end(tmp_path: Path, env, fake: FakeCloud):
    pkg = tmp_path / "jupyterhub"
    build_package(load_spec(None), pkg)
    chart = _write(tmp_path / "jupyterhub-4.0.0.tgz", chart_archive("jupyterhub", "4.0.0"))
    first = publish(pkg, env, charts={"jupyterhub": chart})
    assert first.result is not None
    assert first.log.pushes == ["computenest/jupyterhub:4.0.0"]
    # the logo, the template and the deployment guide in each locale (LongDescriptionUrl)
    assert sorted(u.split("-")[0] for u in first.log.uploads) == [
        "index",
        "index.en",
        "service_logo",
        "template",
    ]
    (service,) = fake.services.values()
    assert {i["Locale"] for i in service["ServiceInfos"]} == {"zh-CN", "en-US"}
    guides = {i["Locale"]: i["LongDescriptionUrl"] for i in service["ServiceInfos"]}
    assert guides["zh-CN"] != guides["en-US"]
    assert all(url.startswith(("http://", "https://")) for url in guides.values())
    assert "${Artifact" not in service["DeployMetadata"]
    assert len(fake.artifacts) == 1

    before, uploads = len(fake.journal), len(fake.puts())
    again = publish(pkg, env, charts={"jupyterhub": chart})
    assert again.result is None and not again.log.uploads and not again.log.pushes
    calls = [e.action for e in fake.journal[before:]]
    # 3 reads, and one more for the spec's test cases
    assert calls == ["ListServices", "GetService", "ListArtifactVersions", "ListServiceTestCases"]
    assert len(fake.puts()) == uploads


def test_jupyterhub_plan_publish_test_launch_journal(tmp_path: Path, env, fake: FakeCloud):
    """The JupyterHub package generated from the spec, with the spec's test matrix: plan,
    publish, test, launch, then a no-op; every call is needed (only polls repeat)."""
    from nestgen.publish.run import run_plan
    from nestgen.publish.servicetest import run_tests
    from nestgen.publish.wait import Progress

    pkg = tmp_path / "jupyterhub"
    build_package(load_spec(None), pkg)
    chart = _write(tmp_path / "jupyterhub-4.0.0.tgz", chart_archive("jupyterhub", "4.0.0"))
    source = Source(path=pkg, charts={"jupyterhub": chart})
    planned, _ = run_plan(source, Target(region="cn-hangzhou"), env, lambda _: None, launch=True)
    assert [(s.kind, s.action) for s in planned.steps] == [
        ("artifact", "create"),
        ("release", "release"),
        *[("file", "upload")] * 4,
        ("service", "create"),
        *[("testcase", "create")] * 4,
        ("launch", "pre-launch"),
    ]
    assert fake.writes() == [] and fake.puts() == []

    def journal(since: int) -> list[str]:
        return [e.action for e in fake.journal[since:] if e.kind == "api"]

    polls = ("GetArtifact", "GetService", "GetServiceTestTask", "ListServiceTestTaskLogs")
    start = len(fake.journal)
    publish(pkg, env, charts={"jupyterhub": chart})
    assert sorted(a for a in journal(start) if a not in polls) == sorted(
        [
            "ListServices",
            "ListArtifacts",
            *["GetUploadCredentials"] * 4,
            "GetArtifactRepositoryCredentials",
            "ListAcrImageRepositories",
            "CreateArtifact",
            "CreateService",
            "UpdateService",  # the template and operation names in both locales
            *["CreateServiceTestCase"] * 4,
        ]
    )
    (service,) = fake.services.values()
    zh = {c["OriginalValue"]: c["ZhValue"] for c in service["ServiceLocaleConfigs"]}
    assert zh["JupyterHub on ACK"] == "ACK 容器集群版"
    start = len(fake.journal)
    tested, _ = run_tests(
        source,
        Target(region="cn-hangzhou"),
        env,
        lambda _: None,
        wait=True,
        timeout=30,
        progress=Progress(io.StringIO()),
        echo=lambda _: None,
    )
    assert sorted(c.name for c in tested.cases if c.passed) == [
        "existcs-flannel",
        "existcs-terway",
        "newack-flannel",
        "newack-terway",
    ]
    assert journal(start)[:4] == [
        "ListServices",
        "GetService",
        "ListServiceTestCases",
        "CreateServiceTestTask",  # one region: one task for the four cases
    ]
    assert set(journal(start)[4:]) == {"GetServiceTestTask", "ListServiceTestTaskLogs"}
    start = len(fake.journal)
    outcome = publish(pkg, env, charts={"jupyterhub": chart}, launch=True)
    assert sorted(a for a in journal(start) if a not in polls) == sorted(
        [
            "ListServices",
            "ListArtifactVersions",
            "ListServiceTestCases",
            "ListServices",  # AllVersions, planning the launch
            "ReleaseArtifact",
            "UpdateService",  # the service repointed to the released chart
            "ListServiceTestTasks",  # the last test task of this version passed
            "PreLaunchService",
            "ListServices",  # AllVersions: the version the pre-launch made
            "LaunchService",
        ]
    )
    assert not outcome.log.pushes and not outcome.log.uploads
    (service,) = fake.services.values()
    assert {v: s["Status"] for v, s in service["versions"].items()} == {"1": "Online"}
    (artifact,) = fake.artifacts.values()
    assert list(artifact["versions"]) == ["1"]
    assert '"ArtifactVersion": "1"' in service["versions"]["1"]["DeployMetadata"]
    before = len(fake.journal)
    again = publish(pkg, env, charts={"jupyterhub": chart}, launch=True)
    assert again.result is None
    assert journal(before) == [
        "ListServices",
        "GetService",
        "ListArtifactVersions",
        "ListServiceTestCases",  # the cases the new draft inherited
        "ListServices",
        "GetService",  # the Online version, compared with the package
    ]
