"""The hub's login and signup pages as headless Chromium renders them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hubint_hub import Hub
from hubint_servers import require_binary

pytestmark = pytest.mark.integration

# Without the background-networking flags Chromium keeps dialling Google's hosts.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def rendered(url: str, profile: Path) -> str:
    """The DOM of ``url`` after Chromium loaded it and ran its scripts."""
    chromium = require_binary("chromium", "chromium-browser")
    done = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_login_page_has_the_native_login_form(swarm_hub: Hub, tmp_path: Path) -> None:
    dom = rendered(f"{swarm_hub.url}/hub/login", tmp_path / "profile")
    assert '<form action="/hub/login' in dom
    for field in ('name="username"', 'name="password"', 'name="_xsrf"'):
        assert field in dom, field
    assert 'href="/hub/signup"' in dom, "AUTH_ENABLE_SIGNUP defaults to True: a signup link"


def test_signup_page_has_the_signup_form(swarm_hub: Hub, tmp_path: Path) -> None:
    dom = rendered(f"{swarm_hub.url}/hub/signup", tmp_path / "profile")
    for field in ('name="signup_password"', 'name="signup_password_confirmation"'):
        assert field in dom, field
