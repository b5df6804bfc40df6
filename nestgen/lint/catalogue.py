"""The rule catalogue as Markdown, generated from the registry for docs/lint.md.

``python -m nestgen.lint.catalogue docs/lint.md`` rewrites the block between the
``<!-- rules:start -->`` and ``<!-- rules:end -->`` markers (the table) and the one between
``<!-- reference:start -->`` and ``<!-- reference:end -->`` (each rule's rationale from
:mod:`nestgen.lint.rationale`, with an example cut from its bad fixture under
``tests/lint/fixtures/rules``); a test keeps both current.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from nestgen.fsutil import write_atomic
from nestgen.lint.rationale import RATIONALE
from nestgen.lint.registry import RULES
from nestgen.lint.rule import Rule

START, END = "<!-- rules:start -->", "<!-- rules:end -->"
REFERENCE_START, REFERENCE_END = "<!-- reference:start -->", "<!-- reference:end -->"
FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "lint" / "fixtures" / "rules"
MARKER = re.compile(r"\s*#\s*expect(-file)?:\s*([EWI]\d{4}(?:\s*,\s*[EWI]\d{4})*)\s*$")
WHY = {"error": "Why an error", "warning": "Why a warning", "info": "Why info"}
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


def reference(fixtures: Path = FIXTURES) -> str:
    """Every rule's section: what it catches, why that severity, how to fix, an example."""
    return "\n".join(_section(rule, fixtures) for rule in RULES)


def _section(rule: Rule, fixtures: Path) -> str:
    why = RATIONALE[rule.id]
    lines = [
        f"#### {rule.id} ({rule.severity}, {GROUPS[rule.id[1]]})",
        "",
        f"- **Catches:** {why.catches}",
        f"- **{WHY[rule.severity]}:** {why.severity}",
        f"- **Fix:** {why.fix} To ignore: `--ignore {rule.id}` (see Ignoring rules).",
    ]
    if why.link:
        lines.append(f"- **Docs:** {why.link}")
    example = _example(rule.id, fixtures)
    if example:
        where, snippet = example
        body = ["```yaml", *snippet, "```"] if snippet else ["(the file is empty)"]
        lines += ["", f"Example ({where}):", "", *body]
    elif why.example:
        lines += ["", "Example:", "", "```text", why.example, "```"]
    return "\n".join(lines) + "\n"


def _example(rule_id: str, fixtures: Path) -> tuple[str, list[str]] | None:
    """The lines around the first ``# expect: rule_id`` marker of the rule's bad fixture."""
    candidates = sorted(p for p in fixtures.glob(f"{rule_id}*") if "_good" not in p.name)
    files = [f for c in candidates for f in ([c] if c.is_file() else sorted(c.rglob("*")))]
    for path in (f for f in files if f.is_file()):
        lines = path.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            match = MARKER.search(line)
            if match and rule_id in re.split(r"\s*,\s*", match.group(2)):
                where = f"`{path.relative_to(fixtures.parent.parent.parent.parent).as_posix()}`"
                if match.group(1):  # the finding is about the whole file
                    return where, [_clean(text) for text in lines[:8] if _clean(text).strip()]
                return f"{where}, line {index + 1}", _context(lines, index)
    return None


def _clean(line: str) -> str:
    return MARKER.sub("", line).rstrip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _context(lines: list[str], index: int) -> list[str]:
    """The marked line with its ancestors (and their ``Type:``), up to four siblings before it
    and up to five lines of its own block after it."""
    level = _indent(lines[index])
    parent = index - 1
    while parent >= 0 and (not lines[parent].strip() or _indent(lines[parent]) >= level):
        parent -= 1
    first = max(parent + 1, index - 4)
    after = index + 1
    while after < len(lines) and after <= index + 5 and _indent(lines[after]) > level:
        after += 1
    chosen = set(range(first, after))
    for number in range(parent, -1, -1):
        line = lines[number]
        if line.strip() and _indent(line) < level and not line.lstrip().startswith("#"):
            chosen.add(number)
            chosen.update(_type_line(lines, number))
            level = _indent(line)
            if level == 0:
                break
    return [_clean(lines[n]) for n in sorted(chosen) if _clean(lines[n]).strip()]


def _type_line(lines: list[str], owner: int) -> list[int]:
    """The ``Type:`` line directly under the mapping entry at ``owner``, if any."""
    level = _indent(lines[owner])
    for number in range(owner + 1, len(lines)):
        line = lines[number]
        if line.strip() and _indent(line) <= level:
            break
        if line.lstrip().startswith("Type:"):
            return [number]
    return []


def _replace(text: str, start: str, end: str, body: str) -> str:
    head, found, rest = text.partition(start)
    if not found:
        return text
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{body}{end}{tail}"


def refresh(text: str, fixtures: Path = FIXTURES) -> str:
    """``text`` with its catalogue and reference blocks replaced by the current ones."""
    text = _replace(text, START, END, markdown())
    return _replace(text, REFERENCE_START, REFERENCE_END, reference(fixtures))


def main(argv: list[str]) -> int:
    """Rewrite the catalogue block of each named Markdown file."""
    for name in argv:
        path = Path(name)
        write_atomic(path, refresh(path.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
