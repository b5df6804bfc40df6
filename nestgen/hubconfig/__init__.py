"""Hub settings shared by the Swarm image and the ACK service.

``HubSettings.from_env`` reads every PROXY_*, HUB_*, SPAWNER_* and AUTH_* variable;
``apply`` configures JupyterHub for Docker Swarm; ``helm_values`` renders the same settings
for zero-to-jupyterhub; ``stack_file`` writes the ``docker stack deploy`` file.
"""

from __future__ import annotations

from nestgen.hubconfig.envfile import read_env_file
from nestgen.hubconfig.errors import HubConfigError, Problem
from nestgen.hubconfig.helm import (
    NO_KUBERNETES_EQUIVALENT,
    helm_unmapped,
    helm_values,
    helm_values_from_env_file,
)
from nestgen.hubconfig.model import (
    AuthSettings,
    Constraint,
    Gpu,
    HubSettings,
    Persistence,
    ProxySettings,
    ServerSettings,
    SpawnerSettings,
    SuffixRule,
)
from nestgen.hubconfig.stack import stack_file
from nestgen.hubconfig.swarm import SuffixHook, apply, apply_or_exit, traits_for

__all__ = [
    "NO_KUBERNETES_EQUIVALENT",
    "AuthSettings",
    "Constraint",
    "Gpu",
    "HubConfigError",
    "HubSettings",
    "Persistence",
    "Problem",
    "ProxySettings",
    "ServerSettings",
    "SpawnerSettings",
    "SuffixHook",
    "SuffixRule",
    "apply",
    "apply_or_exit",
    "helm_unmapped",
    "helm_values",
    "helm_values_from_env_file",
    "read_env_file",
    "stack_file",
    "traits_for",
]
