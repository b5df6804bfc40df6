"""Hub settings (env file) rendered by nestgen.hubconfig and merged into ChartValues."""

from __future__ import annotations

import json

from nestgen import yamlio
from nestgen.ros.values import deep_merge


def test_hub_settings_are_merged_after_the_overlay(embedded_spec, embedded_files):
    from nestgen.hubconfig import helm_values_from_env_file

    rendered = helm_values_from_env_file(embedded_spec.hub_settings)
    assert rendered
    template = yamlio.loads(embedded_files["ros_templates/template.yaml"]).data
    default = json.loads(template["Parameters"]["ChartValues"]["Default"])
    options = embedded_spec.templates[0].groups["helm"]
    overlay = yamlio.load_file(embedded_spec.resolve(options["values"])).data
    assert default == deep_merge(json.loads(json.dumps(overlay)), rendered)


def test_oauth_service_renders_no_password_login(embedded_spec, embedded_files):
    """The ACK service signs in through Alibaba Cloud OAuth: hub.env sets no AUTH_* variable."""
    template = yamlio.loads(embedded_files["ros_templates/template.yaml"]).data
    default = json.loads(template["Parameters"]["ChartValues"]["Default"])
    assert "NativeAuthenticator" not in default["hub"]["config"]
    assert "authenticator_class" not in default["hub"]["config"]["JupyterHub"]
    assert default["singleuser"]["cpu"]["limit"] == 2.0


def test_password_login_settings_render_native_authenticator(tmp_path):
    from nestgen.hubconfig import helm_values_from_env_file

    env = tmp_path / "hub.env"
    env.write_text("AUTH_MINIMUM_PASSWORD_LENGTH=12\nAUTH_ADMIN_USER=root\n")
    config = helm_values_from_env_file(env)["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == "nativeauthenticator.NativeAuthenticator"
    assert config["NativeAuthenticator"]["minimum_password_length"] == 12
    assert config["Authenticator"]["admin_users"] == ["root"]
    assert (
        "NativeAuthenticator"
        not in helm_values_from_env_file(env, password_login=False)["hub"]["config"]
    )


def test_deep_merge():
    base = {"a": {"b": 1, "c": {"d": 2}}, "e": [1]}
    assert deep_merge(base, {"a": {"c": {"f": 3}}, "e": [2]}) == {
        "a": {"b": 1, "c": {"d": 2, "f": 3}},
        "e": [2],
    }
    assert base == {"a": {"b": 1, "c": {"d": 2}}, "e": [1]}
