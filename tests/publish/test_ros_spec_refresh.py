"""``nestgen lint --update-spec``: the real ROS SDK client against the local fake cloud."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from fakecloud import FakeCloud, Server
from publish_helpers import env_for

from nestgen.cli import run
from nestgen.rosspec import online
from nestgen.rosspec.spec import cached_path, parse, spec_path

WIDGET = {
    "Properties": {
        "Name": {
            "Type": "string",
            "Required": True,
            "Constraints": [{"Length": {"Min": 2, "Max": 8}}, {"AllowedPattern": "^[a-z]+$"}],
        },
        "Size": {"Type": "integer", "Constraints": [{"Range": {"Min": 1}}]},
        "Mode": {"Type": "string", "Constraints": [{"AllowedValues": ["a", "b"]}]},
        "Disks": {
            "Type": "list",
            "Schema": {"*": {"Type": "map", "Schema": {"Category": {"Type": "string"}}}},
        },
        "Labels": {"Type": "map"},
    },
    "Attributes": {"WidgetId": {"Description": "the id"}},
}


def test_the_property_schema_converts_to_spec_descriptions() -> None:
    entry = online.convert_type(WIDGET)
    assert entry["attributes"] == ["WidgetId"]
    props = entry["properties"]
    assert props["Name"] == {
        "type": "string",
        "required": True,
        "minLength": 2,
        "maxLength": 8,
        "pattern": "^[a-z]+$",
    }
    assert props["Size"] == {"type": "number", "min": 1}
    assert props["Mode"]["allowed"] == ["a", "b"]
    assert props["Disks"]["items"] == {
        "type": "struct",
        "properties": {"Category": {"type": "string"}},
    }
    assert props["Labels"] == {"type": "map", "items": {"type": "any"}}


def test_update_spec_fetches_from_ros_into_the_cache_and_lint_uses_it(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    fake = FakeCloud(registry_check=lambda name: False)
    fake.resource_types = {
        "ALIYUN::DEMO::Widget": ("Resource", WIDGET),
        "DATASOURCE::DEMO::Widgets": ("DataSource", {"Properties": {}, "Attributes": {}}),
    }
    with Server(fake) as server:
        env = env_for(fake, server, tmp_path)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        assert run(["lint", "--update-spec"]) == 0
    path = cached_path(env)
    assert spec_path(env) == path
    spec = parse(path.read_bytes(), str(path))
    assert spec.get("ALIYUN::DEMO::Widget").properties["Name"]["required"] is True
    assert spec.get("DATASOURCE::DEMO::Widgets") is not None
    assert spec.get("ALIYUN::CS::KubernetesCluster") is not None  # kept from the shipped file
    document = json.loads(gzip.decompress(path.read_bytes()))
    assert list(document["sources"]) == ["ros GetResourceType (cn-hangzhou)"]
    assert fake.access_key_secret not in capsys.readouterr().err
