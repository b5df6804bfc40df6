"""Benchmark: ``nestgen lint`` over the whole corpus, one process and in parallel.

Run: ``PYTHONPATH=. python3 bench/bench_lint.py [CORPUS] [--runs N]``.  Prints, as medians
of N runs (and the fastest):

- the parse baseline: ``yaml.load`` with ``CSafeLoader`` of every file (ROS short tags
  accepted), in this process;
- ``lint_paths`` in this process (``jobs=1``), and its ratio to the parse baseline;
- whole ``python -m nestgen lint`` processes, run round-robin so load affects all alike:
  one small template, the corpus with ``-j 1`` and the corpus with the default (one worker
  per CPU), wall and CPU time.
"""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from nestgen.lint import lint_paths
from nestgen.lint.parallel import default_jobs

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = next(
    (
        p
        for p in (REPO.parent / "shared" / "corpus", REPO.parent.parent / "shared" / "corpus")
        if p.is_dir()
    ),
    REPO.parent / "shared" / "corpus",
)
ONE_TEMPLATE = REPO / "tests/lint/fixtures/good_package/ros_templates/template.yaml"


class _TagLoader(yaml.CSafeLoader):
    """CSafeLoader that accepts ROS short tags (``!Ref``...) so every template parses."""


_TagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def parse_all(files: list[Path]) -> float:
    """Seconds to read and parse every file with the C loader (failures count too)."""
    start = time.perf_counter()
    for path in files:
        with contextlib.suppress(yaml.YAMLError):
            yaml.load(path.read_bytes(), Loader=_TagLoader)
    return time.perf_counter() - start


def lint_once(corpus: Path) -> float:
    """Seconds for one in-process, one-process lint of the corpus."""
    start = time.perf_counter()
    lint_paths([corpus], jobs=1)
    return time.perf_counter() - start


def timings(runs: int, func: Callable[..., float], *args: object) -> list[float]:
    return [func(*args) for _ in range(runs)]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def process_time(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process (its workers included); exit code ignored."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    env["PYTHONPATH"] = str(REPO)  # .pyc files are kept, as after `pip install`
    env.pop("NESTGEN_LINT_JOBS", None)
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, _children_cpu() - cpu


def whole_processes(corpus: Path, runs: int) -> dict[str, list[tuple[float, float]]]:
    """Round-robin runs of each command (after one warm-up run each)."""
    lint = [sys.executable, "-m", "nestgen", "lint"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "lint one template": [*lint, str(ONE_TEMPLATE)],
        "lint corpus -j 1": [*lint, str(corpus), "-j", "1"],
        f"lint corpus (auto: {default_jobs()} CPUs)": [*lint, str(corpus)],
    }
    for argv in commands.values():
        process_time(argv)
    result: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            result[name].append(process_time(argv))
    return result


def _line(name: str, values: list[float]) -> str:
    return f"{name:<34} median {statistics.median(values):6.3f} s   min {min(values):6.3f} s"


def main() -> None:
    args = list(sys.argv[1:])
    runs = 5
    if "--runs" in args:
        at = args.index("--runs")
        runs = int(args[at + 1])
        del args[at : at + 2]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".yaml", ".yml"))
    lint_paths([corpus])  # warm the file cache so every run reads from memory
    parse = timings(runs, parse_all, files)
    lint = timings(runs, lint_once, corpus)
    print(f"files: {len(files)}, runs: {runs}, CPUs: {default_jobs()}")
    print(_line("parse (CSafeLoader, in process)", parse))
    print(_line("lint -j 1 (in process)", lint))
    print(f"{'':<34} ratio {statistics.median(lint) / statistics.median(parse):.2f}x parse")
    for name, values in whole_processes(corpus, runs).items():
        cpu = statistics.median(c for _, c in values)
        print(f"{_line('process: ' + name, [w for w, _ in values])}   cpu {cpu:6.3f} s")


if __name__ == "__main__":
    main()
