"""A real JupyterHub process configured only by environment variables, and a browser-like client.

The hub runs ``images/swarm-hub/jupyterhub_config.py`` (which reads the variables through
``nestgen.hubconfig``) and starts configurable-http-proxy itself; the client drives it over
HTTP the way a browser does, sending the ``_xsrf`` value of each form back with the form.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from hubint_servers import free_port, require_binary, spawned, tail, wait_until

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "images" / "swarm-hub" / "jupyterhub_config.py"
XSRF = re.compile(r'name="_xsrf"\s+value="([^"]+)"')


@dataclass(frozen=True)
class Hub:
    """A running hub: its public URL (through the proxy), its log and its environment."""

    url: str
    log: Path
    env: Mapping[str, str]

    def client(self) -> HubClient:
        """A fresh client with its own cookie jar (one browser per user)."""
        return HubClient(self.url)

    def log_text(self) -> str:
        """Everything the hub and the proxy logged so far."""
        return self.log.read_text(errors="replace")


def hub_environment(workdir: Path, settings: Mapping[str, str]) -> dict[str, str]:
    """Variables of a hub on loopback: free ports, state in ``workdir``, then ``settings``."""
    base = {
        "PROXY_SHOULD_START": "True",
        "PROXY_API_URL": f"http://127.0.0.1:{free_port()}",
        "HUB_PORT": str(free_port()),
        "HUB_HUB_PORT": str(free_port()),
        "HUB_CONNECT_IP": "127.0.0.1",
        "HUB_COOKIE_SECRET_FILE": str(workdir / "cookie_secret"),
        "HUB_DB_URL": f"sqlite:///{workdir / 'jupyterhub.sqlite'}",
        "SPAWNER_NETWORK_NAME": "hubint-net",
    }
    return {**base, **settings}


def hub_command(
    workdir: Path, hub_vars: Mapping[str, str], extra_env: Mapping[str, str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """The argv and full environment of ``jupyterhub -f images/swarm-hub/jupyterhub_config.py``."""
    if importlib.util.find_spec("jupyterhub") is None:
        pytest.skip("jupyterhub is not installed (pip install -e '.[hub]')")
    env = {**clean_environ(), "HOME": str(workdir), **(extra_env or {}), **hub_vars}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], env


@contextlib.contextmanager
def start_hub(
    workdir: Path, settings: Mapping[str, str], extra_env: Mapping[str, str] | None = None
) -> Iterator[Hub]:
    """Run the hub (which starts configurable-http-proxy) until the block ends."""
    require_binary("configurable-http-proxy")
    hub_vars = hub_environment(workdir, settings)
    argv, env = hub_command(workdir, hub_vars, extra_env)
    log = workdir / "jupyterhub.log"
    with spawned(argv, log, env=env, cwd=workdir) as proc:
        hub = Hub(f"http://127.0.0.1:{hub_vars['HUB_PORT']}", log, hub_vars)
        wait_until(
            lambda: requests.get(f"{hub.url}/hub/api", timeout=2).ok, 120, "JupyterHub", proc, log
        )
        yield hub
        if proc.poll() is not None:
            raise RuntimeError(f"the hub died during the tests:\n{tail(log)}")


def clean_environ() -> dict[str, str]:
    """This process's environment without hub variables or proxies that could leak in."""
    prefixes = ("PROXY_", "HUB_", "SPAWNER_", "AUTH_", "CONFIGPROXY_", "JUPYTERHUB_", "DOCKER_")
    skip = {"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"}
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes) and k not in skip}


class HubClient:
    """One browser session against the hub: forms with ``_xsrf``, cookies, no redirects."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()

    def get(self, path: str) -> requests.Response:
        """GET a hub page without following redirects."""
        return self.http.get(self.url + path, allow_redirects=False, timeout=30)

    def post_form(self, path: str, fields: Mapping[str, str]) -> requests.Response:
        """GET the page for its ``_xsrf`` value, then POST the form with it."""
        page = self.get(path)
        page.raise_for_status()
        found = XSRF.search(page.text)
        assert found, f"no _xsrf field in the form of {path}"
        data = {**fields, "_xsrf": found.group(1)}
        return self.http.post(self.url + path, data=data, allow_redirects=False, timeout=30)

    def signup(self, username: str, password: str) -> str:
        """Submit the NativeAuthenticator signup form; the page's alert text."""
        page = self.post_form(
            "/hub/signup",
            {
                "username": username,
                "signup_password": password,
                "signup_password_confirmation": password,
            },
        )
        page.raise_for_status()
        return page.text

    def login(self, username: str, password: str) -> bool:
        """Log out, submit the login form; True when the hub logged ``username`` in."""
        self.http.cookies.clear()
        page = self.post_form("/hub/login", {"username": username, "password": password})
        if page.status_code == 302:
            # the login's _xsrf cookie belongs to the session before it: a page renews it
            self.get("/hub/home")
            return self.api("GET", "/user").json().get("name") == username
        page.raise_for_status()
        return False

    def api(self, method: str, path: str, body: object = None) -> requests.Response:
        """Call the hub's REST API with the session cookie and its XSRF header."""
        headers = {"X-XSRFToken": self.http.cookies.get("_xsrf", "")}
        return self.http.request(
            method,
            f"{self.url}/hub/api{path}",
            headers=headers,
            json=body,
            allow_redirects=False,
            timeout=60,
        )
