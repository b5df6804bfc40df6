"""docs/flagship.md's before/after table of the form texts is current with the built package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.ros.values import plain

REPO = Path(__file__).resolve().parents[2]
KEYS = {"en": "EnValue", "zh-cn": "ZhValue"}


def _rows() -> list[list[str]]:
    text = (REPO / "docs" / "flagship.md").read_text(encoding="utf-8")
    block = text.split("<!-- form: begin -->\n")[1].split("<!-- form: end -->")[0]
    return [[c.strip() for c in line.strip("|").split("|")] for line in block.splitlines()[2:]]


def _shown(config: dict[str, Any], original: str, locale: str) -> str:
    """What the console shows for a stored text in ``locale`` (ServiceLocaleConfigs)."""
    for entry in config["Service"].get("ServiceLocaleConfigs") or []:
        if entry["OriginalValue"] == original:
            return str(entry[KEYS[locale]])
    return original


def test_the_after_column_is_what_the_package_shows() -> None:
    template = plain(yamlio.load_file(REPO / "ros_templates" / "template.yaml").data)
    config = plain(yamlio.load_file(REPO / "service_config" / "config.yaml").data)
    (modify,) = config["Service"]["OperationMetadata"]["ModifyParametersConfig"]
    (operation,) = modify["Operation"]
    stored = {
        ("(template)", "Name"): config["Service"]["DeployMetadata"]["TemplateConfigs"][0]["Name"],
        ("(operation)", "Name"): operation["Name"],
        ("(operation)", "Description"): operation["Description"],
    }
    rows = _rows()
    assert len(rows) == 18
    for parameter, field, locale, _before, after in rows:
        if (parameter, field) in stored:
            assert after == _shown(config, stored[parameter, field], locale)
        else:
            assert after == template["Parameters"][parameter][field][locale], parameter
    # Every row names a change, and each stored text is shown in both locales.
    assert all(before != after for *_, locale, before, after in rows if locale == "zh-cn")
    assert {(p, f) for p, f, *_ in rows} >= set(stored)
