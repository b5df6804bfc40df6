"""``params defaults``: the file a user starts from."""

from __future__ import annotations

from nestgen import yamlio
from nestgen.params import check_parameters, defaults_file


def test_defaults_file_lists_visible_parameters_with_labels(hub):
    text = defaults_file(hub)
    assert (
        text.splitlines()[0] == "# Parameters for jupyterhub_like.yaml (nestgen params defaults)."
    )
    assert "# Cluster option (required)\nCsOptions: ExistCs\n" in text
    assert "# ACK cluster ID (required)\nClusterId:\n" in text
    assert "ZoneId" not in text  # only shown for a new cluster
    data = yamlio.loads(text).data
    assert list(data) == ["CsOptions", "ClusterId", "DomainAddress", "ChartValues"]
    assert data["ChartValues"] == {"singleuser": {"storage": {"capacity": "20Gi"}}}


def test_defaults_file_in_chinese(hub):
    assert "# 集群选项 (必填)\nCsOptions: ExistCs" in defaults_file(hub, locale="zh-cn")


def test_secret_default_is_never_written():
    doc = {
        "Parameters": {
            "Password": {
                "Type": "String",
                "NoEcho": True,
                "Default": "Sup3r-secret",
                "Label": "Password",
            }
        }
    }
    text = defaults_file(doc)
    assert "Sup3r-secret" not in text
    assert "# Password (secret: never stored here)\nPassword:\n" in text


def test_blank_entries_are_what_check_asks_for(hub):
    data = yamlio.loads(defaults_file(hub)).data
    problems = check_parameters(hub, data)
    assert [(p.parameter, p.code) for p in problems] == [("ClusterId", "required")]
    assert check_parameters(hub, {**data, "ClusterId": "c0123"}) == []


def test_defaults_file_is_deterministic(hub):
    assert defaults_file(hub) == defaults_file(hub)
