"""apply(c) on a traitlets Config, and parsers checked against JupyterHub's own traits."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jupyterhub.traitlets import ByteSpecification
from traitlets import HasTraits, TraitError
from traitlets.config import Config

from nestgen.hubconfig import HubSettings, apply, values
from nestgen.hubconfig.errors import BadValue


def test_hub_apply_uses_the_given_mapping() -> None:
    c = Config()
    settings = apply(c, {"SPAWNER_NETWORK_NAME": "n1", "HUB_PORT": "8100"})
    assert isinstance(settings, HubSettings)
    assert c.JupyterHub.port == 8100
    assert c.SwarmSpawner.network_name == "n1"
    assert c.Authenticator.allow_all is True


def test_hub_apply_reads_os_environ_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPAWNER_NETWORK_NAME", "from-env")
    c = Config()
    apply(c)
    monkeypatch.setenv("SPAWNER_NETWORK_NAME", "changed-later")
    assert c.SwarmSpawner.network_name == "from-env"


def test_hub_apply_logs_warnings_to_the_jupyterhub_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="JupyterHub")
    apply(Config(), {"SPAWNER_NETWORK_NAME": "n", "SPAWNER_REMOVE": "False"})
    assert [r.name for r in caplog.records] == ["JupyterHub.nestgen"]
    assert "SPAWNER_REMOVE=False is ignored" in caplog.records[0].getMessage()


def test_hub_settings_repr_hides_secrets() -> None:
    settings = HubSettings.from_env(
        {
            "SPAWNER_NETWORK_NAME": "n",
            "CONFIGPROXY_AUTH_TOKEN": "tok-123",
            "HUB_DB_URL": "mysql://u:pw-456@db/h",
            "SPAWNER_ENVIRONMENT": "K:v-789",
        }
    )
    text = repr(settings)
    assert "tok-123" not in text and "pw-456" not in text and "v-789" not in text


class _Memory(HasTraits):
    size = ByteSpecification()


@given(
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from("KMGT"),
)
def test_hub_sizes_we_accept_mean_the_same_to_jupyterhub(number, unit) -> None:
    text = f"{number.normalize():f}{unit}"
    if "." in text and text.split(".")[0] == "":
        text = "0" + text
    try:
        ours = values.byte_count(values.byte_size(text))
    except BadValue:
        return
    holder = _Memory()
    holder.size = text
    assert holder.size == ours


@pytest.mark.parametrize("text", ["4g", "4Gi", "4GB", "4096", "G", "-1G", " "])
def test_hub_sizes_we_reject(text: str) -> None:
    with pytest.raises(BadValue):
        values.byte_size(text)


@pytest.mark.parametrize("text", ["4g", "4096"])
def test_hub_jupyterhub_rejects_them_too_but_only_at_spawn(text: str) -> None:
    with pytest.raises(TraitError):
        _Memory().size = text


@given(
    st.dictionaries(
        st.from_regex(r"[A-Z_][A-Z0-9_]{0,8}", fullmatch=True),
        st.text(
            st.characters(blacklist_characters=";", blacklist_categories=("Cs",)), max_size=20
        ).map(lambda v: "http://" + v),
        max_size=5,
    )
)
def test_hub_environment_lists_keep_urls_intact(env: dict[str, str]) -> None:
    text = ";".join(f"{k}:{v}" for k, v in env.items())
    assert dict(values.environment(text)) == env
