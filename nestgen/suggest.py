"""Did-you-mean: the closest known name to a misspelt one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name most like ``name`` (case-insensitive), or None when none is close."""
    names = [k for k in known if isinstance(k, str)]
    by_lower = {k.lower(): k for k in names}
    found = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=cutoff)
    return by_lower[found[0]] if found else None


def did_you_mean(name: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean X?)`` or an empty string."""
    match = closest(name, known, cutoff)
    return f" (did you mean {match}?)" if match else ""
