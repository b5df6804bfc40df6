"""Saved plans for CI: ``plan -o PLAN`` then ``publish PLAN``; ``plan --detailed-exitcode``."""

from __future__ import annotations

import json
from pathlib import Path

from fakecloud import FakeCloud
from publish_helpers import publish, write_package
from test_publish_errors import nestgen

TEMPLATE = """\
ROSTemplateFormatVersion: '2015-09-01'
Parameters:
  AdminPassword:
    Type: String
    Label: Admin password
    NoEcho: true
Resources:
  Wait:
    Type: ALIYUN::ROS::WaitConditionHandle
"""


def _pkg(root: Path, template: str = TEMPLATE) -> Path:
    return write_package(root, chart=None, template=template)


def _secrets(fake: FakeCloud) -> list[str]:
    return [fake.access_key_secret, fake.registry_password] + [
        part for secret, token in fake.sts.values() for part in (secret, token)
    ]


def test_a_saved_plan_is_applied_as_planned(tmp_path: Path, bare):
    fake, env = bare
    pkg, saved = _pkg(tmp_path / "pkg"), tmp_path / "plan.json"
    made = nestgen(["plan", str(pkg), "-o", str(saved)], env)
    assert made.returncode == 0, made.stderr
    assert "Saved the plan to" in made.stderr and fake.writes() == []
    text = saved.read_text()
    assert fake.sts and not [s for s in _secrets(fake) if s in text]  # the upload keys stay out
    data = json.loads(text)
    assert data["format"] == "nestgen-plan/1" and data["source"]["path"] == str(pkg.resolve())
    applied = nestgen(["publish", str(saved), "--yes"], env)
    assert applied.returncode == 0, applied.stderr
    assert fake.writes() == ["CreateService"] and len(fake.puts()) == 2
    assert not [s for s in _secrets(fake) if s in applied.stdout + applied.stderr]


def test_a_saved_plan_is_refused_when_the_remote_side_changed(tmp_path: Path, bare):
    fake, env = bare
    pkg, saved = _pkg(tmp_path / "pkg"), tmp_path / "plan.json"
    publish(pkg, env)
    _pkg(pkg, TEMPLATE + "Outputs: {}\n")
    assert nestgen(["plan", str(pkg), "-o", str(saved)], env).returncode == 0
    other = _pkg(tmp_path / "other", TEMPLATE + "Outputs: {}\nMetadata: {}\n")
    publish(other, env)  # someone else updates the same service meanwhile
    writes = len(fake.writes())
    refused = nestgen(["publish", str(saved), "--yes"], env)
    assert refused.returncode == 1
    assert "error: the remote side changed since the plan was saved" in refused.stderr
    assert len(fake.writes()) == writes


def test_a_saved_plan_is_refused_when_the_package_changed(tmp_path: Path, bare):
    fake, env = bare
    pkg, saved = _pkg(tmp_path / "pkg"), tmp_path / "plan.json"
    assert nestgen(["plan", str(pkg), "-o", str(saved)], env).returncode == 0
    _pkg(pkg, TEMPLATE + "Outputs: {}\n")
    refused = nestgen(["publish", str(saved), "--yes"], env)
    assert refused.returncode == 1 and "the package changed since" in refused.stderr
    assert fake.writes() == []
    clash = nestgen(["publish", str(saved), "--yes", "--region", "cn-hangzhou"], env)
    assert clash.returncode == 2 and "--region: a saved plan already says" in clash.stderr


def test_detailed_exitcode(tmp_path: Path, bare):
    _, env = bare
    pkg = _pkg(tmp_path / "pkg")
    assert nestgen(["plan", str(pkg), "--detailed-exitcode"], env).returncode == 2
    publish(pkg, env)
    assert nestgen(["plan", str(pkg), "--detailed-exitcode"], env).returncode == 0
    missing = nestgen(["plan", str(tmp_path / "nowhere"), "--detailed-exitcode"], env)
    assert missing.returncode == 1 and "error:" in missing.stderr  # 2 means changes here
    assert nestgen(["plan", str(tmp_path / "nowhere")], env).returncode == 2
