"""The planner and the applier in the unit run: a chartless package against the fake, no registry.

The fake Compute Nest / ROS / OSS endpoint is in-process (tests/publish/fakecloud.py), the SDK
clients are the real ones; nothing here needs a server binary, so it runs without the
``integration`` marker.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakecloud import FakeCloud, Server
from publish_helpers import CHARTLESS_TEMPLATE as TEMPLATE
from publish_helpers import env_for, plan, publish, write_package

pytest.importorskip("alibabacloud_computenestsupplier20210521", reason="the publish extra")


@pytest.fixture
def cloud() -> Iterator[tuple[FakeCloud, Server]]:
    fake = FakeCloud()  # no registry: the package has no chart
    with Server(fake) as server:
        yield fake, server


@pytest.fixture
def env(cloud: tuple[FakeCloud, Server], tmp_path: Path) -> dict[str, str]:
    return env_for(*cloud, tmp_path)


def _package(root: Path, **kw: object) -> Path:
    return write_package(root, chart=None, template=TEMPLATE, **kw)


def test_plan_of_a_new_service_is_read_only(tmp_path, env, cloud):
    fake, _ = cloud
    the_plan = plan(_package(tmp_path / "pkg"), env)
    assert the_plan.service.action == "create"
    assert the_plan.of("artifact") == []
    assert {f.action for f in the_plan.of("file")} == {"upload"}
    assert fake.writes() == []


def test_publish_creates_then_republishing_writes_nothing(tmp_path, env, cloud):
    fake, _ = cloud
    pkg = _package(tmp_path / "pkg")
    first = publish(pkg, env)
    assert first.result is not None and first.result.service_written
    assert fake.writes() == ["CreateService"]
    assert len(first.log.uploads) == 2  # the template and the icon, to OSS
    (service,) = fake.services.values()
    assert {i["Name"] for i in service["ServiceInfos"]} == {"nestgen-demo"}
    writes = len(fake.writes())
    again = publish(pkg, env)
    assert again.result is None  # up to date
    assert len(fake.writes()) == writes
    assert plan(pkg, env).changes() == 0


def test_a_changed_template_updates_the_service_only(tmp_path, env, cloud):
    fake, _ = cloud
    pkg = _package(tmp_path / "pkg")
    publish(pkg, env)
    writes = len(fake.writes())
    changed = TEMPLATE.replace("Default: demo", "Default: demo2")
    (pkg / "ros_templates" / "template.yaml").write_text(changed)
    the_plan = plan(pkg, env)
    assert the_plan.service.action == "update"
    assert [f.path for f in the_plan.of("file") if f.action == "upload"] == [
        "ros_templates/template.yaml"
    ]
    assert any(
        line.startswith("+      Url: <upload ros_templates") for line in the_plan.service.diff
    )
    outcome = publish(pkg, env)
    assert fake.writes()[writes:] == ["UpdateService"]
    assert len(outcome.log.uploads) == 1


LOCALE_CONFIGS = [
    {"OriginalValue": "Container cluster", "ZhValue": "容器集群", "EnValue": "Container cluster"}
]


def _with_translations(pkg: Path, zh: str = "容器集群") -> Path:
    """config.yaml gains Service.ServiceLocaleConfigs (the template name in both locales)."""
    import yaml

    config = yaml.safe_load((pkg / "config.yaml").read_text(encoding="utf-8"))
    config["Service"]["ServiceLocaleConfigs"] = [{**LOCALE_CONFIGS[0], "ZhValue": zh}]
    (pkg / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return pkg


def test_translations_reach_the_service_and_are_compared(tmp_path, env, cloud):
    """CreateService has no ServiceLocaleConfigs: the new draft is updated with them once."""
    fake, _ = cloud
    pkg = _with_translations(_package(tmp_path / "pkg"))
    publish(pkg, env)
    assert fake.writes() == ["CreateService", "UpdateService"]
    (service,) = fake.services.values()
    assert service["ServiceLocaleConfigs"] == LOCALE_CONFIGS
    writes = len(fake.writes())
    assert publish(pkg, env).result is None and len(fake.writes()) == writes  # read back equal
    _with_translations(pkg, zh="容器集群版")
    the_plan = plan(pkg, env)
    assert the_plan.service.action == "update"
    assert any("容器集群版" in line for line in the_plan.service.diff)
    publish(pkg, env)
    assert fake.writes()[writes:] == ["UpdateService"]
    assert service["ServiceLocaleConfigs"][0]["ZhValue"] == "容器集群版"
