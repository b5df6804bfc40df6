"""Charts from a Helm repository over HTTP, the cache, and the lock file."""

from __future__ import annotations

from pathlib import Path

import pytest
from publish_helpers import write_package, write_spec
from publish_servers import HelmRepo, chart_archive

from nestgen.cloud.chart import read_chart
from nestgen.cloud.helmrepo import cache_dir, fetch_chart
from nestgen.errors import InputError
from nestgen.publish.lock import ChartLock
from nestgen.publish.package import load_package
from nestgen.publish.source import Source, attach_charts
from nestgen.spec import Spec, load_spec


def _spec(repo: HelmRepo, folder: Path) -> Spec:
    return load_spec(write_spec(folder / "spec", repo.url))


def test_fetch_uses_index_and_cache(helm_repo: HelmRepo, tmp_path: Path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    chart = fetch_chart(helm_repo.url, "demo", "0.1.0", env=env)
    assert (chart.name, chart.version) == ("demo", "0.1.0")
    assert (cache_dir(env) / "demo-0.1.0.tgz").read_bytes() == chart.data
    # a pinned digest is served from the cache: the (unreachable) repository is not asked
    again = fetch_chart(
        "http://127.0.0.1:9/charts", "demo", "0.1.0", env=env, expected_digest=chart.digest
    )
    assert again.digest == chart.digest


def test_unknown_chart_version(helm_repo: HelmRepo, tmp_path: Path):
    with pytest.raises(InputError, match=r"demo 9\.9\.9 not found"):
        fetch_chart(helm_repo.url, "demo", "9.9.9", env={"XDG_CACHE_HOME": str(tmp_path)})


def test_lock_records_then_enforces(helm_repo: HelmRepo, tmp_path: Path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    pkg = load_package(write_package(tmp_path / "pkg"))
    lock = ChartLock.load(tmp_path / "spec.lock.yaml")
    attach_charts(pkg, Source(path=tmp_path), _spec(helm_repo, tmp_path), lock, env)
    lock.save()
    text = (tmp_path / "spec.lock.yaml").read_text()
    assert pkg.artifacts[0].archive is not None
    assert pkg.artifacts[0].archive.digest in text and "version: 0.1.0" in text

    other = tmp_path / "other.tgz"
    other.write_bytes(chart_archive("demo", "0.1.0", note="tampered"))
    lock = ChartLock.load(tmp_path / "spec.lock.yaml")
    with pytest.raises(InputError, match="does not match the lock"):
        attach_charts(
            pkg,
            Source(path=tmp_path, charts={"demo": other}),
            _spec(helm_repo, tmp_path),
            lock,
            env,
        )
    attach_charts(
        pkg,
        Source(path=tmp_path, charts={"demo": other}, update_lock=True),
        _spec(helm_repo, tmp_path),
        lock,
        env,
    )
    lock.save()
    assert read_chart(other.read_bytes(), "x").digest in (tmp_path / "spec.lock.yaml").read_text()


def test_repository_content_changed_under_the_pin(helm_repo: HelmRepo, tmp_path: Path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    pkg = load_package(write_package(tmp_path / "pkg"))
    lock = ChartLock(
        tmp_path / "l.yaml",
        {"demo": {"chart": "demo", "version": "0.1.0", "digest": "sha256:" + "0" * 64}},
    )
    with pytest.raises(InputError, match="does not match the lock"):
        attach_charts(pkg, Source(path=tmp_path), _spec(helm_repo, tmp_path), lock, env)


def test_package_chart_path_is_used(tmp_path: Path):
    root = write_package(tmp_path / "pkg", chart_path="resources/demo-0.1.0.tgz")
    (root / "resources" / "demo-0.1.0.tgz").write_bytes(chart_archive("demo", "0.1.0"))
    pkg = load_package(root)
    attach_charts(pkg, Source(path=root), None, None, {})
    assert pkg.artifacts[0].archive is not None and pkg.artifacts[0].archive.version == "0.1.0"


def test_not_a_chart(tmp_path: Path):
    with pytest.raises(InputError, match="not a Helm chart archive"):
        read_chart(b"plain bytes", "bad.tgz")


def test_archive_must_be_the_chart_config_names(tmp_path: Path):
    pkg = load_package(write_package(tmp_path / "pkg"))
    other = tmp_path / "other-0.1.0.tgz"
    other.write_bytes(chart_archive("other", "0.1.0"))
    with pytest.raises(InputError, match=r"names demo 0\.1\.0, but .* holds other 0\.1\.0"):
        attach_charts(pkg, Source(path=tmp_path, charts={"demo": other}), None, None, {})
