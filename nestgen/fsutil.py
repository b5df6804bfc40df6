"""Atomic file and directory writes: a failed write leaves the previous output intact.

An output path the system refuses (a file where a folder must be, no permission, a read-only
or full disk) raises :class:`~nestgen.errors.OutputError` naming the path: a user problem,
not a bug.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from nestgen.errors import OutputError


def _blocking_file(path: Path) -> Path | None:
    """The first ancestor of ``path`` that exists and is not a folder."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def output_error(path: Path, exc: OSError) -> OutputError:
    """One line saying why ``path`` cannot be written."""
    blocker = _blocking_file(path)
    if blocker is not None:
        return OutputError(f"cannot write {path}: {blocker} is a file, not a folder")
    if exc.errno == errno.ENOENT and path.parent.is_dir():
        return OutputError(f"cannot write {path}: {path.parent} does not take new files")
    if exc.errno == errno.EROFS:
        return OutputError(f"cannot write {path}: read-only file system")
    reason = exc.strerror or type(exc).__name__
    return OutputError(f"cannot write {path}: {reason[0].lower()}{reason[1:]}")


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn an OSError raised while writing ``path`` into an :class:`OutputError`."""
    try:
        yield
    except OSError as exc:
        raise output_error(path, exc) from exc


def user_cache_dir(env: Mapping[str, str]) -> Path:
    """``$XDG_CACHE_HOME/nestgen`` (``~/.cache/nestgen`` by default)."""
    base = env.get("XDG_CACHE_HOME") or os.path.join(env.get("HOME", str(Path.home())), ".cache")
    return Path(base) / "nestgen"


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _folder_mode(target: Path) -> int:
    """The mode of the existing folder, else the one ``mkdir`` would give (umask applied)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o777 & ~umask


def replace_dir_atomic(target: str | Path, fill: Callable[[Path], None]) -> None:
    """Build a directory with ``fill(staging)``, then swap it in place of ``target``.

    ``fill`` writes into an empty staging folder beside ``target``; if it raises, the
    staging folder is removed and ``target`` is untouched.  The swap is two renames, so a
    reader sees either the old tree or the new one.
    """
    target = Path(target)
    with writing(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.", dir=target.parent))
    try:
        try:
            fill(staging)
        except OSError as exc:
            if exc.filename and Path(exc.filename).is_relative_to(staging):
                raise output_error(target, exc) from exc
            raise
        with writing(target):
            staging.chmod(_folder_mode(target))  # mkdtemp made it 0700
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    backup = target.parent / f".{target.name}.old.{os.getpid()}"
    with writing(target):
        if target.exists():
            os.replace(target, backup)
        try:
            os.replace(staging, target)
        except BaseException:
            if backup.exists():
                os.replace(backup, target)
            shutil.rmtree(staging, ignore_errors=True)
            raise
    shutil.rmtree(backup, ignore_errors=True)
