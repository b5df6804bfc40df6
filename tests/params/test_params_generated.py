"""The generated JupyterHub template (ros_templates/ in the repository) passes its own check."""

from __future__ import annotations

from pathlib import Path

import pytest
from params_samples import SAMPLES

from nestgen import yamlio
from nestgen.params import check_parameters, defaults_file

REPO = Path(__file__).resolve().parents[2]
GENERATED = sorted((REPO / "ros_templates").glob("*.yaml"))


def own_defaults(template: Path, option: str) -> dict[str, object]:
    """The defaults file for ``option``, blanks filled with what a user types in."""
    values = yamlio.loads(defaults_file(template)).data or {}
    values = {name: value for name, value in values.items() if value not in (None, "")}
    values["CsOptions"] = option
    for name, value in SAMPLES.items():
        values.setdefault(name, value)
    return values


@pytest.mark.skipif(not GENERATED, reason="generated template not merged yet")
@pytest.mark.parametrize("template", GENERATED, ids=[p.name for p in GENERATED])
@pytest.mark.parametrize("option", ["ExistCs", "NewAck"])
def test_generated_template_own_defaults_pass_params_check(template, option):
    # values for parameters hidden under this option are ignored (warnings), never errors
    problems = check_parameters(template, own_defaults(template, option))
    assert [str(p) for p in problems if p.severity == "error"] == []
