"""The chart digest lock file beside a spec (``<stem>.lock.yaml``, written by publishing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.errors import InputError, InputErrors


def read_digests(path: Path) -> dict[str, dict[str, Any]]:
    """``{artifact key: {chart, version, digest}}``; empty when the file does not exist."""
    if not path.is_file():
        return {}
    try:
        doc = yamlio.load_file(path)
    except InputError as exc:
        raise InputErrors([exc]) from None
    charts = doc.data.get("charts") if isinstance(doc.data, dict) else None
    if not isinstance(charts, dict):
        where = doc.locate(())
        raise InputErrors([InputError("a lock file needs a 'charts' mapping", location=where)])
    return {str(k): dict(v) for k, v in charts.items() if isinstance(v, dict)}
