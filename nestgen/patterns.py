"""How ROS applies a parameter's ``AllowedPattern``: one reading for the linter and the checker."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """An AllowedPattern compiled once (``re.error`` when it is not a regular expression)."""
    return re.compile(pattern)


def pattern_matches(pattern: str, text: str) -> bool:
    """ROS semantics: the pattern is searched for in the value; anchors are the author's.

    Published templates rely on this (a working service declares ``Default: /root`` with
    ``AllowedPattern: ^\\/``), so a pattern without ``$`` accepts any continuation.
    """
    return compile_pattern(pattern).search(text) is not None
