"""The parameter-group library: each group adds form parameters and the resources they need.

Groups are applied in the order of :data:`GROUPS` (a group extends resources that earlier
groups created), whatever order a spec lists them in.
"""

from __future__ import annotations

from nestgen.ros.groups import (
    billing,
    cluster,
    database,
    domain,
    eci,
    ecs,
    helm,
    network,
    oauth,
    password,
    startup,
    workers,
)
from nestgen.ros.groups.base import BuildContext, Group

_ORDER = (
    cluster, billing, network, workers, password, ecs, database, startup, domain, oauth, helm, eci,
)  # fmt: skip
GROUPS: dict[str, Group] = {module.GROUP.name: module.GROUP for module in _ORDER}

__all__ = ["GROUPS", "BuildContext", "Group"]
