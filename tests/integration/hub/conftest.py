"""Hubs for the hub integration tests: one per database (in turn), one on the Swarm."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hubint_hub import Hub, HubClient, start_hub
from hubint_images import build_image, proxy_image
from hubint_servers import temp_dir
from hubint_settings import ADMIN, ADMIN_PASSWORD, AUTH_SETTINGS, DbHub, swarm_settings
from hubint_swarm import Swarm


@pytest.fixture(scope="module", params=["sqlite", "postgresql", "mariadb"])
def db_hub(request: pytest.FixtureRequest) -> Iterator[DbHub]:
    """A hub with the test auth settings, once per database (started one after another)."""
    kind = request.param
    with temp_dir("hubint-hub-") as workdir:
        settings = dict(AUTH_SETTINGS)
        if kind == "sqlite":
            path = workdir / "hub.sqlite"
            settings["HUB_DB_URL"] = f"sqlite:///{path}"
            connect, password = (lambda: sqlite3.connect(path)), None
        else:
            db = request.getfixturevalue(f"{'postgres' if kind == 'postgresql' else kind}_db")
            settings["HUB_DB_URL"] = db.url
            connect, password = db.connect, db.password
        with start_hub(workdir, settings) as hub:
            yield DbHub(hub, kind, connect, password)


@pytest.fixture(scope="module")
def admin(db_hub: DbHub) -> HubClient:
    """The admin of the hub, signed up (admins need no approval) and logged in."""
    client = db_hub.hub.client()
    assert "signup was successful" in client.signup(ADMIN, ADMIN_PASSWORD)
    assert client.login(ADMIN, ADMIN_PASSWORD)
    return client


@pytest.fixture(scope="session")
def swarm_hub(swarm: Swarm) -> Iterator[Hub]:
    """A hub whose SwarmSpawner creates services on the test Swarm."""
    swarm.label_node("hubint_gpu", "yes")
    with (
        temp_dir("hubint-hub-") as workdir,
        start_hub(workdir, swarm_settings(swarm), extra_env=swarm.env) as hub,
    ):
        yield hub


@pytest.fixture(scope="session")
def notebook_image(swarm: Swarm) -> str:
    """The real single-user image (built, or its rootfs taken from the inputs-keyed cache)."""
    return build_image(swarm, "notebook", "hubint/notebook:real", timeout=1200)


@pytest.fixture(scope="session")
def hub_image(swarm: Swarm) -> str:
    """The real hub image (nestgen from this checkout, configurable-http-proxy from npm)."""
    return build_image(swarm, "hub", "hubint/swarm-hub:real")


@pytest.fixture(scope="session")
def hub_proxy_image(swarm: Swarm, hub_image: str) -> str:
    """The hub image as the stack's proxy image (configurable-http-proxy its entrypoint)."""
    return proxy_image(swarm, hub_image, "hubint/proxy:real")
