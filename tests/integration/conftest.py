"""Session-scoped real servers for the integration tests, each started on first use.

Every server listens on 127.0.0.1 on a free port, keeps its data in a temp dir, and is stopped
(its data removed) at the end of the session, also when tests fail.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from hubint_servers import Database, start_mariadb, start_postgres
from hubint_swarm import Swarm, start_swarm

# Test images: the default single-user image and the one a ``-torch`` user gets.
SWARM_IMAGES = ("hubint/notebook:base", "hubint/torch:gpu")


@pytest.fixture(scope="session")
def postgres_db() -> Iterator[Database]:
    """A real PostgreSQL with a password-protected ``jupyterhub`` database."""
    with start_postgres(secrets.token_urlsafe(12)) as db:
        yield db


@pytest.fixture(scope="session")
def mariadb_db() -> Iterator[Database]:
    """A real MariaDB with a password-protected ``jupyterhub`` database."""
    with start_mariadb(secrets.token_urlsafe(12)) as db:
        yield db


@pytest.fixture(scope="session")
def swarm() -> Iterator[Swarm]:
    """A private dockerd in single-node Swarm mode with the test images imported."""
    with start_swarm(SWARM_IMAGES) as engine:
        yield engine
