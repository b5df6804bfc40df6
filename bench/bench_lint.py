"""Benchmark: lint the whole corpus in one process against PyYAML's C parse of the same files.

Run: ``PYTHONPATH=. python3 bench/bench_lint.py [CORPUS]``.  Prints the lint time, the
parse time (``yaml.load`` with ``CSafeLoader``, ROS short tags accepted), their ratio, and
the time of a whole ``python -m nestgen lint CORPUS`` process.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml

from nestgen.lint import lint_paths

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = next(
    (
        p
        for p in (REPO.parent / "shared" / "corpus", REPO.parent.parent / "shared" / "corpus")
        if p.is_dir()
    ),
    REPO.parent / "shared" / "corpus",
)


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


def best_of(runs: int, func, *args) -> float:
    """The fastest of ``runs`` timings (seconds)."""
    return min(func(*args) for _ in range(runs))


def lint_once(corpus: Path) -> float:
    start = time.perf_counter()
    lint_paths([corpus])
    return time.perf_counter() - start


def process_time(corpus: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "nestgen", "lint", str(corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".yaml", ".yml"))
    lint_paths([corpus])  # warm the file cache so both sides read from memory
    parse = best_of(3, parse_all, files)
    lint = best_of(3, lint_once, corpus)
    whole = best_of(3, process_time, corpus)
    print(f"files: {len(files)}")
    print(f"parse (CSafeLoader): {parse:.3f} s")
    print(f"lint (one process):  {lint:.3f} s   ratio {lint / parse:.2f}x")
    print(f"whole CLI process:   {whole:.3f} s")


if __name__ == "__main__":
    main()
