"""Service test cases as files, in computenest-cli's layout: ``service_test/<name>.yaml``.

Each file names a template (``templateName``), the region the test deploys in
(``regionId``, default cn-hangzhou) and the deployment ``parameters`` (values may be the
placeholders Compute Nest's service test fills, such as an automatic zone or password).
nestgen never writes a case id back into the file: a case is recognised by its name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.errors import InputError
from nestgen.package.config import TESTS_DIR as FOLDER

DEFAULT_REGION = "cn-hangzhou"


@dataclass(frozen=True)
class LocalTestCase:
    """One test case file: its name (the file stem), template, region and parameters."""

    name: str
    template: str
    region: str
    parameters: dict[str, Any] = field(repr=False)  # may hold passwords: never shown

    @property
    def config(self) -> str:
        """The ``TestConfig`` Compute Nest keeps: the parameters as YAML."""
        return yamlio.dumps({"parameters": self.parameters})

    @property
    def digest(self) -> str:
        return "sha256:" + hashlib.sha256(self.config.encode()).hexdigest()


def folder(root: Path) -> Path | None:
    """``service_test/`` beside config.yaml, or beside ``.computenest/``."""
    for candidate in (root / FOLDER, root.parent / FOLDER if root.name == ".computenest" else None):
        if candidate is not None and candidate.is_dir():
            return candidate
    return None


def _case(path: Path, templates: set[str]) -> LocalTestCase:
    doc = yamlio.load_file(path)
    data = doc.data if isinstance(doc.data, dict) else {}
    template = data.get("templateName")
    if not isinstance(template, str) or template not in templates:
        known = ", ".join(sorted(templates)) or "none"
        raise InputError(
            f"templateName must name a template of config.yaml ({known})",
            location=doc.locate(("templateName",), value=True),
        )
    parameters = data.get("parameters")
    if not isinstance(parameters, dict):
        raise InputError(
            "parameters must be a mapping of template parameters",
            location=doc.locate(("parameters",), value=True),
        )
    region = data.get("regionId") or DEFAULT_REGION
    return LocalTestCase(path.stem, template, str(region), dict(parameters))


def load_cases(root: Path, service: dict[str, Any]) -> list[LocalTestCase]:
    """The package's test cases, by name; none when there is no ``service_test/``."""
    where = folder(root)
    if where is None:
        return []
    configs = (service.get("DeployMetadata") or {}).get("TemplateConfigs") or []
    templates = {str(c.get("Name")) for c in configs if isinstance(c, dict) and c.get("Name")}
    return [_case(p, templates) for p in sorted(where.glob("*.yaml"))]
