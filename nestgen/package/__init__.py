"""Compute Nest packages: render in memory, write atomically, keep the repository copy current."""

from nestgen.package.render import build_template, render_package
from nestgen.package.write import build_package

__all__ = ["build_package", "build_template", "render_package"]
