"""The chart lock file beside the spec: ``charts: {key: {chart, version, digest, images}}``.

``images`` (spec ``images: acr``) maps a values path to the image it pulls, pinned by digest
(``hub.image: quay.io/jupyterhub/k8s-hub:4.0.0@sha256:...``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.cloud.chart import ChartArchive
from nestgen.errors import InputError
from nestgen.fsutil import write_atomic
from nestgen.spec.lock import read_compose_pins, read_digests


def lock_path(spec_path: Path) -> Path:
    """``<spec stem>.lock.yaml`` in the spec's folder."""
    return spec_path.with_name(f"{spec_path.stem}.lock.yaml")


@dataclass
class ChartLock:
    """Pinned chart digests; ``changed`` says whether :meth:`save` has anything to write."""

    path: Path
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed: bool = False
    compose: dict[str, dict[str, str]] = field(default_factory=dict)  # template -> pins

    @classmethod
    def load(cls, path: Path) -> ChartLock:
        """Read with the spec loader's readers, so both agree on the file."""
        charts = {key: _entry(entry) for key, entry in read_digests(path).items()}
        return cls(path, charts, compose=read_compose_pins(path))

    def compose_images(self, template: str) -> dict[str, str]:
        """The pinned images of a template's compose file (path -> pinned image)."""
        return dict(self.compose.get(template) or {})

    def pin_compose(self, template: str, images: dict[str, str]) -> None:
        """Record the images a template's compose file pulls."""
        if self.compose_images(template) != images:
            if images:
                self.compose[template] = dict(sorted(images.items()))
            else:
                self.compose.pop(template, None)
            self.changed = True

    def images(self, key: str) -> dict[str, str]:
        """The pinned images of chart ``key`` (values path -> ``name:tag@sha256:...``)."""
        return dict((self.charts.get(key) or {}).get("images") or {})

    def pin_images(self, key: str, images: dict[str, str]) -> None:
        """Record the images chart ``key`` pulls (its entry must exist: :meth:`check` first)."""
        entry = self.charts[key]
        if self.images(key) != images:
            if images:
                entry["images"] = dict(sorted(images.items()))
            else:
                entry.pop("images", None)
            self.changed = True

    def digest(self, key: str, version: str) -> str | None:
        """The pinned digest of ``key`` at ``version``, if pinned."""
        entry = self.charts.get(key) or {}
        return entry.get("digest") if entry.get("version") == version else None

    def check(self, key: str, archive: ChartArchive, update: bool) -> None:
        """Record a first fetch (or ``update``); reject an archive that differs from its pin."""
        pinned = self.digest(key, archive.version)
        if pinned == archive.digest:
            return
        if pinned and not update:
            raise InputError(
                f"chart {key} {archive.version}: digest {archive.digest} does not match the "
                f"lock ({pinned}); if the new archive is intended, rerun with --update-lock",
                field=str(self.path),
            )
        self.charts[key] = {
            "chart": archive.name,
            "version": archive.version,
            "digest": archive.digest,
        }
        self.changed = True

    def save(self) -> None:
        if self.changed:
            data: dict[str, Any] = {"charts": dict(sorted(self.charts.items()))}
            if self.compose:
                data["compose"] = dict(sorted(self.compose.items()))
            write_atomic(self.path, yamlio.dumps(data))
            self.changed = False


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {str(a): str(b) for a, b in entry.items() if a != "images"}
    images = entry.get("images")
    if isinstance(images, dict) and images:
        found["images"] = {str(a): str(b) for a, b in images.items()}
    return found
