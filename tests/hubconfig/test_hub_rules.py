"""Cross-field rules: each names the variable to fix and what it depends on."""

from __future__ import annotations

import pytest
from hub_samples import EXTERNAL, settings_of

from nestgen.hubconfig import HubConfigError, HubSettings


def _problems(**env: str) -> dict[str, str]:
    with pytest.raises(HubConfigError) as caught:
        settings_of(**env)
    return {p.variable: p.expected for p in caught.value.problems}


@pytest.mark.parametrize("missing", ["PROXY_API_URL", "CONFIGPROXY_AUTH_TOKEN"])
def test_hub_external_proxy_needs_url_and_token(missing: str) -> None:
    env = {k: v for k, v in EXTERNAL.items() if k != missing}
    problems = _problems(**env)
    assert list(problems) == [missing]
    assert "PROXY_SHOULD_START" in problems[missing]


def test_hub_network_name_is_required_on_swarm_only() -> None:
    with pytest.raises(HubConfigError) as caught:
        HubSettings.from_env({})
    assert caught.value.variables == ["SPAWNER_NETWORK_NAME"]
    assert HubSettings.from_env({}, swarm=False).spawner.network_name is None


def test_hub_port_8001_collides_with_the_proxy_api_when_the_hub_starts_it() -> None:
    problems = _problems(HUB_HUB_PORT="8001")
    assert list(problems) == ["HUB_HUB_PORT"]
    assert "8001" in problems["HUB_HUB_PORT"]
    assert list(_problems(HUB_PORT="8001")) == ["HUB_PORT"]


def test_hub_port_8001_is_fine_with_an_external_proxy() -> None:
    assert settings_of(**EXTERNAL, HUB_HUB_PORT="8001").hub.hub_port == 8001


def test_hub_port_collision_follows_the_proxy_api_url() -> None:
    assert list(_problems(PROXY_API_URL="http://127.0.0.1:9001", HUB_HUB_PORT="9001")) == [
        "HUB_HUB_PORT"
    ]
    assert settings_of(PROXY_API_URL="http://127.0.0.1:9001", HUB_HUB_PORT="8001").hub.hub_port


def test_hub_port_must_differ_from_public_port() -> None:
    problems = _problems(**EXTERNAL, HUB_HUB_PORT="8000")
    assert "HUB_PORT" in problems["HUB_HUB_PORT"]


@pytest.mark.parametrize(
    ("given", "missing"), [("HUB_SSL_KEY", "HUB_SSL_CERT"), ("HUB_SSL_CERT", "HUB_SSL_KEY")]
)
def test_hub_ssl_key_and_cert_together(given: str, missing: str) -> None:
    problems = _problems(**{given: "/ssl/x.pem"})
    assert list(problems) == [missing]
    assert given in problems[missing]


def test_hub_guarantees_not_above_limits() -> None:
    problems = _problems(SPAWNER_CPU_GUARANTEE="3", SPAWNER_MEM_GUARANTEE="5G")
    assert set(problems) == {"SPAWNER_CPU_GUARANTEE", "SPAWNER_MEM_GUARANTEE"}
    assert "SPAWNER_CPU_LIMIT (2)" in problems["SPAWNER_CPU_GUARANTEE"].replace("`", "")
    # compared as bytes, not as text
    assert settings_of(SPAWNER_MEM_LIMIT="1.5G", SPAWNER_MEM_GUARANTEE="1536M")
    assert list(_problems(SPAWNER_MEM_LIMIT="1.5G", SPAWNER_MEM_GUARANTEE="1537M")) == [
        "SPAWNER_MEM_GUARANTEE"
    ]


def test_hub_cpu_limit_zero_means_no_limit_and_no_guarantee_check() -> None:
    settings = settings_of(SPAWNER_CPU_LIMIT="0", SPAWNER_CPU_GUARANTEE="4")
    assert settings.spawner.cpu_limit == 0


