"""Write a rendered package to a folder atomically, validating it before the swap."""

from __future__ import annotations

from pathlib import Path

from nestgen.errors import UsageError
from nestgen.fsutil import replace_dir_atomic
from nestgen.package.chartcheck import check_chart_values
from nestgen.package.manifest import MANIFEST, first_foreign, render_manifest
from nestgen.package.render import render_package
from nestgen.package.validate import raw_origins, validate_package
from nestgen.spec.model import Spec


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (relative POSIX path -> bytes) under ``root``."""
    for relative, data in files.items():
        target = root.joinpath(*relative.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def check_target(out_dir: Path, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse to replace anything but a previous nestgen package (or nothing at all).

    ``inputs`` are the files the build reads (the spec and what it names): the folder may
    not contain them, nor the current working directory.  A folder is replaced only when it
    holds nothing but the files its manifest lists, unchanged.
    """
    for path in inputs:
        if path.resolve().is_relative_to(out_dir):
            raise UsageError(
                f"refusing to write {out_dir}: it contains {path}, which the spec reads"
            )
    if Path.cwd().resolve().is_relative_to(out_dir):
        raise UsageError(f"refusing to replace {out_dir}: it contains the working folder")
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise UsageError(f"{out_dir} exists and is not a folder")
    foreign = first_foreign(out_dir)
    if foreign is not None:
        raise UsageError(
            f"refusing to replace {out_dir}: {foreign}; move it away or choose another --out"
        )


def build_package(spec: Spec, out_dir: Path) -> list[str]:
    """Render, write to a staging folder, validate, then swap into ``out_dir``.

    Returns the package's relative paths.  On any failure ``out_dir`` is left as it was.
    The whole folder is replaced, so it must be absent, empty or hold nothing but a package
    nestgen wrote (its manifest says which files); its mode is kept.
    """
    out_dir = Path(out_dir).resolve()
    check_target(out_dir, inputs=spec.inputs())
    files = render_package(spec)

    def fill(staging: Path) -> None:
        write_files(staging, {**files, MANIFEST: render_manifest(files)})
        validate_package(staging, raw_origins(spec), spec=spec)
        check_chart_values(spec, files)

    replace_dir_atomic(out_dir, fill)
    return list(files)
