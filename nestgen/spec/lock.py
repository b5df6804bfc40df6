"""The lock file beside a spec (``<stem>.lock.yaml``, written by publishing): chart digests,
and the images re-hosted for ``images: acr`` (per chart, and per compose template)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.errors import InputError, InputErrors


def _sections(path: Path) -> dict[str, dict[str, Any]]:
    if not path.is_file():
        return {}
    try:
        doc = yamlio.load_file(path)
    except InputError as exc:
        raise InputErrors([exc]) from None
    data = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(data.get("charts"), dict):
        where = doc.locate(())
        raise InputErrors([InputError("a lock file needs a 'charts' mapping", location=where)])
    compose = data.get("compose")
    return {"charts": data["charts"], "compose": compose if isinstance(compose, dict) else {}}


def read_digests(path: Path) -> dict[str, dict[str, Any]]:
    """``{artifact key: {chart, version, digest, images}}``; empty when there is no file."""
    charts = _sections(path).get("charts", {})
    return {str(k): dict(v) for k, v in charts.items() if isinstance(v, dict)}


def read_compose_pins(path: Path) -> dict[str, dict[str, str]]:
    """``{template name: {values path: pinned image}}``: a compose file's re-hosted images."""
    compose = _sections(path).get("compose", {})
    return {
        str(name): {str(a): str(b) for a, b in pins.items()}
        for name, pins in compose.items()
        if isinstance(pins, dict)
    }
