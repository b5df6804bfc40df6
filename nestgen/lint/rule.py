"""Rules as small units: an id, a one-line description and a check function.

The severity comes from the id's letter (E error, W warning, I info).  A check takes a
:class:`~nestgen.lint.context.Context` and yields :class:`Hit` objects: a key path inside
the file (or inside another document, for cross-file checks) and a message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nestgen.lint.finding import SEVERITY_OF_LETTER

if TYPE_CHECKING:
    from nestgen.lint.context import Context
    from nestgen.yamlio import Document

RULE_ID = re.compile(r"^[EWI]\d{4}$")

# The kinds of file a rule can apply to.
TEMPLATE = "template"
CONFIG = "config"
PARAMETERS = "parameters"
ANY_KIND = frozenset({TEMPLATE, CONFIG, PARAMETERS, "unknown"})


@dataclass(frozen=True)
class Hit:
    """A problem found by a check, before it is placed in a file."""

    path: tuple[Any, ...]
    message: str
    value: bool = False  # point at the value instead of the key
    doc: Document | None = None  # another document than the one being checked
    line: int = 0  # an explicit position (parse errors), used when no path is known
    column: int = 0


Check = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """One lint rule."""

    id: str
    description: str
    check: Check
    kinds: frozenset[str]

    @property
    def severity(self) -> str:
        """error, warning or info, from the id's first letter."""
        return SEVERITY_OF_LETTER[self.id[0]]


def rule(
    rule_id: str, description: str, *, kinds: Iterable[str] = (TEMPLATE,)
) -> Callable[[Check], Rule]:
    """Decorate a check function into a :class:`Rule`."""
    if not RULE_ID.match(rule_id):
        raise ValueError(f"malformed rule id {rule_id!r}")

    def wrap(check: Check) -> Rule:
        return Rule(rule_id, description, check, frozenset(kinds))

    return wrap
