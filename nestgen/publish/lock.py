"""The chart lock file beside the spec: ``charts: {key: {chart, version, digest}}``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nestgen import yamlio
from nestgen.cloud.chart import ChartArchive
from nestgen.errors import InputError
from nestgen.fsutil import write_atomic
from nestgen.spec.lock import read_digests


def lock_path(spec_path: Path) -> Path:
    """``<spec stem>.lock.yaml`` in the spec's folder."""
    return spec_path.with_name(f"{spec_path.stem}.lock.yaml")


@dataclass
class ChartLock:
    """Pinned chart digests; ``changed`` says whether :meth:`save` has anything to write."""

    path: Path
    charts: dict[str, dict[str, str]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, path: Path) -> ChartLock:
        """Read with the spec loader's reader, so both agree on the file."""
        return cls(
            path,
            {
                key: {str(a): str(b) for a, b in entry.items()}
                for key, entry in read_digests(path).items()
            },
        )

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
            write_atomic(self.path, yamlio.dumps({"charts": dict(sorted(self.charts.items()))}))
            self.changed = False
