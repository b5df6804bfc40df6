"""Settings and shared types of the hub integration tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hubint_hub import Hub
from hubint_swarm import IDLE_COMMAND, Swarm

ADMIN, ADMIN_PASSWORD = "boss", "boss-password-1"
ACTIVE_SERVER_LIMIT = 4  # the Swarm tests spawn four users; a fifth is refused
# Values that differ from the seed's defaults, so each test proves its variable was read.
AUTH_SETTINGS = {
    "AUTH_ADMIN_USER": f"{ADMIN},chief",
    "AUTH_MINIMUM_PASSWORD_LENGTH": "10",
    "AUTH_CHECK_COMMON_PASSWORD": "True",
    "AUTH_ALLOWED_FAILED_LOGINS": "2",
    "AUTH_SECONDS_BEFORE_NEXT_TRY": "2",
    "AUTH_ENABLE_SIGNUP": "True",
    "AUTH_OPEN_SIGNUP": "False",
}


@dataclass(frozen=True)
class DbHub:
    """A hub and a DB-API connection factory to the database it writes to."""

    hub: Hub
    kind: str
    connect: Callable[[], object]
    password: str | None


def swarm_settings(swarm: Swarm) -> dict[str, str]:
    """Spawner variables for the test Swarm: toy images, resources, suffix rules, GPUs."""
    return {
        "AUTH_ADMIN_USER": ADMIN,
        "AUTH_OPEN_SIGNUP": "True",
        "HUB_ACTIVE_SERVER_LIMIT": str(ACTIVE_SERVER_LIMIT),
        "HUB_CONCURRENT_SPAWN_LIMIT": str(ACTIVE_SERVER_LIMIT + 1),
        "SPAWNER_NOTEBOOK_IMAGE": swarm.image("hubint/notebook:base"),
        "SPAWNER_PULL_POLICY": "ifnotpresent",
        "SPAWNER_NETWORK_NAME": swarm.network,
        "SPAWNER_SPAWN_CMD": IDLE_COMMAND,
        "SPAWNER_START_TIMEOUT": "40",
        "SPAWNER_CPU_LIMIT": "1.5",
        "SPAWNER_CPU_GUARANTEE": "0.25",
        "SPAWNER_MEM_LIMIT": "512M",
        "SPAWNER_MEM_GUARANTEE": "128M",
        "SPAWNER_CONSTRAINTS": "node.role==manager",
        "SPAWNER_ENDPOINT_MODE": "dnsrr",
        "SPAWNER_ENVIRONMENT": "HUBINT_MARK:yes;HUBINT_URL:http://example.invalid:8080/x",
        "SPAWNER_CONSTRAINT_IMAGES": (
            f"torch:node.labels.hubint_gpu==yes->{swarm.image('hubint/torch:gpu')}"
        ),
        "SPAWNER_CONSTRAINT_WITH_GPUS": "torch->1",
    }
