"""Both supplier sites in one run: two fakes, one per site, each its own Compute Nest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakecloud import FakeCloud, Server
from publish_helpers import PLAIN_TEMPLATE, env_for, publish, write_package
from test_publish_errors import nestgen

SITES = ("cn-hangzhou", "ap-southeast-1")
TEMPLATE = PLAIN_TEMPLATE


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[tuple[FakeCloud, FakeCloud, dict[str, str]]]:
    home, intl = FakeCloud(region=SITES[0]), FakeCloud(region=SITES[1])
    with Server(home) as first, Server(intl) as second:
        env = env_for(home, first, tmp_path)
        for name in ("COMPUTENEST", "ROS", "OSS"):
            env[f"NESTGEN_{name}_ENDPOINT_AP_SOUTHEAST_1"] = second.url
        yield home, intl, env


def _args(pkg: Path, *more: str) -> list[str]:
    return [str(pkg), "--region", SITES[0], "--region", SITES[1], *more]


def test_both_sites_are_planned_and_published(tmp_path: Path, sites):
    home, intl, env = sites
    pkg = write_package(tmp_path / "pkg", chart=None, template=TEMPLATE, regions=SITES)
    publish(pkg, env)  # the service exists on the home site only
    planned = nestgen(["plan", *_args(pkg, "--format", "json")], env)
    assert planned.returncode == 0, planned.stderr
    data = json.loads(planned.stdout)
    assert [(s["region"], s["changes"]) for s in data["sites"]] == [(SITES[0], 0), (SITES[1], 3)]
    assert {step["site"] for step in data["sites"][1]["steps"]} == {SITES[1]}
    text = nestgen(["plan", *_args(pkg)], env).stdout
    assert "Plan for region cn-hangzhou:" in text and "Plan for region ap-southeast-1:" in text
    writes = len(home.writes())
    done = nestgen(["publish", *_args(pkg, "--yes")], env)
    assert done.returncode == 0, done.stderr
    assert "cn-hangzhou: nothing to publish" in done.stdout
    assert "ap-southeast-1: published service" in done.stdout
    assert len(home.writes()) == writes and intl.writes() == ["CreateService"]
    assert len(home.services) == len(intl.services) == 1
    again = nestgen(["publish", *_args(pkg, "--yes")], env)
    assert again.returncode == 0 and "published service" not in again.stdout
    assert intl.writes() == ["CreateService"]


def test_a_failing_site_says_what_the_other_is_left_with(tmp_path: Path, sites):
    home, intl, env = sites
    pkg = write_package(tmp_path / "pkg", chart=None, template=TEMPLATE, regions=SITES)
    intl.fail_next("CreateService", "400")
    failed = nestgen(["publish", *_args(pkg, "--yes")], env)
    assert failed.returncode == 1
    assert "error: ap-southeast-1: CreateService failed: InvalidParameter" in failed.stderr
    assert (
        "warning: published: cn-hangzhou; not published: ap-southeast-1 (rerun to finish)"
        in failed.stderr
    )
    assert len(home.services) == 1 and not intl.services
    home.fail_next("ListServices", "400")
    first = nestgen(["publish", *_args(pkg, "--yes")], env)
    assert first.returncode == 1 and "error: cn-hangzhou: ListServices failed" in first.stderr
    assert "warning: nothing was published on any site" in first.stderr
    rerun = nestgen(["publish", *_args(pkg, "--yes")], env)
    assert rerun.returncode == 0, rerun.stderr
    assert len(home.services) == len(intl.services) == 1
    assert home.writes() == ["CreateService"] and intl.writes() == ["CreateService"]


def test_one_site_options(tmp_path: Path, sites):
    _, _, env = sites
    pkg = write_package(tmp_path / "pkg", chart=None, template=TEMPLATE)
    clash = nestgen(["publish", *_args(pkg, "--yes", "--service-id", "service-1")], env)
    assert clash.returncode == 2 and "--service-id names a service of one site" in clash.stderr
    saved = nestgen(["plan", *_args(pkg, "-o", str(tmp_path / "p.json"))], env)
    assert saved.returncode == 2 and "one --region (one site)" in saved.stderr
