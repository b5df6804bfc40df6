"""`nestgen build` of the embedded JupyterHub spec, whole processes, against bare start-up.

Run: python3 bench/bench_build.py [--runs N]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchlib import BARE, REPO, measure, report, runs_from_argv


def main() -> None:
    nestgen = [sys.executable, "-m", "nestgen", "build"]
    with tempfile.TemporaryDirectory(prefix="nestgen-bench-") as tmp:
        commands = [
            BARE,
            ("nestgen --help", [sys.executable, "-m", "nestgen", "--help"]),
            ("nestgen build --out DIR", [*nestgen, "--out", str(Path(tmp) / "jupyterhub")]),
            ("nestgen build --check (repo)", [*nestgen, "--check"]),
        ]
        print(report(measure(commands, runs_from_argv(), cwd=REPO)))


if __name__ == "__main__":
    main()
