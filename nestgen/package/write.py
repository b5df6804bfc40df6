"""Write a rendered package to a folder atomically, validating it before the swap."""

from __future__ import annotations

from pathlib import Path

from nestgen.errors import UsageError
from nestgen.fsutil import replace_dir_atomic
from nestgen.package.render import render_package
from nestgen.package.validate import raw_origins, validate_package
from nestgen.spec.model import Spec


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative POSIX path -> bytes) under ``root``."""
    for relative, data in files.items():
        target = root.joinpath(*relative.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def check_target(out_dir: Path, keep: tuple[Path, ...] = ()) -> None:
    """Refuse to replace anything but a package folder (or nothing at all).

    ``keep`` lists paths that must survive (the spec): the folder may not contain them,
    nor the current working directory.
    """
    for path in (Path.cwd(), *keep):
        if path.resolve().is_relative_to(out_dir):
            raise UsageError(f"refusing to replace {out_dir}: it contains {path}")
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise UsageError(f"{out_dir} exists and is not a folder")
    if any(out_dir.iterdir()) and not (out_dir / "config.yaml").is_file():
        raise UsageError(f"refusing to replace {out_dir}: it is not empty and holds no config.yaml")


def build_package(spec: Spec, out_dir: Path) -> list[str]:
    """Render, write to a staging folder, validate, then swap into ``out_dir``.

    Returns the package's relative paths.  On any failure ``out_dir`` is left as it was.
    The whole folder is replaced, so it must be empty or hold a package already.
    """
    out_dir = Path(out_dir).resolve()
    check_target(out_dir, keep=(spec.path,))
    files = render_package(spec)

    def fill(staging: Path) -> None:
        write_files(staging, files)
        validate_package(staging, raw_origins(spec), spec=spec)

    replace_dir_atomic(out_dir, fill)
    return list(files)
