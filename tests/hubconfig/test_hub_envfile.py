"""The env file format shared by --env-file and the generator."""

from __future__ import annotations

from pathlib import Path

import pytest

from nestgen.errors import InputError, InputErrors
from nestgen.hubconfig import read_env_file
from nestgen.hubconfig.envfile import parse_env_text


def test_hub_env_file_lines_comments_quotes() -> None:
    text = (
        "# a comment\n\n"
        "A=1\n"
        "export B = two words\n"
        'C="quoted # not a comment"\n'
        "D='single'\n"
        "E=http://x/#frag\n"
        "F=\n"
        "G='unbalanced\n"
    )
    assert parse_env_text(text) == {
        "A": "1",
        "B": "two words",
        "C": "quoted # not a comment",
        "D": "single",
        "E": "http://x/#frag",
        "F": "",
        "G": "'unbalanced",
    }


def test_hub_env_file_reports_every_bad_line_with_its_place() -> None:
    with pytest.raises(InputErrors) as caught:
        parse_env_text("A=1\nnot a pair\nA=2\n9X=1\n", "hub.env")
    assert caught.value.lines() == [
        "hub.env:2:1: expected KEY=VALUE",
        "hub.env:3:1: A is set twice (first on line 1)",
        "hub.env:4:1: expected KEY=VALUE",
    ]


def test_hub_env_file_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_env_file(tmp_path / "nope.env")
    assert "cannot read the env file" in str(caught.value)


def test_hub_env_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bin.env"
    path.write_bytes(b"A=\xff\n")
    with pytest.raises(InputError):
        read_env_file(path)


def test_hub_env_file_remembers_where_each_variable_was_set() -> None:
    from nestgen.hubconfig import HubConfigError, HubSettings

    env = parse_env_text("# c\n\nSPAWNER_NETWORK_NAME=n\nSPAWNER_MEM_LIMIT=4g\n", "hub.env")
    assert str(env.where("SPAWNER_MEM_LIMIT")) == "hub.env:4:1"
    assert str(env.where("HUB_PORT")) == "hub.env"
    with pytest.raises(HubConfigError) as caught:
        HubSettings.from_env(env)
    (line,) = caught.value.lines()
    assert line.startswith("hub.env:4:1: SPAWNER_MEM_LIMIT='4g': a size")
