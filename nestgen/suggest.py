"""Did-you-mean: the closest known name to a misspelt one (case first, then similarity)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The known name that differs only in case, else the most similar one, else None."""
    names = list(known)
    folded = {n.lower(): n for n in names}
    if name.lower() in folded:
        return folded[name.lower()]
    close = difflib.get_close_matches(name, names, n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(name: str, known: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`` (did you mean X?)`` or an empty string."""
    match = closest(name, known, cutoff=cutoff)
    return f" (did you mean {match}?)" if match else ""
