"""The gate before a package is swapped in: the linter must find nothing wrong with it.

The build writes into a staging folder, then calls :func:`validate_package`; nothing is
written that the linter rejects.  Generated packages are held to a higher bar than
hand-written ones: warnings block too (a warning in generated output is a generator or spec
bug), and the strict locale policy asks for every text in both ``en`` and ``zh-cn``.
"""

from __future__ import annotations

from pathlib import Path

from nestgen.errors import CheckFailed
from nestgen.lint import LintConfig, lint_package

GENERATED_PACKAGE_POLICY = LintConfig(locale_policy="strict")
BLOCKING = ("error", "warning")


def validate_package(staging_dir: Path) -> None:
    """Raise :class:`CheckFailed` listing every error or warning the linter finds."""
    result = lint_package(staging_dir, config=GENERATED_PACKAGE_POLICY)
    errors = [f for f in result.findings if f.severity in BLOCKING]
    if errors:
        lines = [f.display(staging_dir) for f in errors]
        raise CheckFailed("generated package has lint findings:\n  " + "\n  ".join(lines))
