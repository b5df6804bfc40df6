"""Container images: an AcrImageBuilder source is copied into Compute Nest's registry.

The source is a second, anonymous docker-registry (as a public registry serves pulls); the
target is the htpasswd registry behind the fake's GetArtifactRepositoryCredentials.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fakecloud import FakeCloud
from publish_helpers import IMAGES_TEMPLATE, publish, write_package
from publish_servers import RegistryProcess

from nestgen.cloud.oci import OCI_INDEX, OCI_MANIFEST, Registry, parse_image, sha256_digest
from nestgen.cloud.retry import RetryPolicy

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def source(registry: RegistryProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An anonymous registry holding ``src/app:1``: an index of one linux/amd64 image."""
    process = RegistryProcess(tmp_path_factory.mktemp("source"), auth=False)
    process.start()
    client = Registry(process.host, "", "", RetryPolicy(attempts=1))
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w:gz") as tar:
        data = b"hello from the image\n"
        info = tarfile.TarInfo("hello.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {}}).encode()
    blobs = [
        ("application/vnd.oci.image.config.v1+json", config),
        ("application/vnd.oci.image.layer.v1.tar+gzip", layer.getvalue()),
    ]
    descriptors = [
        {"mediaType": kind, "digest": client.push_blob("src/app", blob), "size": len(blob)}
        for kind, blob in blobs
    ]
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": descriptors[0],
            "layers": descriptors[1:],
        }
    ).encode()
    client.put_manifest("src/app", sha256_digest(manifest), OCI_MANIFEST, manifest)
    index = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": OCI_INDEX,
            "manifests": [
                {
                    "mediaType": OCI_MANIFEST,
                    "digest": sha256_digest(manifest),
                    "size": len(manifest),
                    "platform": {"architecture": "amd64", "os": "linux"},
                }
            ],
        }
    ).encode()
    client.put_manifest("src/app", "1", OCI_INDEX, index)
    yield f"{process.host}/src/app:1"
    process.stop()


def test_image_references_read_like_docker():
    assert parse_image("nginx") == ("registry-1.docker.io", "library/nginx", "latest")
    assert parse_image("louislam/uptime-kuma:1") == (
        "registry-1.docker.io",
        "louislam/uptime-kuma",
        "1",
    )
    assert parse_image("quay.io/jupyterhub/k8s-hub:4.0.0") == (
        "quay.io",
        "jupyterhub/k8s-hub",
        "4.0.0",
    )
    assert parse_image("127.0.0.1:5000/a/b@sha256:ab") == ("127.0.0.1:5000", "a/b", "sha256:ab")


def test_a_builder_image_is_copied_then_recognised(
    tmp_path: Path, env, fake: FakeCloud, registry: RegistryProcess, source: str
):
    pkg = write_package(tmp_path / "pkg", chart=None, images=True, template=IMAGES_TEMPLATE)
    config = yaml.safe_load((pkg / "config.yaml").read_text())
    config["AcrImageBuilder"]["AcrImage_1"].update(
        BuildType="DockerRepo", DockerRepoUrl=source, Tag="1"
    )
    (pkg / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    outcome = publish(pkg, env)
    assert outcome.log.pushes == ["computenest/demo/app:1"]
    assert registry.tags("computenest/demo/app") == ["1"]
    target = Registry(registry.host, registry.user, registry.password)
    src = Registry(source.split("/")[0], "", "")
    assert target.raw_manifest("computenest/demo/app", "1") == src.raw_manifest("src/app", "1")
    image = [e.params for e in fake.journal if e.action == "CreateArtifact"]
    prop = json.loads(next(p for p in image if p["ArtifactType"] == "AcrImage")["ArtifactProperty"])
    assert prop["RepoName"] == "demo/app" and prop["Tag"] == "1"
    assert publish(pkg, env).result is None  # recognised by its version name: no copy, no call
