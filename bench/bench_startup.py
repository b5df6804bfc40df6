"""Start-up cost: `nestgen --help` against bare `python -c pass`, whole processes.

Run: python3 bench/bench_startup.py [--runs N]
"""

from __future__ import annotations

import sys

from benchlib import BARE, measure, report, runs_from_argv


def main() -> None:
    commands = [BARE, ("nestgen --help", [sys.executable, "-m", "nestgen", "--help"])]
    print(report(measure(commands, runs_from_argv())))


if __name__ == "__main__":
    main()
