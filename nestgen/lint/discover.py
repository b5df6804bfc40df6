"""Find and load the files to lint, and tell templates, configs and parameter files apart."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, overload

from nestgen.errors import InputError, NestgenError, UsageError
from nestgen.lint.context import SourceFile
from nestgen.yamlio import load_file

YAML_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = frozenset({".git", "node_modules", "__pycache__", ".venv", ".tox"})
JINJA_NOTE = "Jinja source skipped: render it to YAML first, then lint the result"
UNKNOWN_NOTE = (
    "not a ROS template, service config or parameter file: only the YAML itself was checked"
)


def classify_data(data: Any) -> str | None:
    """The kind a loaded document's content shows, or None when it shows none."""
    if not isinstance(data, dict):
        return None
    if "ROSTemplateFormatVersion" in data:
        return "template"
    if isinstance(data.get("Service"), dict):
        return "config"
    sections = [data.get(k) for k in ("Resources", "Parameters")]
    if any(
        isinstance(s, dict) and s and all(isinstance(v, dict) and "Type" in v for v in s.values())
        for s in sections
    ):
        return "template"
    return None


def classify_name(path: Path) -> str | None:
    """The kind a file's name and folder suggest, or None."""
    name = path.name.lower()
    if "parameters" in name:
        return "parameters"
    if name in ("config.yaml", "config.yml"):
        return "config"
    if path.parent.name == "ros_templates":
        return "template"
    return None


def _read(source: SourceFile) -> None:
    """Fill ``source.doc`` (or ``source.error``) and ``source.size``."""
    try:
        source.size = source.path.stat().st_size
        source.doc = load_file(source.display)
    except NestgenError as exc:
        source.error = exc
    except (RecursionError, MemoryError, ValueError) as exc:
        source.error = InputError(f"cannot load: {type(exc).__name__}")


def _kind(source: SourceFile, explicit: bool) -> str:
    """Content first, then the file's name; an empty file named explicitly is a template."""
    data = source.doc.data if source.doc else None
    by_content = classify_data(data) if source.doc else None
    if by_content:
        return by_content
    by_name = classify_name(source.path)
    if by_name == "parameters" and isinstance(data, dict) and "Parameters" in data:
        return "template"  # a ROS-style parameters-only file without the version line
    if by_name is None and explicit and source.doc is not None and data is None:
        return "template"  # an empty file named on the command line: say so
    return by_name or "unknown"


@overload
def load_source(path: Path, *, explicit: Literal[True]) -> SourceFile: ...
@overload
def load_source(path: Path, *, explicit: bool) -> SourceFile | None: ...
def load_source(path: Path, *, explicit: bool) -> SourceFile | None:
    """Load ``path`` and decide its kind; None for an unrecognised file found in a folder."""
    display = os.path.normpath(str(path))
    if path.name.endswith(".j2"):
        return SourceFile(path, display, "unknown", note=JINJA_NOTE)
    source = SourceFile(path, display, "unknown")
    _read(source)
    source.kind = _kind(source, explicit)
    if source.kind != "unknown":
        return source
    if not explicit:
        return None
    if source.error is None:
        source.note = UNKNOWN_NOTE
    return source


def walk(folder: Path) -> Iterator[Path]:
    """The YAML and ``.j2`` files under ``folder``, in a stable order."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES) or name.endswith(".j2"):
                yield Path(root) / name


def discover(paths: Sequence[str | Path]) -> list[SourceFile]:
    """Load every path (folders searched recursively by content), in a stable order."""
    sources: list[SourceFile] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [s for p in walk(path) if (s := load_source(p, explicit=False))]
            if not any(s.kind != "unknown" for s in found):
                raise InputError(
                    f"{path}: no ROS templates, service configs or parameter files found here"
                )
            sources.extend(found)
        elif path.exists():
            sources.append(load_source(path, explicit=True))
        else:
            raise UsageError(f"no such file or directory: {path}")
    return unique(sources)


def unique(sources: Iterable[SourceFile]) -> list[SourceFile]:
    """Drop files seen twice (same resolved path), keeping the first."""
    seen: set[Path] = set()
    result = []
    for source in sources:
        if source.key not in seen:
            seen.add(source.key)
            result.append(source)
    return result
