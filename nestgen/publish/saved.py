"""Saved plans: ``plan -o PLAN`` writes one, ``publish PLAN`` applies exactly it or refuses.

A saved plan records what to publish (the source and the options), its steps, and two
digests: of the package as planned (``local``) and of everything the plan read from the
remote side (``remote``: the service draft and what every step found). ``publish PLAN``
plans again from the same source; when either digest differs it refuses, saying which side
changed, so what is applied is what was reviewed. Upload credentials are never saved.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nestgen import __version__
from nestgen.errors import CheckFailed, InputError
from nestgen.fsutil import write_atomic
from nestgen.publish.package import Package
from nestgen.publish.plan import Plan
from nestgen.publish.steps.base import step_dict

FORMAT = "nestgen-plan/1"


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def local_digest(pkg: Package) -> str:
    """The package as publishing sees it: service config, files, artifact contents."""
    return _digest(
        {
            "service": pkg.service,
            "files": {p: f.sha256 for p, f in sorted(pkg.files.items())},
            "artifacts": [(a.section, a.kind, a.identity, a.regions) for a in pkg.artifacts],
        }
    )


def remote_digest(plan: Plan) -> str:
    """What the plan read: the draft as compared, and every step's view of the remote side."""
    remote = plan.remote.comparable() if plan.remote else None
    return _digest({"draft": remote, "steps": [step_dict(s) for s in plan.steps]})


@dataclass(frozen=True)
class SavedPlan:
    """A plan on disk: where it came from, how to publish, and what it saw."""

    source: dict[str, Any]  # path, service_name, charts, update_lock
    target: dict[str, Any]  # region, profile, service_id
    options: dict[str, Any]  # release, launch
    local: str
    remote: str
    steps: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "nestgen": __version__,
            "source": self.source,
            "target": self.target,
            "options": self.options,
            "local": self.local,
            "remote": self.remote,
            "steps": self.steps,
        }

    def check(self, pkg: Package, plan: Plan) -> None:
        """Refuse when the package or the remote side is not what the saved plan saw."""
        if local_digest(pkg) != self.local:
            raise CheckFailed(
                "the package changed since the plan was saved; nothing was published "
                "(run `nestgen plan -o PLAN` again)"
            )
        if remote_digest(plan) != self.remote:
            raise CheckFailed(
                "the remote side changed since the plan was saved; nothing was published "
                "(run `nestgen plan -o PLAN` again)"
            )


def save(path: Path, saved: SavedPlan) -> None:
    write_atomic(path, json.dumps(saved.to_dict(), indent=2, sort_keys=True) + "\n")


def is_saved_plan(path: Path) -> bool:
    """Whether ``path`` is a file written by ``plan -o`` (its first bytes say so)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return head.lstrip().startswith(b"{") and FORMAT.encode() in head


def load(path: Path) -> SavedPlan:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a saved plan ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{path}: not a saved plan of this nestgen ({FORMAT})")
    try:
        return SavedPlan(
            data["source"],
            data["target"],
            data["options"],
            data["local"],
            data["remote"],
            data.get("steps") or [],
        )
    except KeyError as exc:
        raise InputError(f"{path}: the saved plan has no {exc.args[0]}") from None
