"""Spec ``images: acr``: the images a chart's values pull are copied into Compute Nest's
registry as AcrImage artifacts, pinned in the lock, and the values point at them.

The sources are a second, anonymous docker-registry holding small synthetic images (one an
index of two platforms); the target is the htpasswd registry behind the fake's
GetArtifactRepositoryCredentials.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fakecloud import FakeCloud, Server
from publish_helpers import env_for, plan, publish, write_spec
from publish_servers import FaultFront, HelmRepo, RegistryProcess, chart_archive, push_image

from nestgen.cloud.oci import Registry
from nestgen.errors import NestgenError
from nestgen.publish.plan import render_text
from nestgen.spec import load_spec

pytestmark = pytest.mark.integration
VERSION = "0.7.0"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory, registry: RegistryProcess) -> Iterator:
    """An anonymous registry with ``src/app:1`` (amd64 + arm64) and ``src/side:2``."""
    process = RegistryProcess(tmp_path_factory.mktemp("sources"), auth=False)
    process.start()
    digests = {
        "app": push_image(process.host, "src/app", "1", ("amd64", "arm64")),
        "side": push_image(process.host, "src/side", "2"),
    }
    yield process, digests
    process.stop()


@pytest.fixture(scope="module")
def chart_values(sources) -> str:
    host = sources[0].host
    return (
        f"app:\n  image: {{name: {host}/src/app, tag: '1'}}\n"
        f"worker:\n  image: {{name: {host}/src/app, tag: '1'}}\n"
        f"side:\n  image: {{name: {host}/src/side, tag: '2'}}\n"
    )


@pytest.fixture
def spec(tmp_path: Path, helm_repo: HelmRepo, chart_values: str) -> Path:
    helm_repo.publish("demo", VERSION, chart_archive("demo", VERSION, "images", chart_values))
    path = write_spec(tmp_path / "spec", helm_repo.url, VERSION)
    path.write_text(path.read_text().replace("artifacts:", "images: acr\nartifacts:"))
    return path


@pytest.fixture
def own(registry: RegistryProcess, tmp_path: Path) -> Iterator[tuple[FakeCloud, dict, str]]:
    """A fake whose registry namespace no other test uses, so every image is copied."""
    namespace = "ns" + secrets.token_hex(4)
    fake = FakeCloud(
        registry_path=f"{registry.host}/{namespace}/user",
        registry_user=registry.user,
        registry_password=registry.password,
        registry_check=lambda repo: registry.has_repo(f"{namespace}/{repo}"),
        registry_tags=lambda repo: registry.tags(f"{namespace}/{repo}"),
    )
    with Server(fake) as server:
        yield fake, env_for(fake, server, tmp_path), namespace


def _created(fake: FakeCloud, kind: str) -> list[dict]:
    return [
        json.loads(e.params["ArtifactProperty"])
        for e in fake.journal
        if e.action == "CreateArtifact" and e.params.get("ArtifactType") == kind
    ]


def _template(fake: FakeCloud) -> str:
    (service,) = fake.services.values()
    configs = json.loads(service["DeployMetadata"])["TemplateConfigs"]
    data = fake.object_of(configs[0]["Url"])
    assert data is not None
    return data.decode()


def test_images_are_copied_pinned_and_named_by_placeholder(
    spec: Path, own, registry: RegistryProcess, sources
):
    process, digests = sources
    fake, env, ns = own
    outcome = publish(spec, env)
    tags = {name: f"{tag}-{digests[name][7:19]}" for name, tag in (("app", "1"), ("side", "2"))}
    assert sorted(outcome.log.pushes) == sorted(
        [f"{ns}/demo:{VERSION}"] + [f"{ns}/{n}:{t}" for n, t in tags.items()]
    )
    # every platform of the index, byte for byte
    target = Registry(registry.host, registry.user, registry.password)
    source = Registry(process.host, "", "")
    for name, tag in tags.items():
        assert registry.tags(f"{ns}/{name}") == [tag]
        kind, index = target.raw_manifest(f"{ns}/{name}", tag)
        assert (kind, index) == source.raw_manifest(f"src/{name}", tag.split("-")[0])
        for child in json.loads(index)["manifests"]:
            assert target.raw_manifest(f"{ns}/{name}", child["digest"])
    # one artifact per image (app is pulled at two paths), named by repository and tag
    images = _created(fake, "AcrImage")
    assert sorted((p["RepoName"], p["Tag"]) for p in images) == sorted(tags.items())
    # the lock pins each image by digest; the spec loader reads the pins back
    lock = yaml.safe_load(spec.with_name("demo.lock.yaml").read_text())
    assert lock["charts"]["demo"]["images"] == {
        "app.image": f"{process.host}/src/app:1@{digests['app']}",
        "side.image": f"{process.host}/src/side:2@{digests['side']}",
        "worker.image": f"{process.host}/src/app:1@{digests['app']}",
    }
    assert sorted(a.key for a in load_spec(spec).artifacts) == ["app", "demo", "side"]
    # the service relates each placeholder to its artifact; the template's values use them
    (service,) = fake.services.values()
    relations = json.loads(service["DeployMetadata"])["SupplierDeployMetadata"]
    acr = relations["AcrImageArtifactRelation"]
    assert sorted(acr) == ["{{ computenest::acrimage::app }}", "{{ computenest::acrimage::side }}"]
    assert all(r["ArtifactId"].startswith("artifact-") for r in acr.values())
    text = _template(fake)
    assert text.count("'{{ computenest::acrimage::app }}'") == 2
    assert f"tag: 1-{digests['app'][7:19]}" in text


def test_an_unchanged_republish_reads_only_and_needs_no_source(
    spec: Path, env, fake: FakeCloud, sources, tmp_path: Path
):
    publish(spec, env)
    writes, puts = len(fake.writes()), len(fake.puts())
    before = len(fake.journal)
    env_offline = {**env, "NESTGEN_RETRY_ATTEMPTS": "1"}
    again = publish(spec, env_offline)
    assert again.result is None and len(fake.writes()) == writes and len(fake.puts()) == puts
    calls = [e.action for e in fake.journal[before:]]
    assert calls == ["ListServices", "GetService"] + ["ListArtifactVersions"] * 3
    assert again.log.pushes == []


def test_keep_leaves_the_images_as_the_chart_names_them(spec: Path, env, fake: FakeCloud):
    spec.write_text(spec.read_text().replace("images: acr\n", "images: keep\n"))
    publish(spec, env)
    assert _created(fake, "AcrImage") == []
    assert "computenest::acrimage" not in _template(fake)
    lock = yaml.safe_load(spec.with_name("demo.lock.yaml").read_text())
    assert "images" not in lock["charts"]["demo"]


def test_a_moved_tag_is_not_followed_until_update_lock(
    spec: Path, env, fake: FakeCloud, sources, registry: RegistryProcess
):
    process, digests = sources
    publish(spec, env)
    moved = push_image(process.host, "src/side", "2", ("amd64", "s390x"))
    try:
        assert moved != digests["side"]
        assert publish(spec, env).result is None  # the lock's pin holds
        outcome = publish(spec, env, update_lock=True)
        assert outcome.log.pushes == [f"computenest/side:2-{moved[7:19]}"]
        lock = yaml.safe_load(spec.with_name("demo.lock.yaml").read_text())
        assert lock["charts"]["demo"]["images"]["side.image"].endswith(moved)
        assert f"2-{moved[7:19]}" in registry.tags("computenest/side")
    finally:
        push_image(process.host, "src/side", "2")  # the module's other tests see the original


def test_an_unreachable_source_is_one_clear_error(tmp_path: Path, env, helm_repo: HelmRepo):
    values = "app:\n  image: {name: 127.0.0.1:9/src/app, tag: '1'}\n"
    helm_repo.publish("lost", VERSION, chart_archive("lost", VERSION, "lost", values))
    path = write_spec(tmp_path / "lost", helm_repo.url, VERSION)
    text = path.read_text().replace("artifacts:", "images: acr\nartifacts:")
    path.write_text(text.replace("chart: demo", "chart: lost"))
    with pytest.raises(NestgenError) as caught:
        publish(path, {**env, "NESTGEN_RETRY_ATTEMPTS": "1"})
    message = str(caught.value)
    assert "127.0.0.1:9/src/app:1 (at app.image)" in message and "\n" not in message
    assert not path.with_name("demo.lock.yaml").exists()  # nothing pinned by a failed run


ACR_CALLS = ("ListAcrImageRepositories", "ListAcrImageTags", "GetArtifactRepositoryCredentials")


@pytest.mark.parametrize(("kind", "count"), [("drop-after", 1), ("500", 4), ("throttle", 1)])
def test_faults_at_the_image_calls_converge(
    kind, count, spec: Path, make_cloud, tmp_path: Path, registry: RegistryProcess
):
    """Every image call (the registry listings, credentials, CreateArtifact of an AcrImage):
    a clear error or success, then a rerun leaves one artifact per image and a no-op."""
    probe = make_cloud()
    with Server(probe) as server:
        publish(spec, env_for(probe, server, tmp_path))
    positions = [
        e.index
        for e in probe.journal
        if e.action in ACR_CALLS
        or (e.action == "CreateArtifact" and e.params.get("ArtifactType") == "AcrImage")
    ]
    assert len(positions) >= 6
    for position in positions:
        fake = make_cloud(timeout_sleep=1.3)
        fake.inject(position, kind, count)
        with Server(fake) as server:
            env = env_for(fake, server, tmp_path)
            try:
                publish(spec, env)
            except NestgenError as exc:
                assert "\n" not in str(exc) and "Traceback" not in str(exc)
                assert registry.password not in str(exc)
            publish(spec, env)
            kinds = sorted(a["ArtifactType"] for a in fake.artifacts.values())
            assert kinds == ["AcrImage", "AcrImage", "HelmChart"], (kind, position)
            assert all(list(a["versions"]) == ["draft"] for a in fake.artifacts.values())
            writes = len(fake.writes())
            again = publish(spec, env)
            assert again.result is None and len(fake.writes()) == writes, (kind, position)


def test_no_registry_password_in_the_plan_the_saved_plan_or_the_lock(
    spec: Path, env, fake: FakeCloud, registry: RegistryProcess, tmp_path: Path
):
    saved = tmp_path / "plan.json"
    shown = plan(spec, env, save_to=saved)
    publish(spec, env)
    texts = [
        render_text(shown),
        json.dumps(shown.to_dict()),
        saved.read_text(),
        spec.with_name("demo.lock.yaml").read_text(),
    ]
    assert "image app:1-" in texts[0]
    assert all(registry.password not in text for text in texts)


ECS_SPEC = """\
name: web
images: acr
service:
  info:
    zh-CN: {name: nestgen-web, short_description: 演示服务}
    en-US: {name: nestgen-web, short_description: A demo service}
