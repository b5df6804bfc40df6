"""``${X}`` variables: escapes name nothing, whitespace is kept as written."""

from __future__ import annotations

import pytest

from nestgen.subvars import substitute, variables, whole_variable


def test_variables_skip_escapes_and_keep_order() -> None:
    assert variables("${B}-${!A}-${ C }-${Res.Attr}") == ["B", " C ", "Res.Attr"]


@pytest.mark.parametrize(
    ("text", "name"),
    [("${X}", "X"), ("${ X}", " X"), ("${!X}", None), ("a${X}", None), ("${X}${Y}", None)],
)
def test_whole_variable(text: str, name: str | None) -> None:
    assert whole_variable(text) == name


def test_substitute_replaces_and_unescapes() -> None:
    assert substitute("${A}/${!B}/${C}", str.lower) == "a/${B}/c"