@pytest.mark.parametrize(("kind", "family"), [("nfs3", "NFS"), ("nfs4", "NFS"), ("cifs", "CIFS")])
def test_hub_remote_volume_needs_host_and_device(kind: str, family: str) -> None:
    problems = _problems(SPAWNER_PERSISTENCE_VOLUME_TYPE=kind)
    assert set(problems) == {
        f"SPAWNER_PERSISTENCE_{family}_HOST",
        f"SPAWNER_PERSISTENCE_{family}_DEVICE",
    }


def test_hub_suffix_gpus_only_for_declared_suffixes() -> None:
    problems = _problems(SPAWNER_CONSTRAINT_WITH_GPUS="torch->1")
    assert "undeclared: torch" in problems["SPAWNER_CONSTRAINT_WITH_GPUS"]


def test_hub_a_bad_value_does_not_trigger_rules_that_depend_on_it() -> None:
    # the port is wrong on its own; no second complaint about it equalling anything
    problems = _problems(HUB_HUB_PORT="x", SPAWNER_CPU_LIMIT="abc", SPAWNER_CPU_GUARANTEE="9")
    assert set(problems) == {"HUB_HUB_PORT", "SPAWNER_CPU_LIMIT"}


def test_hub_port_collision_blames_the_variable_that_was_set() -> None:
    problems = _problems(HUB_PORT="8081")
    assert list(problems) == ["HUB_PORT"]
    assert "HUB_HUB_PORT" in problems["HUB_PORT"]


def test_hub_to_helm_values_is_helm_values() -> None:
    settings = settings_of(SPAWNER_CPU_LIMIT="3")
    assert settings.to_helm_values()["singleuser"]["cpu"]["limit"] == 3.0


def test_hub_external_proxy_port_clash_is_reported() -> None:
    # the proxy would get --port=8000 and --api-port=8000 in the same container
    env = {**EXTERNAL, "PROXY_API_URL": "http://proxy:8000"}
    problems = _problems(**env)
    assert list(problems) == ["PROXY_API_URL"]
    assert "HUB_PORT" in problems["PROXY_API_URL"] and "8000" in problems["PROXY_API_URL"]
    assert list(_problems(**env, HUB_PORT="8000")) == ["HUB_PORT"]
    assert settings_of(**env, HUB_PORT="9000").hub.port == 9000


def test_hub_external_proxy_on_the_hubs_own_host_must_not_take_the_hub_port() -> None:
    env = {**EXTERNAL, "PROXY_API_URL": "http://jupyterhub:8001"}
    problems = _problems(**env)  # HUB_HUB_PORT defaults to 8001 with an external proxy
    assert list(problems) == ["PROXY_API_URL"]
    assert "HUB_HUB_PORT" in problems["PROXY_API_URL"]
    assert list(_problems(**env, HUB_HUB_PORT="8001")) == ["HUB_HUB_PORT"]
    assert settings_of(**env, HUB_HUB_PORT="8081").hub.hub_port == 8081
    # another host: the hub's port is its own
    assert settings_of(**EXTERNAL).hub.hub_port == 8001


def test_hub_unknown_names_get_a_did_you_mean_even_when_loading_fails() -> None:
    with pytest.raises(HubConfigError) as caught:
        HubSettings.from_env({"SPAWNER_NETWORK_NAM": "jhub", "AUTH_ZZZ": "1", "HUB_PORT": "x"})
    problems = {p.variable: p for p in caught.value.problems}
    assert problems["SPAWNER_NETWORK_NAME"].hint == (
        "SPAWNER_NETWORK_NAM is not a hub setting: did you mean SPAWNER_NETWORK_NAME?"
    )
    assert problems["HUB_PORT"].hint == ""
    assert caught.value.notes() == ["AUTH_ZZZ is not a hub setting (misspelt?); it is ignored"]
    ok = settings_of(SPAWNER_CPU_LIMT="3")
    assert ok.warnings == (
        "SPAWNER_CPU_LIMT is not a hub setting (did you mean SPAWNER_CPU_LIMIT?); it is ignored",
    )
