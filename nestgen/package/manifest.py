"""The manifest a build leaves in its ``--out`` folder: what nestgen wrote there.

A rebuild replaces the folder only while it holds nothing but those files, unchanged; the
first other entry (a README, a ``.git/``, a file edited by hand) makes the build refuse.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

MANIFEST = ".nestgen-manifest"
HEADER = (
    "# Written by nestgen build: sha256 and path of every file it wrote in this folder.\n"
    "# A rebuild replaces the folder only while it holds nothing else.\n"
)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render_manifest(files: Mapping[str, bytes]) -> bytes:
    """The manifest text for ``files`` (relative POSIX path -> bytes), sorted."""
    lines = [f"{_digest(data)}  {name}\n" for name, data in sorted(files.items())]
    return (HEADER + "".join(lines)).encode("utf-8")


def read_manifest(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 from the folder's manifest; empty when absent or unreadable."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    if not text.startswith(HEADER):
        return {}
    recorded: dict[str, str] = {}
    for line in text[len(HEADER) :].splitlines():
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name:
            return {}
        recorded[name] = digest
    return recorded


def first_foreign(folder: Path) -> str | None:
    """Why ``folder`` is not just a previous nestgen package (naming the first entry), or None."""
    recorded = read_manifest(folder)
    parents = {"/".join(n.split("/")[:i]) for n in recorded for i in range(1, n.count("/") + 1)}
    if recorded:
        parents.add("")  # the manifest itself is expected
        recorded = {**recorded, MANIFEST: ""}
    return _first_foreign(folder, folder, recorded, parents)


def _first_foreign(
    folder: Path, here: Path, recorded: dict[str, str], parents: set[str]
) -> str | None:
    """Entries of ``here`` in name order, folders searched as they come."""
    for entry in sorted(os.scandir(here), key=lambda e: e.name):
        path = Path(entry.path)
        relative = path.relative_to(folder).as_posix()
        if entry.is_dir(follow_symlinks=False):
            if relative not in parents:
                return f"{path}/ was not written by nestgen"
            found = _first_foreign(folder, path, recorded, parents)
            if found is not None:
                return found
        elif relative not in recorded or entry.is_symlink():
            return f"{path} was not written by nestgen"
        elif relative != MANIFEST and _changed(path, recorded[relative]):
            return f"{path} was changed since nestgen wrote it"
    return None


def _changed(path: Path, digest: str) -> bool:
    try:
        return _digest(path.read_bytes()) != digest
    except OSError:
        return True
