"""The importable Python API: every package's ``__all__`` names something that exists."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import nestgen


def _packages() -> list[str]:
    names = ["nestgen"]
    for info in pkgutil.walk_packages(nestgen.__path__, "nestgen."):
        if info.ispkg:
            names.append(info.name)
    return names


@pytest.mark.parametrize("name", _packages())
def test_star_import_works(name: str) -> None:
    module = importlib.import_module(name)
    missing = [n for n in getattr(module, "__all__", ()) if not hasattr(module, n)]
    assert missing == []
    exec(f"from {name} import *", {})
