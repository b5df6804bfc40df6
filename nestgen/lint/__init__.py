"""nestgen lint: an offline linter for ROS templates, service configs and parameter files.

The Python API other parts of nestgen call::

    from nestgen.lint import lint_paths, lint_package
    result = lint_paths(["ros_templates/template.yaml"])
    if result.has_errors: ...

Findings are :class:`Finding` records (rule, severity, file, line, column, message, path).
"""

from __future__ import annotations

from nestgen.lint.config import LintConfig, load_config
from nestgen.lint.engine import LintResult, lint_package, lint_paths
from nestgen.lint.finding import Finding

__all__ = ["Finding", "LintConfig", "LintResult", "lint_package", "lint_paths", "load_config"]
