"""images/build-rootfs: a cold build (empty cache) against a cached one (import only).

Needs root, mmdebstrap and a Docker engine (DOCKER_HOST); each run is a whole process.
Run: DOCKER_HOST=unix:///path/docker.sock python3 bench/bench_images.py [--runs N] [--kind hub]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import REPO, runs_from_argv


def _once(kind: str, cache: Path) -> float:
    env = {**os.environ, "NESTGEN_IMAGE_CACHE": str(cache)}
    start = time.perf_counter()
    subprocess.run(
        [str(REPO / "images" / "build-rootfs"), kind, f"127.0.0.1:1/bench/{kind}:latest"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    if not os.environ.get("DOCKER_HOST"):
        sys.exit("set DOCKER_HOST to a Docker engine (the image is imported into it)")
    kind = sys.argv[sys.argv.index("--kind") + 1] if "--kind" in sys.argv else "notebook"
    runs = runs_from_argv(default=2)
    cold, cached = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="nestgen-bench-img-") as tmp:
            cold.append(_once(kind, Path(tmp)))
            cached.append(_once(kind, Path(tmp)))
    c, w = statistics.median(cold), statistics.median(cached)
    print(f"{kind}: cold build {c:.1f} s, cached {w:.1f} s (x{c / w:.1f}), {runs} run(s)")


if __name__ == "__main__":
    main()
