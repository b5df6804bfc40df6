"""`nestgen import` over the corpus: how many import, build, and round-trip identical."""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

import pytest

from nestgen import yamlio
from nestgen.errors import EXIT_USAGE, InputError, NestgenError
from nestgen.package.render import render_package
from nestgen.publish.package import find_config, service_infos
from nestgen.spec import load_spec
from nestgen.spec.importer import SECTIONS, import_package, write_spec

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "computenest"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus/computenest")


def _packages() -> list[Path]:
    found = []
    for folder in sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []:
        try:
            find_config(folder)
        except InputError:
            continue
        found.append(folder)
    return found


def _config_fields(config: dict[str, Any]) -> dict[str, Any]:
    """The config fields a spec carries, in comparable form."""
    service = config.get("Service") or {}
    deploy = service.get("DeployMetadata") or {}
    operations = (service.get("OperationMetadata") or {}).get("ModifyParametersConfig") or []
    return {
        "RegionId": service.get("RegionId", "cn-hangzhou"),
        "ServiceType": service.get("ServiceType", "private"),
        "TemplateConfigs": [
            (c.get("Name"), tuple(c.get("AllowedRegions") or ()))
            for c in deploy.get("TemplateConfigs") or []
        ],
        "ServiceInfo": sorted(
            (i.get("Locale"), i.get("Name"), i.get("ShortDescription"))
            for i in service_infos(service)
        ),
        "ModifyParametersConfig": [
            (e.get("TemplateName"), o.get("Name"), tuple(o.get("Parameters") or ()))
            for e in operations
            for o in e.get("Operation") or []
        ],
    }


def round_trip(folder: Path, tmp: Path) -> list[str]:
    """Why the rebuilt package differs from the original ([] when identical)."""
    imported = import_package(folder)
    spec_path = tmp / f"{folder.name}.yaml"
    write_spec(imported, spec_path)
    files = render_package(load_spec(spec_path))
    config_path = find_config(folder)
    original = yamlio.load_file(config_path).data
    reasons = []
    urls = {
        c["Name"]: c.get("Url") for c in original["Service"]["DeployMetadata"]["TemplateConfigs"]
    }
    for template in imported.spec["templates"]:
        before = yamlio.load_file(config_path.parent / urls[template["name"]]).data
        after = yamlio.loads(files[f"ros_templates/{template['file']}"]).data
        for section in (*SECTIONS, "Metadata"):
            if (before.get(section) or {}) != (after.get(section) or {}):
                reasons.append(f"template {section}")
    built = yamlio.loads(files["config.yaml"]).data
    ours, theirs = _config_fields(built), _config_fields(original)
    reasons += [f"config {key}" for key in ours if ours[key] != theirs[key]]
    return reasons


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_corpus_round_trip_figures(tmp_path, capsys):
    counts: collections.Counter[str] = collections.Counter()
    why: collections.Counter[str] = collections.Counter()
    for folder in _packages():
        counts["packages"] += 1
        try:
            reasons = round_trip(folder, tmp_path)
        except NestgenError as exc:
            line = str(exc).splitlines()[-1]
            why["does not import/build: " + line.split(": ", 2)[-1][:70]] += 1
            continue
        counts["imported"] += 1
        if not any(r.startswith("template") for r in reasons):
            counts["templates identical"] += 1
        if not reasons:
            counts["identical"] += 1
        why.update(reasons)
    with capsys.disabled():
        print(f"\nimport round trip: {dict(counts)}")
        for reason, number in why.most_common():
            print(f"  {number:3} {reason}")
    # measured 2026-12-03: 61 packages, 37 import and build, every imported template identical,
    # 36 identical in the config fields too
    assert counts["packages"] >= 60
    assert counts["imported"] >= 37
    assert counts["templates identical"] == counts["imported"]
    assert counts["identical"] >= 36


def test_not_a_package_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"no config\.yaml") as caught:
        import_package(tmp_path)
    assert caught.value.exit_code == EXIT_USAGE


def test_import_of_a_generated_package_round_trips(tmp_path):
    from nestgen.package import build_package

    example = Path(__file__).resolve().parents[2] / "examples" / "compose-ecs" / "compose-ecs.yaml"
    build_package(load_spec(example), tmp_path / "pkg")
    assert round_trip(tmp_path / "pkg", tmp_path) == []
