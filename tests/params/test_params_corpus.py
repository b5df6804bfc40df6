"""The 38 real parameter files of the corpus, checked against the templates beside them."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from nestgen.errors import InputError
from nestgen.params import check_parameters, defaults_file, load_values, parameters_schema
from nestgen.params.files import check_file


def parameter_files(corpus: Path) -> list[tuple[Path, list[Path]]]:
    with (corpus / "MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["kind"] == "parameters"]
    found = []
    for row in rows:
        path = corpus / row["file"]
        templates = sorted((path.parent / "ros_templates").glob("*.y*ml"))
        found.append((path, [t for t in templates if t.name != "parameters.yaml"]))
    return found


def outcome(template: Path, params: Path) -> str:
    """A one-word verdict: what the check made of this pair."""
    try:
        problems = check_file(template, params)
    except InputError as exc:
        return "input-error: " + exc.message.split(";")[0]
    return ",".join(sorted({p.code for p in problems if p.severity == "error"})) or "valid"


def test_every_corpus_parameter_file_is_checked_without_crashing(corpus, capsys):
    pairs = parameter_files(corpus)
    assert len(pairs) == 38
    verdicts: Counter[str] = Counter()
    for params, templates in pairs:
        assert templates, params
        for template in templates:
            verdicts[outcome(template, params)] += 1
    with capsys.disabled():
        print("\ncorpus parameter files:", dict(sorted(verdicts.items())))
    assert sum(verdicts.values()) >= 38
    assert any(v.startswith("input-error: the parameter file is empty") for v in verdicts)
    assert any(v.startswith("input-error: this is a ROS-format") for v in verdicts)


def test_preset_parameter_declarations_work_as_templates(corpus):
    presets = [p for p, _ in parameter_files(corpus) if p.name == "preset_parameters.yaml"]
    assert len(presets) == 6
    for preset in presets:
        with pytest.raises(InputError):
            load_values(preset)
        schema = parameters_schema(preset)
        assert schema["properties"]
        assert defaults_file(preset).startswith("# Parameters for preset_parameters.yaml")


def test_corpus_templates_export_schemas_and_accept_their_own_chart_values(corpus):
    for params, templates in parameter_files(corpus):
        if params.name != ".computenest_parameters.yaml":
            continue
        doc = load_values(params) if params.stat().st_size > 10 else None
        for template in templates:
            schema = parameters_schema(template)
            assert schema["type"] == "object"
            if doc and "ChartValues" in doc.data:
                problems = check_parameters(template, {"ChartValues": doc.data["ChartValues"]})
                assert not [p for p in problems if p.parameter == "ChartValues"], params
