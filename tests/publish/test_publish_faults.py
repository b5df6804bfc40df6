"""A fault at every request position: a clear error or success, and a rerun converges."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakecloud import Server
from publish_helpers import env_for, publish, write_package

from nestgen.errors import NestgenError

pytestmark = pytest.mark.integration


def _converged(fake) -> None:
    assert len(fake.services) == 1
    assert len(fake.artifacts) == 1
    (artifact,) = fake.artifacts.values()
    assert list(artifact["versions"]) == ["draft"]
    (service,) = fake.services.values()
    assert service["Status"] == "Draft"


def _positions(make_cloud, tmp_path: Path, chart_file: Path) -> int:
    fake = make_cloud()
    with Server(fake) as server:
        publish(
            write_package(tmp_path / "probe"),
            env_for(fake, server, tmp_path),
            charts={"demo": chart_file},
        )
    return len(fake.journal)


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        ("drop-after", 1),
        ("drop-after", 4),
        ("500", 4),
        ("throttle", 1),
        ("drop", 4),
        ("400", 1),
        ("timeout", 1),
    ],
)
def test_fault_at_every_position_converges(kind, count, make_cloud, tmp_path, chart_file):
    total = _positions(make_cloud, tmp_path, chart_file)
    assert total >= 10
    for position in range(total):
        fake = make_cloud(timeout_sleep=1.3)
        fake.inject(position, kind, count)
        with Server(fake) as server:
            env = env_for(fake, server, tmp_path)
            pkg = write_package(tmp_path / f"pkg-{kind}-{count}-{position}")
            try:
                publish(pkg, env, charts={"demo": tmp_path / chart_file})
            except NestgenError as exc:
                assert "\n" not in str(exc) and "Traceback" not in str(exc)
            else:
                _converged(fake)
            publish(pkg, env, charts={"demo": chart_file})
            _converged(fake)
            writes = len(fake.writes())
            again = publish(pkg, env, charts={"demo": chart_file})
            assert again.result is None and len(fake.writes()) == writes, (kind, position)
