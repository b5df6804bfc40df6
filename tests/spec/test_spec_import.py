"""`nestgen import` over the corpus: how many import, build, and round-trip identical."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from import_roundtrip import round_trip

from nestgen.errors import EXIT_USAGE, InputError, NestgenError
from nestgen.publish.package import find_config
from nestgen.spec import load_spec
from nestgen.spec.importer import import_package

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


def measure(
    tmp: Path, groups: bool = True
) -> tuple[collections.Counter[str], collections.Counter[str]]:
    """(counts, reasons) of the round trip over the corpus."""
    counts: collections.Counter[str] = collections.Counter()
    why: collections.Counter[str] = collections.Counter()
    for folder in _packages():
        counts["packages"] += 1
        try:
            reasons, spec = round_trip(folder, tmp, groups)
        except NestgenError as exc:
            line = str(exc).splitlines()[-1]
            why["does not import/build: " + line.split(": ", 2)[-1][:70]] += 1
            continue
        counts["imported"] += 1
        behaviour = [r for r in reasons if r != "template Parameters (texts)"]
        counts["identical"] += not reasons
        counts["behaviour identical"] += not behaviour
        for template in spec["templates"]:
            counts["templates"] += 1
            counts["templates with groups"] += bool(template["groups"])
            why.update(f"group {g}" for g in template["groups"])
        why.update(reasons)
    return counts, why


@pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"no corpus at {CORPUS}: the round-trip figures are measured over it",
)
def test_corpus_round_trip_figures(tmp_path, capsys):
    counts, why = measure(tmp_path)
    with capsys.disabled():
        print(f"\nimport round trip: {dict(counts)}")
        for reason, number in sorted(why.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {number:3} {reason}")
    # measured 2026-12-04 (docs/import.md): 61 packages, 60 import and build, 58 identical
    # (templates and every config.yaml field); 46 of 69 templates with recognised groups
    assert counts["packages"] >= 60
    assert counts["imported"] >= 60
    assert counts["identical"] >= 58
    assert counts["templates with groups"] >= 46


def test_not_a_package_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"no config\.yaml") as caught:
        import_package(tmp_path)
    assert caught.value.exit_code == EXIT_USAGE


def test_import_of_a_generated_package_round_trips(tmp_path):
    from nestgen.package import build_package

    example = Path(__file__).resolve().parents[2] / "examples" / "compose-ecs" / "compose-ecs.yaml"
    build_package(load_spec(example), tmp_path / "pkg")
    reasons, spec = round_trip(tmp_path / "pkg", tmp_path)
    assert reasons == []
    template = spec["templates"][0]
    # the groups come back with the option the template's default shows
    ecs = {"ecs": {"instance_type": "ecs.u1-c1m2.large"}}
    assert template["groups"] == ["billing", "network", ecs]
    assert set(template["ros"]["patch"]) == {"resources"}  # the ports: not inferred yet
