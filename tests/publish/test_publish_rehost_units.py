"""``images: acr`` without servers: names, the build from a lock's pins, the lock itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from publish_helpers import write_spec
from publish_servers import chart_archive

from nestgen.cloud.chart import read_chart
from nestgen.cloud.retry import RetryPolicy
from nestgen.errors import NestgenError
from nestgen.lint import lint_package
from nestgen.package import build_package
from nestgen.package.render import render_package
from nestgen.publish.images import pin
from nestgen.publish.lock import ChartLock
from nestgen.ros.groups.startup import compose_images, rehost_compose
from nestgen.spec import load_spec
from nestgen.spec.images import image_artifacts, repo_and_tag, split_reference

D1 = "sha256:" + "0123456789abcdef" * 4
D2 = "sha256:" + "fedcba9876543210" * 4
PINS = {
    "hub.image": f"quay.io/jupyterhub/k8s-hub:4.0.0@{D1}",
    "proxy.chp.image": f"docker.io/library/busybox:1.36@{D2}",
    "prePuller.pause.image": f"registry.k8s.io/pause:3.10@{D2}",
    "scheduling.userPlaceholder.image": f"registry.k8s.io/pause:3.10@{D2}",
}


def test_pinned_references_read_apart():
    assert split_reference(f"quay.io/jupyterhub/k8s-hub:4.0.0@{D1}") == (
        "quay.io/jupyterhub/k8s-hub",
        "4.0.0",
        D1,
    )
    assert split_reference("127.0.0.1:5000/src/app") == ("127.0.0.1:5000/src/app", "latest", "")
    assert repo_and_tag(f"quay.io/jupyterhub/k8s-hub:4.0.0@{D1}") == (
        "k8s-hub",
        "4.0.0-0123456789ab",
    )
    assert repo_and_tag("Docker.io/Library/My_App:2") == ("my_app", "2")


def test_one_artifact_per_image_with_unique_keys():
    pins = {**PINS, "other.image": f"example.com/team/pause:1@{D1}"}
    found = image_artifacts("hub", pins, {"k8s-hub"})
    keys = {a.key: (a.image, a.values) for a in found}
    assert (
        keys
        == {
            "k8s-hub-2": (f"k8s-hub-2:4.0.0-{D1[7:19]}", ("hub.image",)),
            "busybox": (f"busybox:1.36-{D2[7:19]}", ("proxy.chp.image",)),
            "pause": (f"pause:1-{D1[7:19]}", ("other.image",)),  # its first path sorts first
            "pause-2": (
                f"pause-2:3.10-{D2[7:19]}",
                ("prePuller.pause.image", "scheduling.userPlaceholder.image"),
            ),
        }
    )
    assert all(a.type == "acrimage" and a.rehosts == "hub" for a in found)


def _spec(tmp_path: Path, images: str | None) -> Path:
    path = write_spec(tmp_path, "http://127.0.0.1:9/charts")
    if images:
        path.write_text(path.read_text().replace("artifacts:", f"images: {images}\nartifacts:"))
    lock = {"demo": {"chart": "demo", "version": "0.1.0", "digest": D1, "images": PINS}}
    path.with_name("demo.lock.yaml").write_text(yaml.safe_dump({"charts": lock}))
    return path


def test_the_build_relates_each_image_and_points_the_values_at_it(tmp_path: Path):
    spec = load_spec(_spec(tmp_path, "acr"))
    files = render_package(spec)
    assert files == render_package(load_spec(spec.path))  # deterministic
    config = yaml.safe_load(files["config.yaml"])
    relations = config["Service"]["DeployMetadata"]["SupplierDeployMetadata"]
    assert sorted(relations["AcrImageArtifactRelation"]) == [
        "{{ computenest::acrimage::busybox }}",
        "{{ computenest::acrimage::k8s-hub }}",
        "{{ computenest::acrimage::pause }}",
    ]
    builders = {b["RepoName"]: b for b in config["AcrImageBuilder"].values()}
    assert builders["k8s-hub"] == {
        "BuildType": "DockerRepo",
        "DockerRepoUrl": PINS["hub.image"],
        "RepoName": "k8s-hub",
        "Tag": f"4.0.0-{D1[7:19]}",
    }
    template = yaml.safe_load(files["ros_templates/template.yaml"])
    merged = template["Resources"]["FluxHelmApplicationModule"]["Properties"]["ChartValues"]
    overlay = merged["Fn::MergeMap"][-1]
    assert overlay["hub"]["image"] == {
        "name": {"Fn::Select": [0, {"Fn::Split": [":", "{{ computenest::acrimage::k8s-hub }}"]}]},
        "tag": f"4.0.0-{D1[7:19]}",
    }
    assert overlay["prePuller"]["pause"]["image"]["tag"] == f"3.10-{D2[7:19]}"
    out = tmp_path / "pkg"
    build_package(spec, out)
    assert [f for f in lint_package(out).findings if f.severity == "error"] == []


@pytest.mark.parametrize("images", [None, "keep"])
def test_keep_is_the_default_and_ignores_the_lock_pins(tmp_path: Path, images):
    files = render_package(load_spec(_spec(tmp_path / "a", images)))
    plain = write_spec(tmp_path / "b", "http://127.0.0.1:9/charts")
    lock = {"demo": {"chart": "demo", "version": "0.1.0", "digest": D1}}
    plain.with_name("demo.lock.yaml").write_text(yaml.safe_dump({"charts": lock}))
    assert files == render_package(load_spec(plain))
    assert b"acrimage" not in files["config.yaml"]


def test_the_lock_keeps_pins_beside_the_chart_and_drops_them_with_it(tmp_path: Path):
    lock = ChartLock(tmp_path / "x.lock.yaml")
    first = read_chart(chart_archive("demo", "0.1.0"), "demo")
    lock.check("demo", first, update=False)
    lock.pin_images("demo", {"a.image": f"r.example/a:1@{D1}"})
    lock.save()
    again = ChartLock.load(lock.path)
    assert again.images("demo") == {"a.image": f"r.example/a:1@{D1}"}
    again.pin_images("demo", {"a.image": f"r.example/a:1@{D1}"})
    assert not again.changed
    again.check("demo", read_chart(chart_archive("demo", "0.1.0", "new"), "demo"), update=True)
    assert again.images("demo") == {}  # a new chart: its images are looked up again


def test_a_pin_at_the_same_name_and_tag_is_kept_without_a_lookup():
    policy = RetryPolicy(attempts=1)
    known = {"a.image": f"127.0.0.1:9/src/a:1@{D1}"}
    wanted = {"a.image": "127.0.0.1:9/src/a:1", "b.image": f"127.0.0.1:9/src/b@{D2}"}
    assert pin(wanted, known, False, policy, 1) == {
        "a.image": known["a.image"],
        "b.image": wanted["b.image"],  # given by digest: nothing to look up
    }
    with pytest.raises(NestgenError, match=r"127.0.0.1:9/src/a:2 \(at a.image\)"):
        pin({"a.image": "127.0.0.1:9/src/a:2"}, known, False, policy, 1)  # port 9: refused
    with pytest.raises(NestgenError):
        pin(wanted, known, True, policy, 1)  # --update-lock looks again


def test_a_compose_file_points_its_services_at_their_placeholders():
    compose = (
        "services:\n"
        "  web:\n    image: louislam/uptime-kuma:1   # the app\n"
        '  cache: {image: "redis:7"}\n'
        "  done:\n    image: '{{ computenest::acrimage::mine }}'\n"
        "  other:\n    image: redis:7-alpine\n"
    )
    assert compose_images(compose) == {
        "services.web.image": "louislam/uptime-kuma:1",
        "services.cache.image": "redis:7",
        "services.other.image": "redis:7-alpine",
    }
    rewritten = rehost_compose(
        compose,
        (
            ("services.cache.image", "{{ computenest::acrimage::redis }}", "7-abc"),
            ("services.web.image", "{{ computenest::acrimage::uptime-kuma }}", "1-abc"),
        ),
    )
    assert rewritten == (
        "services:\n"
        "  web:\n    image: '{{ computenest::acrimage::uptime-kuma }}'   # the app\n"
        "  cache: {image: '{{ computenest::acrimage::redis }}'}\n"
        "  done:\n    image: '{{ computenest::acrimage::mine }}'\n"
        "  other:\n    image: redis:7-alpine\n"  # another tag: not the same image
    )
    assert rehost_compose(compose, ()) == compose


def test_the_lock_keeps_a_compose_files_pins(tmp_path: Path):
    lock = ChartLock(tmp_path / "x.lock.yaml")
    lock.pin_compose("Web on ECS", {"services.web.image": f"redis:7@{D1}"})
    lock.save()
    assert yaml.safe_load(lock.path.read_text()) == {
        "charts": {},
        "compose": {"Web on ECS": {"services.web.image": f"redis:7@{D1}"}},
    }
    assert ChartLock.load(lock.path).compose_images("Web on ECS") == {
        "services.web.image": f"redis:7@{D1}"
    }
