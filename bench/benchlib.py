"""Whole-process timing: run commands repeatedly, interleaved, and compare medians."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BARE = ("bare python -c pass", [sys.executable, "-c", "pass"])


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time_once(argv: Sequence[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one whole process."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(REPO)  # .pyc files are kept, as after `pip install`
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, _cpu() - cpu


def measure(
    commands: Sequence[tuple[str, list[str]]], runs: int, cwd: Path = REPO
) -> dict[str, list[tuple[float, float]]]:
    """Run every command ``runs`` times, round-robin so load affects all alike."""
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in commands}
    for _, argv in commands:  # warm-up: page cache, .pyc files
        _time_once(argv, cwd)
    for _ in range(runs):
        for name, argv in commands:
            timings[name].append(_time_once(argv, cwd))
    return timings


def report(timings: dict[str, list[tuple[float, float]]], baseline: str = BARE[0]) -> str:
    """Median wall and CPU milliseconds per command and their ratios to ``baseline``."""
    base_wall = statistics.median(w for w, _ in timings[baseline])
    base_cpu = statistics.median(c for _, c in timings[baseline])
    head = f"{'command':<32} {'wall ms':>8} {'min ms':>7} {'x bare':>7} {'cpu ms':>7} {'x bare':>7}"
    rows = [head]
    for name, values in timings.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        rows.append(
            f"{name:<32} {wall * 1000:>8.1f} {min(w for w, _ in values) * 1000:>7.1f}"
            f" {wall / base_wall:>7.2f} {cpu * 1000:>7.1f} {cpu / base_cpu:>7.2f}"
        )
    return "\n".join(rows)


def runs_from_argv(default: int = 15) -> int:
    """``--runs N`` from the command line."""
    if "--runs" in sys.argv:
        return int(sys.argv[sys.argv.index("--runs") + 1])
    return default
