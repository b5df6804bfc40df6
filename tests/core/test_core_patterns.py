"""AllowedPattern is searched, as ROS does: anchors are the template author's."""

from __future__ import annotations

import pytest

from nestgen.patterns import pattern_matches


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"^\/", "/root", True),  # a published service's Default relies on this
        (r"^\/", "root", False),
        ("[a-z]+", "abc1", True),
        ("^[a-z]+$", "abc1", False),
        ("[0-9a-z]+$", "Cluster-c01", True),
        ("[0-9a-z]+$", "c01-", False),
    ],
)
def test_pattern_is_searched(pattern: str, text: str, matches: bool) -> None:
    assert pattern_matches(pattern, text) is matches
