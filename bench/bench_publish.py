"""Publish against the fake Compute Nest with 50 ms added per request: calls, uploads, time.

Run: ``PYTHONPATH=. python3 bench/bench_publish.py`` (needs ``docker-registry``).
Two packages: the tests' small demo package and the JupyterHub package generated from
the embedded spec (each published once, then republished unchanged).
Compares with what the official computenest-cli 1.9.17 needs for the same package
(measured against a local fake, see the issue): first publish 12 calls + chart push +
2 uploads; unchanged republish 8 calls + 1 upload + 1 download.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "publish"))

from fakecloud import FakeCloud, Server
from publish_helpers import env_for, publish, write_package
from publish_servers import RegistryProcess, chart_archive

from nestgen.package import build_package
from nestgen.spec import load_spec

LATENCY = 0.05
OFFICIAL = {
    "first publish": "12 calls + 1 chart push + 2 uploads",
    "no-op republish": "8 calls + 1 upload + 1 download",
}


def _run(label: str, fake: FakeCloud, pkg: Path, env: dict[str, str], chart: Path) -> str:
    start_calls, start_oss = len(fake.calls()), len(fake.calls("oss"))
    started = time.perf_counter()
    outcome = publish(pkg, env, charts={"": chart})
    wall = time.perf_counter() - started
    calls = len(fake.calls()) - start_calls
    uploads = len(fake.calls("oss")) - start_oss
    pushes = len(outcome.log.pushes)
    return (
        f"| {pkg.name} | {label} | {calls} calls + {pushes} chart push + {uploads} uploads | "
        f"{wall:.2f} s | {OFFICIAL[label]} |"
    )


def _chart(root: Path, name: str, version: str) -> Path:
    path = root / f"{name}-{version}.tgz"
    path.write_bytes(chart_archive(name, version))
    return path


def _packages(root: Path) -> list[tuple[Path, Path]]:
    """The small test package, and the generated JupyterHub package (embedded spec)."""
    jupyterhub = root / "jupyterhub"
    build_package(load_spec(None), jupyterhub)
    return [
        (write_package(root / "demo"), _chart(root, "demo", "0.1.0")),
        (jupyterhub, _chart(root, "jupyterhub", "4.0.0")),
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        registry = RegistryProcess(root / "registry")
        registry.root.mkdir()
        registry.start()
        try:
            fake = FakeCloud(
                registry_path=f"{registry.host}/computenest",
                registry_user=registry.user,
                registry_password=registry.password,
                latency=LATENCY,
                settle_reads=0,
            )
            with Server(fake) as server:
                env = env_for(fake, server, root)
                rows = [
                    _run(label, fake, pkg, env, chart)
                    for pkg, chart in _packages(root)
                    for label in OFFICIAL
                ]
        finally:
            registry.stop()
    print(
        f"fake Compute Nest + OSS with {LATENCY * 1000:.0f} ms per request; "
        "real docker-registry on 127.0.0.1 (no added latency)"
    )
    print("| package | run | nestgen | nestgen wall | computenest-cli 1.9.17 |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
