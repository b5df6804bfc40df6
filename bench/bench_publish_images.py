"""Spec ``images: acr`` against ``images: keep``: first publish and unchanged republish.

Run: ``PYTHONPATH=. python3 bench/bench_publish_images.py [RUNS]`` (needs ``docker-registry``).
The spec's chart pulls three images from an anonymous source registry on 127.0.0.1 (two
of them an index of two platforms, 1 MiB of noise per layer; one image pulled at two values
paths); the target is Compute Nest's registry behind the fake (htpasswd docker-registry).
The fake adds 50 ms to every API and OSS request; the registries add nothing. Each path
runs RUNS times (default 3) on a fresh fake and a fresh lock, in-process (lint and build
included); calls are the same every time, the wall time is min-max, and the ratio is the
median against the same path with ``images: keep``.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "publish"))

from fakecloud import FakeCloud, Server
from publish_helpers import env_for, publish, write_spec
from publish_servers import HelmRepo, RegistryProcess, chart_archive, push_image

LATENCY = 0.05
MIB = 1 << 20
VERSION = "0.9.0"


def _spec(root: Path, repo: HelmRepo, images: str) -> Path:
    path = write_spec(root, repo.url, VERSION)
    path.write_text(path.read_text().replace("artifacts:", f"images: {images}\nartifacts:"))
    return path


def _figures(fake: FakeCloud, start: int, pushes: int) -> str:
    """The requests since ``start``: API calls (writes among them), pushes, uploads."""
    new = fake.journal[start:]
    api = [e for e in new if e.kind == "api" and e.status < 300]
    read = ("List", "Get", "Validate", "Preview")
    changed = sum(not e.action.startswith(read) for e in api)
    uploads = sum(e.kind == "oss" and e.action.startswith("PUT") for e in new)
    return f"{len(api)} calls ({changed} writes) + {pushes} pushes + {uploads} uploads"


def _run(registry: RegistryProcess, repo: HelmRepo, root: Path, images: str, noop: bool):
    fake = FakeCloud(
        registry_path=f"{registry.host}/computenest/bench",
        registry_user=registry.user,
        registry_password=registry.password,
        registry_check=lambda name: registry.has_repo(f"computenest/{name}"),
        registry_tags=lambda name: registry.tags(f"computenest/{name}"),
        latency=LATENCY,
        settle_reads=0,
    )
    spec = _spec(root, repo, images)
    with Server(fake) as server:
        env = env_for(fake, server, root)
        if noop:
            publish(spec, env)
        start = len(fake.journal)
        began = time.perf_counter()
        pushes = len(publish(spec, env).log.pushes)
        wall = time.perf_counter() - began
    return _figures(fake, start, pushes), wall


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        servers = []
        for name, auth in (("target", True), ("source", False)):
            (root / name).mkdir()
            servers.append(RegistryProcess(root / name, auth=auth))
            servers[-1].start()
        target, source = servers
        repo = HelmRepo(root / "helm")
        try:
            host = source.host
            push_image(host, "bench/app", "1", ("amd64", "arm64"), MIB)
            push_image(host, "bench/proxy", "2", ("amd64", "arm64"), MIB)
            push_image(host, "bench/pause", "3", ("amd64",), MIB)
            values = (
                f"app:\n  image: {{name: {host}/bench/app, tag: '1'}}\n"
                f"worker:\n  image: {{name: {host}/bench/app, tag: '1'}}\n"
                f"proxy:\n  image: {{name: {host}/bench/proxy, tag: '2'}}\n"
                f"pause:\n  image: {{name: {host}/bench/pause, tag: '3'}}\n"
            )
            repo.publish("demo", VERSION, chart_archive("demo", VERSION, "bench", values))
            walls: dict[tuple[str, bool], list[float]] = {}
            figures: dict[tuple[str, bool], str] = {}
            for index in range(runs):
                for images in ("keep", "acr"):
                    for noop in (False, True):
                        run_root = root / f"{images}-{noop}-{index}"
                        run_root.mkdir()
                        fig, wall = _run(target, repo, run_root, images, noop)
                        figures[(images, noop)] = fig
                        walls.setdefault((images, noop), []).append(wall)
                _clear(target)  # so each index's first acr publish copies for real
        finally:
            repo.shutdown()
            for server in servers:
                server.stop()
    print(
        f"fake Compute Nest + OSS with {LATENCY * 1000:.0f} ms per request; real docker-registry "
        f"(source and target) on 127.0.0.1; {runs} runs each, in-process"
    )
    print("| images | path | nestgen | wall | x keep (median) |")
    print("|---|---|---|---|---|")
    for noop, label in ((False, "first publish"), (True, "no-op republish")):
        base = statistics.median(walls[("keep", noop)])
        for images in ("keep", "acr"):
            values = walls[(images, noop)]
            print(
                f"| {images} | {label} | {figures[(images, noop)]} | "
                f"{min(values):.2f}-{max(values):.2f} s | "
                f"{statistics.median(values) / base:.2f} |"
            )


def _clear(registry: RegistryProcess) -> None:
    """Restart the target registry empty, so every run's first publish copies the images."""
    registry.stop()
    shutil.rmtree(registry.root / "data", ignore_errors=True)
    registry.start()


if __name__ == "__main__":
    main()
