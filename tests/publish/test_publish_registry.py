"""The OCI client against a real docker-registry: Basic and Bearer auth, pull-back digests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from publish_helpers import publish, write_package
from publish_servers import BearerFront, RegistryProcess, chart_archive

from nestgen.cloud.chart import read_chart
from nestgen.cloud.oci import HELM_CONFIG, HELM_LAYER, Registry, is_loopback
from nestgen.cloud.retry import RetryPolicy
from nestgen.errors import InputError

pytestmark = pytest.mark.integration


def _pull_layer(registry: Registry, name: str, tag: str) -> bytes:
    _, manifest = registry.manifest(name, tag)
    assert manifest["config"]["mediaType"] == HELM_CONFIG
    (layer,) = manifest["layers"]
    assert layer["mediaType"] == HELM_LAYER
    return registry.blob(name, layer["digest"])


def test_published_chart_pulls_back_identical(
    tmp_path: Path, env, registry: RegistryProcess, chart_file: Path
):
    publish(write_package(tmp_path / "pkg"), env, charts={"demo": chart_file})
    client = Registry(registry.host, registry.user, registry.password)
    pulled = _pull_layer(client, "computenest/demo", "0.1.0")
    assert hashlib.sha256(pulled).digest() == hashlib.sha256(chart_file.read_bytes()).digest()


def test_bearer_challenge_is_followed(bearer_registry: BearerFront, registry: RegistryProcess):
    client = Registry(bearer_registry.host, registry.user, registry.password)
    chart = read_chart(chart_archive("bearer", "1.2.3"), "bearer.tgz")
    digest = client.push_chart("computenest/bearer", "1.2.3", chart.data, chart.config_blob())
    manifest_digest, _ = client.manifest("computenest/bearer", "1.2.3")
    assert manifest_digest == digest
    assert _pull_layer(client, "computenest/bearer", "1.2.3") == chart.data
    assert client._auth and all(v.startswith("Bearer ") for v in client._auth.values())


@pytest.mark.parametrize("front", ["basic", "bearer"])
def test_wrong_registry_password_is_one_clear_error(front, registry, bearer_registry):
    host = registry.host if front == "basic" else bearer_registry.host
    client = Registry(host, registry.user, "wrong", RetryPolicy(attempts=1))
    with pytest.raises(InputError, match="refused the credentials") as info:
        client.push_blob("computenest/x", b"data")
    assert "wrong" not in str(info.value)


def test_plain_http_only_on_loopback():
    assert is_loopback("127.0.0.1:5000") and is_loopback("127.8.9.10") and is_loopback("localhost")
    assert not is_loopback("registry.cn-hangzhou.aliyuncs.com")
    assert Registry("example.com", "u", "p").base == "https://example.com"
