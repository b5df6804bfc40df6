"""The rule catalogue as Markdown, generated from the registry for docs/lint.md.

``python -m nestgen.lint.catalogue docs/lint.md`` rewrites the block between the
``<!-- rules:start -->`` and ``<!-- rules:end -->`` markers; a test keeps it current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nestgen.fsutil import write_atomic
from nestgen.lint.registry import RULES

START, END = "<!-- rules:start -->", "<!-- rules:end -->"
GROUPS = {
    "0": "Decode",
    "1": "Structure",
    "2": "References",
    "3": "Parameters",
    "4": "Console metadata",
    "5": "Outputs",
    "6": "Compute Nest cross-file",
    "7": "config.yaml schema",
    "8": "Resources (ROS spec)",
}


def markdown() -> str:
    """A table of every rule: id, severity, group, description."""
    rows = ["| id | severity | group | checks that |", "|---|---|---|---|"]
    rows += [
        f"| {r.id} | {r.severity} | {GROUPS[r.id[1]]} | {r.description.replace('|', '/')} |"
        for r in RULES
    ]
    return "\n".join(rows) + "\n"


def refresh(text: str) -> str:
    """``text`` with its catalogue block replaced by the current one."""
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{markdown()}{END}{tail}"


def main(argv: list[str]) -> int:
    """Rewrite the catalogue block of each named Markdown file."""
    for name in argv:
        path = Path(name)
        write_atomic(path, refresh(path.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
