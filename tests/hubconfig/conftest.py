"""Fixtures for the hub settings tests: real spawners configured from settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from nestgen.hubconfig import HubSettings
from nestgen.hubconfig.swarm import configure


@pytest.fixture
def spawner_for() -> Iterator[Callable[..., Any]]:
    """Build real JupyterHub Users with real SwarmSpawners configured from an env."""
    from dockerspawner import SwarmSpawner
    from jupyterhub import orm
    from jupyterhub.objects import Hub
    from jupyterhub.user import User
    from traitlets.config import Config

    db = orm.new_session_factory("sqlite://")()

    def make(username: str, settings: HubSettings | Config) -> Any:
        config = settings
        if isinstance(settings, HubSettings):
            config = Config()
            configure(config, settings)
        orm_user = orm.User(name=username)
        db.add(orm_user)
        db.commit()
        app_settings = {"config": config, "spawner_class": SwarmSpawner, "hub": Hub(), "db": db}
        return User(orm_user, settings=app_settings).spawners[""]

    make.db = db  # type: ignore[attr-defined]
    yield make
    db.close()