artifacts:
  - {key: os, type: ecsimage, image_id: m-demo0001, regions: [cn-hangzhou]}
templates:
  - name: Web on ECS
    file: template.yaml
    description: {en: The demo app on ECS., zh-cn: 在 ECS 上部署演示应用。}
    regions: [cn-hangzhou]
    groups:
      - billing
      - network
      - ecs: {image: {artifact: os}, ports: [80]}
      - startup: {compose: compose.yaml}
"""


def test_a_compose_files_images_are_rehosted(tmp_path: Path, own, sources):
    process, digests = sources
    fake, env, ns = own
    folder = tmp_path / "ecs"
    folder.mkdir()
    (folder / "web.yaml").write_text(ECS_SPEC)
    compose = (
        "services:\n"
        f"  app:\n    image: {process.host}/src/app:1  # the app\n"
        f"  side: {{image: '{process.host}/src/side:2'}}\n"
    )
    (folder / "compose.yaml").write_text(compose)
    outcome = publish(folder / "web.yaml", env)
    app, side = f"1-{digests['app'][7:19]}", f"2-{digests['side'][7:19]}"
    assert sorted(outcome.log.pushes) == [f"{ns}/app:{app}", f"{ns}/side:{side}"]
    lock = yaml.safe_load((folder / "web.lock.yaml").read_text())
    assert lock["compose"] == {
        "Web on ECS": {
            "services.app.image": f"{process.host}/src/app:1@{digests['app']}",
            "services.side.image": f"{process.host}/src/side:2@{digests['side']}",
        }
    }
    text = _template(fake)
    assert "image: '{{ computenest::acrimage::app }}'  # the app" in text
    assert "{image: '{{ computenest::acrimage::side }}'}" in text
    assert "{{ computenest::acr::dockerconfigjson }}" in text
    assert process.host not in text
    assert publish(folder / "web.yaml", env).result is None


@pytest.mark.parametrize("kind", ["drop", "drop-after", "503", "throttle"])
def test_faults_at_the_source_registry_converge(
    kind, sources, tmp_path: Path, helm_repo: HelmRepo, registry: RegistryProcess
):
    """Every request to the image source (the digest reads, then the copy's manifests and
    blobs) fails in turn: a clear error or success; a rerun copies what is missing, pins the
    same digests, and then changes nothing."""
    process, digests = sources
    front = FaultFront(process)
    try:
        values = (
            f"app:\n  image: {{name: {front.host}/src/app, tag: '1'}}\n"
            f"side:\n  image: {{name: {front.host}/src/side, tag: '2'}}\n"
        )
        chart = f"faulty{abs(hash(front.host)) % 1000}"
        helm_repo.publish(chart, VERSION, chart_archive(chart, VERSION, "faults", values))

        def run(name: str, faults: dict[int, str]):
            namespace = f"f{name}"
            fake = FakeCloud(
                registry_path=f"{registry.host}/{namespace}/user",
                registry_user=registry.user,
                registry_password=registry.password,
                registry_check=lambda repo: registry.has_repo(f"{namespace}/{repo}"),
                registry_tags=lambda repo: registry.tags(f"{namespace}/{repo}"),
            )
            path = write_spec(tmp_path / name, helm_repo.url, VERSION)
            text = path.read_text().replace("artifacts:", "images: acr\nartifacts:")
            path.write_text(text.replace("chart: demo", f"chart: {chart}"))
            front.reset(faults)
            with Server(fake) as server:
                env = {**env_for(fake, server, tmp_path), "NESTGEN_RETRY_ATTEMPTS": "2"}
                try:
                    publish(path, env)
                except NestgenError as exc:
                    assert "\n" not in str(exc) and "Traceback" not in str(exc)
                    assert registry.password not in str(exc)
                publish(path, env)
                lock = yaml.safe_load(path.with_name("demo.lock.yaml").read_text())
                pins = lock["charts"]["demo"]["images"]
                assert pins == {
                    "app.image": f"{front.host}/src/app:1@{digests['app']}",
                    "side.image": f"{front.host}/src/side:2@{digests['side']}",
                }
                images = [a for a in fake.artifacts.values() if a["ArtifactType"] == "AcrImage"]
                assert len(images) == 2, (kind, faults)
                for repo, tag in (("app", "1"), ("side", "2")):
                    wanted = f"{tag}-{digests[repo][7:19]}"
                    assert registry.tags(f"{namespace}/{repo}") == [wanted], (kind, faults)
                writes = len(fake.writes())
                assert publish(path, env).result is None and len(fake.writes()) == writes
            return len(front.journal)

        total = run(f"probe-{kind}", {})
        assert total >= 10
        count = {"503": 2, "throttle": 1}.get(kind, 1)  # 2 attempts: "503" exhausts them
        stride = 1 if kind in ("drop", "503") else 3  # the others: every third position
        for position in range(0, total, stride):
            run(f"{kind}-{position}", {p: kind for p in range(position, position + count)})
    finally:
        front.shutdown()
