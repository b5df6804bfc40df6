"""The Compute Nest modules' declared names are exactly what the corpus' published templates use."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from nestgen import yamlio
from nestgen.errors import NestgenError
from nestgen.rosspec.modules import MODULES
from nestgen.rosspec.spec import load_spec


def _getatts(value: Any, modules: dict[str, str], found: dict[str, set[str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "Fn::GetAtt" and isinstance(item, list) and len(item) == 2:
                if item[0] in modules and isinstance(item[1], str):
                    found[modules[item[0]]].add(item[1])
            elif key == "Fn::Sub" and isinstance(item, str | list):
                text = item if isinstance(item, str) else item[0]
                for name, module in modules.items():
                    for part in str(text).split("${" + name + ".")[1:]:
                        found[module].add(part.split("}", 1)[0])
            _getatts(item, modules, found)
    elif isinstance(value, list):
        for item in value:
            _getatts(item, modules, found)


def observed(corpus: Path) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
    """Per module type: how many corpus templates set each property / read each attribute."""
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["kind"] == "ros_template"]
    properties: dict[str, Counter[str]] = defaultdict(Counter)
    attributes: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        try:
            data = yamlio.load_file(corpus / row["file"]).data
        except NestgenError:
            continue
        resources = data.get("Resources") if isinstance(data, dict) else None
        modules = {
            name: body["Type"]
            for name, body in (resources or {}).items()
            if isinstance(body, dict) and body.get("Type") in MODULES
        }
        for name, module in modules.items():
            properties[module].update(set(resources[name].get("Properties") or {}))
        read: dict[str, set[str]] = defaultdict(set)
        _getatts(data, modules, read)
        for module, names in read.items():
            attributes[module].update(names)
    return properties, attributes


def test_the_declared_module_names_are_what_published_templates_use(corpus):
    properties, attributes = observed(corpus)
    assert set(properties) == set(MODULES)
    for name, module in MODULES.items():
        assert dict(properties[name]) == dict(module.properties), name
        assert dict(attributes[name]) == dict(module.attributes), name


def test_the_spec_serves_the_modules_as_observed_types():
    spec = load_spec()
    for name, module in MODULES.items():
        known = spec.get(name)
        assert known is not None and known.observed, name
        assert set(known.properties or {}) == set(module.properties)
        assert known.attributes == frozenset(module.attributes)
