"""Pieces without servers: retry policy, credentials, waiting, payload diffs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from publish_helpers import write_package

from nestgen.cloud import credentials
from nestgen.cloud.retry import RetryPolicy, Transient
from nestgen.errors import InputError, RemoteError
from nestgen.publish.package import load_package
from nestgen.publish.payload import build_payload, diff
from nestgen.publish.wait import Progress, wait_for


def test_retry_only_transient_with_jittered_growing_delays():
    sleeps: list[float] = []
    policy = RetryPolicy(attempts=4, backoff=1.0, sleep=sleeps.append)
    calls = iter([Transient(OSError("a")), Transient(OSError("b")), None])

    def flaky() -> str:
        exc = next(calls)
        if exc:
            raise exc
        return "ok"

    assert policy.run(flaky) == "ok"
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 1.0 and 0 <= sleeps[1] <= 2.0
    with pytest.raises(ValueError):
        policy.run(lambda: (_ for _ in ()).throw(ValueError("4xx")))
    assert len(sleeps) == 2  # a non-transient error is not retried


def test_retry_gives_up_with_the_cause():
    policy = RetryPolicy(attempts=3, sleep=lambda _: None)
    with pytest.raises(OSError, match="down"):
        policy.run(lambda: (_ for _ in ()).throw(Transient(OSError("down"))))
    assert RetryPolicy(cap=5).delay(10, retry_after=30) == 5


def _aliyun(home: Path, profiles: list[dict], current: str) -> None:
    (home / ".aliyun").mkdir(parents=True)
    (home / ".aliyun" / "config.json").write_text(
        json.dumps({"current": current, "profiles": profiles})
    )


def test_credentials_precedence(tmp_path: Path):
    _aliyun(
        tmp_path,
        [
            {"name": "default", "mode": "AK", "access_key_id": "AK1", "access_key_secret": "S1"},
            {
                "name": "sts",
                "mode": "StsToken",
                "access_key_id": "STS.2",
                "access_key_secret": "S2",
                "sts_token": "T2",
            },
        ],
        "default",
    )
    env = {"HOME": str(tmp_path)}
    assert credentials.resolve(env).access_key_id == "AK1"
    sts = credentials.resolve(env, "sts")
    assert (sts.access_key_id, sts.security_token) == ("STS.2", "T2")
    from_env = credentials.resolve(
        {
            **env,
            "ALIBABA_CLOUD_ACCESS_KEY_ID": "E",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "ES",
            "ALIBABA_CLOUD_SECURITY_TOKEN": "ET",
        }
    )
    assert (from_env.access_key_id, from_env.security_token) == ("E", "ET")
    assert "ES" not in repr(from_env) and "ET" not in repr(from_env)
    with pytest.raises(InputError, match="profile 'nope' not found"):
        credentials.resolve(env, "nope")


def test_no_credentials_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for name in (
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_CREDENTIALS_FILE",
        "ALIBABA_CLOUD_ROLE_ARN",
    ):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(InputError, match="no credentials"):
        credentials.resolve({"HOME": str(tmp_path)})


def _poll(states: list[str]):
    it = iter(states)
    return lambda: (next(it), "the detail")


def test_wait_plain_lines_and_tty_spinner():
    out = io.StringIO()
    state = wait_for(
        "artifact a",
        _poll(["Scanning", "Scanning", "Delivering", "Available"]),
        done={"Available"},
        failed={"ScanFailed"},
        timeout=10,
        interval=0,
        progress=Progress(out),
        sleep=lambda _: None,
    )
    assert state == "Available"
    assert out.getvalue().splitlines() == [
        "artifact a: Scanning",
        "artifact a: Delivering",
        "artifact a: Available",
    ]
    tty = io.StringIO()
    wait_for(
        "s",
        _poll(["Creating", "Draft"]),
        done={"Draft"},
        failed=(),
        timeout=10,
        interval=0,
        progress=Progress(tty, tty=True),
        sleep=lambda _: None,
    )
    assert "\r| s: Creating" in tty.getvalue() and tty.getvalue().endswith("s: Draft\x1b[K\n")


def test_wait_fails_with_detail_and_is_bounded():
    with pytest.raises(RemoteError, match="ScanFailed: the detail"):
        wait_for(
            "a",
            _poll(["Scanning", "ScanFailed"]),
            done={"Available"},
            failed={"ScanFailed"},
            timeout=10,
            interval=0,
            progress=Progress(io.StringIO()),
            sleep=lambda _: None,
        )
    clock = iter(range(0, 1000, 5))
    with pytest.raises(RemoteError, match="gave up waiting for a after 12s"):
        wait_for(
            "a",
            lambda: ("Scanning", ""),
            done={"Available"},
            failed=(),
            timeout=12,
            interval=5,
            progress=Progress(io.StringIO()),
            clock=lambda: next(clock),
            sleep=lambda _: None,
        )


def test_payload_uses_urls_and_relations(tmp_path: Path):
    pkg = load_package(write_package(tmp_path / "pkg"))
    urls = {p: f"https://b.oss/{f.upload_name}" for p, f in pkg.files.items()}
    (ref,) = pkg.artifacts[0].refs
    placeholder = ref[1]
    desired = build_payload(pkg, urls, {ref: ("artifact-1", "3")})
    meta = desired.deploy_metadata
    assert meta["TemplateConfigs"][0]["Url"].startswith("https://b.oss/template-")
    relation = meta["SupplierDeployMetadata"]["HelmChartArtifactRelation"][placeholder]
    assert relation == {"ArtifactId": "artifact-1", "ArtifactVersion": "3"}
    assert diff(desired, desired) == []
    other = build_payload(pkg, urls, {ref: ("artifact-1", "4")})
    assert "-        ArtifactVersion: '3'" in diff(desired, other)
    assert (tmp_path / "pkg" / "config.yaml").read_text().count("${Artifact.") == 2


def test_pushes_go_to_the_parent_of_the_repository_path():
    """computenest-cli pushes to dirname(Path) (helm push ... oci://<dirname>)."""
    from nestgen.publish.content import push_target

    assert push_target("cr.example.com/computenest/user-repo") == ("cr.example.com", "computenest")
    assert push_target("cr.example.com/computenest/") == ("cr.example.com", "computenest")
    assert push_target("cr.example.com/computenest") == ("cr.example.com", "")
    with pytest.raises(RemoteError, match="names no registry"):
        push_target("cr.example.com")
