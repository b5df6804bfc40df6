"""Each hub variable is declared once; the model, traits, Helm values and docs follow from it."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pytest
from test_hub_variables import EFFECTS

from nestgen.hubconfig import NO_KUBERNETES_EQUIVALENT, HubSettings, helm_values
from nestgen.hubconfig.loader import DERIVED, SECTIONS
from nestgen.hubconfig.swarm import traits_for
from nestgen.hubconfig.variables import VARIABLES, value_of

MISSING = object()


def _at(values: dict[str, Any], path: str) -> Any:
    node: Any = values
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return MISSING
        node = node[key]
    return node


def _helm(env: dict[str, str]) -> dict[str, Any]:
    return helm_values(HubSettings.from_env(env, swarm=False), include_secrets=True)


@pytest.mark.parametrize("name", sorted(VARIABLES))
def test_hub_every_variable_maps_to_helm_or_says_why_not(name: str) -> None:
    var = VARIABLES[name]
    assert bool(var.helm) != bool(var.no_helm), f"{name}: a Helm path or a reason, not both"
    assert (name in NO_KUBERNETES_EQUIVALENT) == bool(var.no_helm)


HELM_MAPPED = sorted(n for n, v in VARIABLES.items() if v.helm)


@pytest.mark.parametrize("name", HELM_MAPPED)
def test_hub_helm_path_is_where_the_variable_lands(name: str) -> None:
    """Some good value of the variable changes the values at its declared path."""
    paths = VARIABLES[name].helm_paths
    baseline = _helm({})
    changed = [
        (env, path)
        for var, env, _, _ in EFFECTS
        for path in paths
        if var == name and _at(_helm(env), path) != _at(baseline, path)
    ]
    assert changed, f"no example of {name} changes {paths}"
    if VARIABLES[name].helm_copy:
        assert len(paths) == 1


def test_hub_model_fields_are_the_declared_ones() -> None:
    declared = {v.field for v in VARIABLES.values() if v.field} | set(DERIVED)
    model = {f"{section}.{f.name}" for section, cls in SECTIONS.items() for f in fields(cls)}
    assert declared == model


def test_hub_declared_traits_get_the_parsed_value() -> None:
    settings = HubSettings.from_env({"SPAWNER_NETWORK_NAME": "n", "HUB_PORT": "9000"})
    traits = traits_for(settings)
    for var in VARIABLES.values():
        if var.trait:
            cls, trait = var.trait.split(".")
            assert traits[cls][trait] == value_of(settings, var.name), var.name
    assert traits["JupyterHub"]["port"] == 9000


def test_hub_notebook_dir_reaches_helm_only_when_set() -> None:
    # the ACK chart mounts the user's disk itself: its own notebook dir stands by default
    assert _at(_helm({}), "hub.config.KubeSpawner.notebook_dir") is MISSING
    assert _at(_helm({}), "hub.config.KubeSpawner.debug") is True
    env = {"SPAWNER_NOTEBOOK_DIR": "/home/jovyan/work/"}
    assert _at(_helm(env), "hub.config.KubeSpawner.notebook_dir") == "/home/jovyan/work"
    swarm = traits_for(HubSettings.from_env({"SPAWNER_NETWORK_NAME": "n"}))
    assert swarm["SwarmSpawner"]["notebook_dir"] == "/home/jovyan/work"


def test_hub_docs_table_is_current() -> None:
    from pathlib import Path

    from nestgen.hubconfig.doctable import BEGIN, variables_table, with_table

    docs = Path(__file__).resolve().parents[2] / "docs" / "hub.md"
    text = docs.read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1
    assert with_table(text) == text, "run: python -m nestgen.hubconfig.doctable docs/hub.md"
    table = variables_table()
    assert all(f"| {name}" in table for name in VARIABLES)
    assert with_table(text.replace("| HUB_PORT |", "| HUB_PROT |")) != text.replace(
        "| HUB_PORT |", "| HUB_PROT |"
    )
