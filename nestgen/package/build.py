"""The ``nestgen build`` use case: full package to a folder, or the repository copy."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nestgen.errors import UsageError
from nestgen.package.repo import check_dir, check_repo, find_layout, write_repo
from nestgen.package.write import build_package
from nestgen.spec import load_spec


@dataclass
class BuildResult:
    """What a build wrote, or (with ``check``) how the existing files differ."""

    written: list[str] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)
    target: str = ""


def run_build(spec_path: Path | None, out: Path | None, check: bool, cwd: Path) -> BuildResult:
    """Build (or check) ``spec_path`` into ``out``; with neither, the repository copy."""
    if out is not None:
        spec = load_spec(spec_path)
        if check:
            return BuildResult(diff=check_dir(spec, out), target=str(out))
        return BuildResult(written=build_package(spec, out), target=str(out))
    if spec_path is not None:
        raise UsageError("a SPEC needs --out DIR (the repository copy uses [tool.nestgen.build])")
    layout = find_layout(cwd)
    spec = load_spec(layout.spec)
    if check:
        return BuildResult(diff=check_repo(spec, layout), target=str(layout.root))
    written = [str(p.relative_to(layout.root)) for p in write_repo(spec, layout)]
    return BuildResult(written=written, target=str(layout.root))
