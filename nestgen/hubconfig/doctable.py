"""The variables table of docs/hub.md, generated from the declarations in variables.py.

Regenerate with ``python -m nestgen.hubconfig.doctable docs/hub.md``; a test keeps it current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nestgen.fsutil import write_atomic
from nestgen.hubconfig.variables import VARIABLES, Var

BEGIN = (
    "<!-- generated from nestgen/hubconfig/variables.py by "
    "`python -m nestgen.hubconfig.doctable docs/hub.md`: edit the declarations, not this table -->"
)
END = "<!-- end of the generated table -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _default(var: Var) -> str:
    if var.default_doc:
        return var.default_doc
    if not var.default:
        return "—"
    return var.default


def _helm(var: Var) -> str:
    if var.no_helm:
        return f"none: {var.no_helm}"
    paths = ", ".join(f"`{p}`" for p in var.helm_paths)
    return paths + (" (only when set)" if var.helm_when_set else "")


def variables_table() -> str:
    """The markdown table: one row per declared variable, in declaration order."""
    rows = [
        "| variable | default | accepted values | Swarm hub | Helm values (ACK) |",
        "|---|---|---|---|---|",
    ]
    for var in VARIABLES.values():
        name = var.name + (" (secret)" if var.secret else "")
        cells = (name, _default(var), var.accepts, var.lands, _helm(var))
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(rows) + "\n"


def with_table(text: str) -> str:
    """``text`` with the part between the markers replaced by the current table."""
    head, begin, rest = text.partition(BEGIN + "\n")
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError("the generated-table markers are missing")
    return head + begin + variables_table() + end + tail


def main(argv: list[str]) -> int:
    """Rewrite the table in each given markdown file."""
    for name in argv:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = with_table(text)
        if new != text:
            write_atomic(path, new)
            print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
