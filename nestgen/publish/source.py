"""From what the user named (a package dir or a spec) to a linted package with its charts."""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nestgen.cloud.chart import ChartArchive, load_chart
from nestgen.cloud.helmrepo import fetch_chart
from nestgen.errors import CheckFailed, InputError, UsageError
from nestgen.publish.lock import ChartLock, lock_path
from nestgen.publish.package import LocalArtifact, Package, load_package

Warn = Callable[[str], None]


@dataclass(frozen=True, kw_only=True)
class Source:
    """What to publish: a package directory or a spec, and chart overrides."""

    path: Path
    service_name: str | None = None
    charts: Mapping[str, Path] = field(default_factory=dict)  # key ("" = the only chart)
    update_lock: bool = False


@dataclass
class Prepared:
    """A package ready to plan, and the chart lock to save after a successful publish."""

    package: Package
    lock: ChartLock | None


def lint(package_dir: Path, warn: Warn) -> None:
    """Stop on lint errors; without the lint module, warn and go on."""
    try:
        module = importlib.import_module("nestgen.lint")
        lint_package = module.lint_package
    except ImportError:
        warn("nestgen.lint is not installed: publishing without linting")
        return
    errors = [f for f in lint_package(package_dir).findings if f.severity == "error"]
    if errors:
        lines = [str(f) for f in errors[:20]]
        raise CheckFailed(f"{len(errors)} lint error(s); nothing was published:\n  "
                          + "\n  ".join(lines))


def _spec_artifacts(spec: Any) -> dict[str, Any]:
    return {str(a.key): a for a in getattr(spec, "artifacts", None) or []
            if str(getattr(a, "type", "")).lower() == "helmchart"}


def _charts(pkg: Package) -> list[LocalArtifact]:
    return [a for a in pkg.artifacts if a.kind == "HelmChart"]


def _archive(chart: LocalArtifact, source: Source, pkg: Package, spec_artifact: Any,
             lock: ChartLock | None, env: Mapping[str, str]) -> ChartArchive:
    override = source.charts.get(chart.key) or (
        source.charts.get("") if len(_charts(pkg)) == 1 else None)
    if override is not None:
        return load_chart(override)
    if spec_artifact is not None:
        version = str(spec_artifact.version)
        pinned = lock.digest(chart.key, version) if lock else None
        return fetch_chart(str(spec_artifact.repository), str(spec_artifact.chart), version,
                           env=env, expected_digest=pinned)
    if chart.path:
        return load_chart(pkg.root / chart.path)
    raise InputError(f"chart {chart.key}: no archive in the package; give --chart {chart.key}="
                     "ARCHIVE or publish from the spec")


def attach_charts(pkg: Package, source: Source, spec: Any, lock: ChartLock | None,
                  env: Mapping[str, str]) -> None:
    """Give every chart its archive, checked against (and recorded in) the lock."""
    unknown = set(source.charts) - {c.key for c in _charts(pkg)} - {""}
    if unknown:
        raise UsageError(f"--chart names unknown chart key(s): {', '.join(sorted(unknown))}")
    artifacts = _spec_artifacts(spec)
    for chart in _charts(pkg):
        archive = _archive(chart, source, pkg, artifacts.get(chart.key), lock, env)
        origin = str(source.charts.get(chart.key) or source.charts.get("") or "the archive")
        chart.attach(archive, origin)
        if lock is not None:
            lock.check(chart.key, archive, source.update_lock)


def _build(spec_path: Path, out: Path) -> Any:
    from nestgen.package import build_package
    from nestgen.spec import load_spec

    spec = load_spec(spec_path)
    build_package(spec, out)
    return spec


@contextmanager
def prepare(source: Source, env: Mapping[str, str], warn: Warn) -> Iterator[Prepared]:
    """Build (for a spec), lint, load and attach charts; temporary output is removed after."""
    if not source.path.exists():
        raise UsageError(f"{source.path}: no such package directory or spec file")
    if source.path.is_dir():
        lint(source.path, warn)
        pkg = load_package(source.path, source.service_name)
        attach_charts(pkg, source, None, None, env)
        yield Prepared(pkg, None)
        return
    with tempfile.TemporaryDirectory(prefix="nestgen-publish-") as tmp:
        out = Path(tmp) / "package"
        spec = _build(source.path, out)
        lint(out, warn)
        pkg = load_package(out, source.service_name)
        lock = ChartLock.load(lock_path(source.path))
        attach_charts(pkg, source, spec, lock, env)
        yield Prepared(pkg, lock)
