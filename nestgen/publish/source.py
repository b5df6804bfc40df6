"""From what the user named (a package dir or a spec) to a linted package with its charts."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nestgen.cloud.chart import ChartArchive, load_chart
from nestgen.cloud.deadline import Deadline
from nestgen.cloud.helmrepo import fetch_chart
from nestgen.cloud.settings import transfer_policy
from nestgen.errors import CheckFailed, InputError, UsageError
from nestgen.lint import lint_package, load_config
from nestgen.package import build_package
from nestgen.package.repo import TABLE, find_layout
from nestgen.publish.images import pin_images
from nestgen.publish.lock import ChartLock, lock_path
from nestgen.publish.package import LocalArtifact, Package, find_config, load_package
from nestgen.spec import Artifact, Spec, load_spec

Warn = Callable[[str], None]
MAX_SHOWN = 20


@dataclass(frozen=True, kw_only=True)
class Source:
    """What to publish: a package directory or a spec, and chart overrides."""

    path: Path | None = None  # None: see :func:`resolve_path`
    service_name: str | None = None
    charts: Mapping[str, Path] = field(default_factory=dict)  # key ("" = the only chart)
    update_lock: bool = False


@dataclass
class Prepared:
    """A package ready to plan, and the chart lock to save after a successful publish."""

    package: Package
    lock: ChartLock | None
    display: Path | None = None  # the package folder as given (None: built from a spec)


def lint(package_dir: Path, warn: Warn, settings_from: Path | None = None) -> None:
    """Lint the package: warnings are shown, errors stop publishing before any API call.

    The lint settings (``[tool.nestgen.lint]``, ``.nestgen.yaml``) are the nearest ones
    above ``settings_from`` (default: the package folder), as ``nestgen lint`` reads them.
    """
    result = lint_package(package_dir, config=load_config(settings_from or package_dir))
    warnings = [f for f in result.findings if f.severity == "warning"]
    for finding in warnings[:MAX_SHOWN]:
        warn(f"lint {finding.display(package_dir)}")
    if len(warnings) > MAX_SHOWN:
        warn(f"lint: {len(warnings) - MAX_SHOWN} more warning(s); run `nestgen lint`")
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        lines = [f.display(package_dir) for f in errors[:MAX_SHOWN]]
        more = [f"... and {len(errors) - MAX_SHOWN} more"] if len(errors) > MAX_SHOWN else []
        raise CheckFailed(
            f"{len(errors)} lint error(s); nothing was published:\n  " + "\n  ".join(lines + more)
        )


def _spec_artifacts(spec: Spec | None) -> dict[str, Artifact]:
    return {a.key: a for a in (spec.artifacts if spec else ()) if a.type.lower() == "helmchart"}


def _charts(pkg: Package) -> list[LocalArtifact]:
    return [a for a in pkg.artifacts if a.kind == "HelmChart"]


def _override(source: Source, key: str, charts: int) -> Path | None:
    """The ``--chart`` archive for chart ``key`` (a bare ``--chart`` when it is the only one)."""
    return source.charts.get(key) or (source.charts.get("") if charts == 1 else None)


def _archive(
    chart: LocalArtifact,
    source: Source,
    pkg: Package,
    spec_artifact: Artifact | None,
    lock: ChartLock | None,
    env: Mapping[str, str],
) -> ChartArchive:
    override = _override(source, chart.key, len(_charts(pkg)))
    if override is not None:
        return load_chart(override)
    if spec_artifact is not None:
        version = spec_artifact.version
        pinned = lock.digest(chart.key, version) if lock else None
        return fetch_chart(
            spec_artifact.repository, spec_artifact.chart, version, env=env, expected_digest=pinned
        )
    if chart.path:
        return load_chart(pkg.root / chart.path)
    repo_name, tag = chart.expected
    if chart.repository and repo_name and tag:
        archive = fetch_chart(
            chart.repository, repo_name, tag, env=env, expected_digest=chart.digest
        )
        if chart.digest and archive.digest != chart.digest:
            raise InputError(
                f"chart {chart.key}: {chart.repository} serves {repo_name} {tag} with digest "
                f"{archive.digest}, but config.yaml pins {chart.digest}"
            )
        return archive
    raise InputError(
        f"chart {chart.key}: no archive in the package; give --chart {chart.key}="
        "ARCHIVE or publish from the spec"
    )


def attach_charts(
    pkg: Package, source: Source, spec: Spec | None, lock: ChartLock | None, env: Mapping[str, str]
) -> None:
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


def _spec_chart(
    chart: Artifact, spec: Spec, source: Source, lock: ChartLock, env: Mapping[str, str]
) -> ChartArchive:
    """A spec chart's archive: ``--chart``, else fetched (from the cache when pinned)."""
    override = _override(source, chart.key, sum(a.type == "helmchart" for a in spec.artifacts))
    if override is not None:
        return load_chart(override)
    if chart.path is not None:  # an archive beside the spec
        return load_chart(chart.path)
    pinned = lock.digest(chart.key, chart.version)
    return fetch_chart(
        chart.repository, chart.chart, chart.version, env=env, expected_digest=pinned
    )


def _build(
    spec_path: Path,
    out: Path,
    source: Source,
    lock: ChartLock,
    env: Mapping[str, str],
    deadline: Deadline,
) -> Spec:
    """Build the spec; with ``images: acr`` its charts' images are pinned in the lock first."""
    spec = load_spec(spec_path)
    policy, timeout = transfer_policy(env)
    spec = pin_images(
        spec,
        lock,
        lambda chart: _spec_chart(chart, spec, source, lock, env),
        source.update_lock,
        policy,
        timeout,
        deadline,
    )
    build_package(spec, out)
    return spec


def _is_package(folder: Path) -> bool:
    try:
        find_config(folder)
    except InputError:
        return False
    return True


def resolve_path(path: Path | None, cwd: Path) -> Path:
    """What to publish when no PATH is given: ``cwd`` if it is a package directory, else the
    spec that ``[tool.nestgen.build]`` in ``cwd/pyproject.toml`` names (as ``nestgen build``)."""
    if path is not None:
        if not path.exists():
            raise UsageError(f"{path}: no such package directory or spec file")
        return path
    if _is_package(cwd):
        return cwd
    try:
        return find_layout(cwd).spec
    except UsageError:
        raise UsageError(
            f"{cwd} is not a package directory, and there is no [{TABLE}] "
            "table in its pyproject.toml: give PACKAGE_DIR or SPEC"
        ) from None


@contextmanager
def prepare(
    source: Source, env: Mapping[str, str], warn: Warn, deadline: Deadline | None = None
) -> Iterator[Prepared]:
    """Build (for a spec), lint, load and attach charts; temporary output is removed after.

    ``deadline`` (``--timeout``) bounds the image digest reads of ``images: acr``."""
    path = resolve_path(source.path, Path.cwd())
    if path.is_dir():
        lint(path, warn)
        pkg = load_package(path, source.service_name)
        attach_charts(pkg, source, None, None, env)
        yield Prepared(pkg, None, pkg.root)
        return
    with tempfile.TemporaryDirectory(prefix="nestgen-publish-") as tmp:
        out = Path(tmp) / "package"
        lock = ChartLock.load(lock_path(path))
        spec = _build(path, out, source, lock, env, deadline or Deadline())
        lint(out, warn, settings_from=path.parent)
        pkg = load_package(out, source.service_name)
        attach_charts(pkg, source, spec, lock, env)
        yield Prepared(pkg, lock)
