"""The gate before a package is swapped in: the linter must find nothing wrong with it.

The build writes into a staging folder, then calls :func:`validate_package`; nothing is
written that the linter rejects.  Generated packages are held to a higher bar than
hand-written ones: warnings block too (a warning in generated output is a generator or spec
bug), and the strict locale policy asks for every text in both ``en`` and ``zh-cn``.
"""

from __future__ import annotations

from pathlib import Path

from nestgen.errors import CheckFailed, Location
from nestgen.lint import LintConfig, lint_package
from nestgen.lint.finding import Finding
from nestgen.package.config import TEMPLATES_DIR
from nestgen.spec.model import Spec

GENERATED_PACKAGE_POLICY = LintConfig(locale_policy="strict")
BLOCKING = ("error", "warning")


Origins = dict[str, dict[tuple[str, str], Location]]


def validate_package(
    staging_dir: Path, origins: Origins | None = None, spec: Spec | None = None
) -> None:
    """Raise :class:`CheckFailed` listing every error or warning the linter finds.

    ``origins`` maps a template's package path (``ros_templates/x.yaml``) to where the spec
    wrote its raw ROS parts; findings inside those parts are reported at the spec's line.
    With ``spec``, its test cases' parameters are checked against their built templates too.
    """
    result = lint_package(staging_dir, config=GENERATED_PACKAGE_POLICY)
    errors = [f for f in result.findings if f.severity in BLOCKING]
    if errors:
        lines = [_display(f, staging_dir, origins or {}) for f in errors]
        raise CheckFailed("generated package has lint findings:\n  " + "\n  ".join(lines))
    problems = _test_problems(spec, staging_dir) if spec is not None else []
    if problems:
        raise CheckFailed("test case parameters would not deploy:\n  " + "\n  ".join(problems))


def _test_problems(spec: Spec, staging_dir: Path) -> list[str]:
    """``params check`` of every test case against its template (warnings block too)."""
    from nestgen.params import check_parameters

    files = {t.name: t.file for t in spec.templates}
    found = []
    for test in spec.tests:
        template = staging_dir / TEMPLATES_DIR / files[test.template]
        for problem in check_parameters(template, test.parameters):
            if problem.severity in BLOCKING:
                where = f"{test.origin}: " if test.origin else ""
                name = f"{problem.parameter}: " if problem.parameter else ""
                found.append(
                    f"{where}tests {test.name}: {problem.severity}: {name}{problem.message}"
                )
    return found


def _display(finding: Finding, staging_dir: Path, origins: Origins) -> str:
    """The finding at the spec's place when it lies in a raw ROS part, else in the package."""
    relative = Path(finding.file).resolve()
    key = (
        relative.relative_to(staging_dir.resolve()).as_posix()
        if relative.is_relative_to(staging_dir.resolve())
        else ""
    )
    where = origins.get(key, {}).get(tuple(finding.path[:2]))
    if where is None:
        return finding.display(staging_dir)
    section, name = finding.path[:2]
    return f"{where}: {finding.rule} {finding.message} (spec ros.{section.lower()}.{name})"


def raw_origins(spec: Spec) -> Origins:
    """Where the spec wrote each template's raw ROS parts, by the template's package path."""
    return {f"{TEMPLATES_DIR}/{t.file}": dict(t.raw.origins) for t in spec.templates}
