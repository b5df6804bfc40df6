"""Fixtures for the publish tests: the fake cloud, a real registry, a Helm repository."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fakecloud import FakeCloud, Server
from publish_helpers import env_for
from publish_servers import BearerFront, HelmRepo, RegistryProcess, chart_archive


@pytest.fixture(scope="session")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RegistryProcess]:
    """A real docker-registry on 127.0.0.1 with Basic (htpasswd) auth."""
    if shutil.which("docker-registry") is None:
        pytest.skip("docker-registry is not installed (apt-get install docker-registry)")
    process = RegistryProcess(tmp_path_factory.mktemp("registry"))
    process.start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
def bearer_registry(registry: RegistryProcess) -> Iterator[BearerFront]:
    """The same registry behind a Bearer-token challenge and a tiny token endpoint."""
    front = BearerFront(registry)
    yield front
    front.shutdown()


@pytest.fixture(scope="session")
def helm_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HelmRepo]:
    repo = HelmRepo(tmp_path_factory.mktemp("helmrepo"))
    repo.publish("demo", "0.1.0", chart_archive("demo", "0.1.0"))
    yield repo
    repo.shutdown()


def wired(registry: RegistryProcess) -> dict[str, Any]:
    """The fake's registry settings for ``registry``.

    ``Path`` is ``host/computenest/<repository>``: computenest-cli pushes to its parent
    (``host/computenest``); what the last segment is in Compute Nest is a guess.
    """
    return {
        "registry_path": f"{registry.host}/computenest/nestgen-user",
        "registry_user": registry.user,
        "registry_password": registry.password,
        "registry_check": lambda name: registry.has_repo(f"computenest/{name}"),
        "registry_tags": lambda name: registry.tags(f"computenest/{name}"),
    }


@pytest.fixture
def cloud(registry: RegistryProcess) -> Iterator[tuple[FakeCloud, Server]]:
    fake = FakeCloud(**wired(registry))
    with Server(fake) as server:
        yield fake, server


@pytest.fixture
def fake(cloud: tuple[FakeCloud, Server]) -> FakeCloud:
    return cloud[0]


@pytest.fixture
def env(cloud: tuple[FakeCloud, Server], tmp_path: Path) -> dict[str, str]:
    return env_for(*cloud, tmp_path)


@pytest.fixture
def make_cloud(registry: RegistryProcess) -> Callable[..., FakeCloud]:
    """Build further fakes (not started) wired to the same registry."""

    def make(**kw: object) -> FakeCloud:
        return FakeCloud(**{**wired(registry), **kw})

    return make


@pytest.fixture
def chart_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo-0.1.0.tgz"
    path.write_bytes(chart_archive("demo", "0.1.0"))
    return path


@pytest.fixture
def bare(tmp_path: Path) -> Iterator[tuple[FakeCloud, dict[str, str]]]:
    """A fake with no registry behind it, and its environment: for chartless packages."""
    fake = FakeCloud()
    with Server(fake) as server:
        yield fake, env_for(fake, server, tmp_path)
