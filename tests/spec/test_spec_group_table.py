"""docs/spec.md's group table is the one the library generates."""

from __future__ import annotations

from pathlib import Path

from nestgen.ros.groups import GROUPS
from nestgen.ros.groups.catalogue import BEGIN, END, group_table

SPEC_DOC = Path(__file__).resolve().parents[2] / "docs" / "spec.md"


def test_docs_group_table_is_current():
    text = SPEC_DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == group_table(), "run: python -m nestgen.ros.groups.catalogue"


def test_table_has_every_group_and_what_it_adds():
    rows = group_table().splitlines()[3:-1]
    assert [row.split(" | ")[0].strip("| `") for row in rows] == list(GROUPS)
    ecs = next(row for row in rows if row.startswith("| `ecs`"))
    assert "`InstancePassword`" in ecs and "ALIYUN::ECS::InstanceGroup" in ecs
    assert ecs.endswith("| `network` | `cluster` |")
