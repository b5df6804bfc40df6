"""End to end on the real Swarm: the hub stack from ``nestgen hub stack`` (real hub image, the
proxy as its own service), a real notebook spawned by SwarmSpawner, reached through the proxy.

Nothing is left behind: the module records the engine's services, containers, volumes and
networks before and removes (then asserts gone) whatever is new; the ``swarm`` fixture does
the same for the host's interfaces, mounts and dockerd's fixed-path files.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from cdp_browser import Browser, chromium_binary
from hubint_hub import Hub, HubClient
from hubint_servers import temp_dir, wait_until
from hubint_spawn import escaped, log_in
from hubint_stack import deploy_stack, stack_settings
from hubint_swarm import Swarm, engine_left_clean

pytestmark = pytest.mark.integration
USER = "erin"


@pytest.fixture(scope="module")
def stack_hub(
    swarm: Swarm, hub_image: str, hub_proxy_image: str, notebook_image: str
) -> Iterator[Hub]:
    """The deployed stack; afterwards nothing it made is left in the engine."""
    with (
        temp_dir("hubint-stack-") as workdir,
        engine_left_clean(swarm),
        deploy_stack(
            swarm, workdir, stack_settings(notebook_image), hub_image, hub_proxy_image
        ) as hub,
    ):
        yield hub


def start_server(client: HubClient, username: str, timeout: float = 240) -> float:
    """Ask the hub for the user's server and wait until the hub calls it ready; seconds taken."""
    start = time.monotonic()
    answer = client.api("POST", f"/users/{username}/server")
    running = answer.status_code == 400 and "is already running" in answer.text
    assert answer.status_code in (201, 202) or running, answer.text

    def ready() -> bool:
        server = client.api("GET", f"/users/{username}").json()["servers"].get("", {})
        return bool(server.get("ready"))

    wait_until(ready, timeout, f"the server of {username}")
    return time.monotonic() - start


def stop_server(swarm: Swarm, client: HubClient, username: str) -> None:
    answer = client.api("DELETE", f"/users/{username}/server")
    assert answer.status_code in (202, 204), answer.text
    service = f"jupyter-{escaped(username)}"
    wait_until(lambda: swarm.inspect("service", service) is None, 120, f"{service} removed")


def user_token(client: HubClient, username: str) -> str:
    answer = client.api("POST", f"/users/{username}/tokens", {"note": "hubint e2e"})
    assert answer.status_code == 201, answer.text
    return answer.json()["token"]


@pytest.fixture(scope="module")
def erin(stack_hub: Hub) -> HubClient:
    return log_in(stack_hub, USER)


def test_the_spawned_notebook_answers_through_the_proxy(
    swarm: Swarm, stack_hub: Hub, erin: HubClient, notebook_image: str
) -> None:
    start_server(erin, USER)
    service = swarm.inspect("service", f"jupyter-{USER}")
    assert service is not None
    assert service["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"] == notebook_image
    token = user_token(erin, USER)
    status = requests.get(
        f"{stack_hub.url}/user/{USER}/api/status",
        headers={"Authorization": f"token {token}"},
        timeout=30,
    )
    assert status.status_code == 200, status.text
    assert {"started", "last_activity", "kernels"} <= status.json().keys()
    # without a token the notebook sends the browser to the hub's OAuth login
    anonymous = requests.get(f"{stack_hub.url}/user/{USER}/lab", allow_redirects=False, timeout=30)
    assert anonymous.status_code == 302
    assert "/hub/api/oauth2/authorize" in anonymous.headers["Location"]


def test_a_file_written_through_the_proxy_outlives_stop_and_start(
    swarm: Swarm, stack_hub: Hub, erin: HubClient
) -> None:
    """The stack mounts the user's volume at the notebook dir itself (subpath ``/``, see
    stack_settings): a file saved where JupyterLab opens is there after stop + start."""
    start_server(erin, USER)  # running since the test before, or started now
    token = user_token(erin, USER)
    url = f"{stack_hub.url}/user/{USER}/api/contents/kept.txt"
    auth = {"Authorization": f"token {token}"}
    body = {"type": "file", "format": "text", "content": "written through the proxy"}
    put = requests.put(url, json=body, headers=auth, timeout=30)
    assert put.status_code in (200, 201), put.text
    stop_server(swarm, erin, USER)
    assert swarm.inspect("volume", f"jupyterhub-user-{USER}") is not None
    start_server(erin, USER)
    read = requests.get(url, params={"content": "1"}, headers=auth, timeout=30)
    assert read.status_code == 200, read.text
    assert read.json()["content"] == "written through the proxy"
    stop_server(swarm, erin, USER)


def artifact_dir(tmp_path: Path) -> Path:
    """Where screenshots of failed browser tests are kept ($NESTGEN_TEST_ARTIFACTS or tmp)."""
    folder = Path(os.environ.get("NESTGEN_TEST_ARTIFACTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def submit(browser: Browser, fields: dict[str, str], button: str) -> None:
    """Type into the form's fields as a user would and click its submit button."""
    for name, value in fields.items():
        browser.type_into(f"[name={name}]", value)
    browser.evaluate(f"document.querySelector({json.dumps(button)}).click()")


def wait_for(browser: Browser, expression: str, timeout: float) -> None:
    def holds() -> bool:
        return bool(browser.evaluate(f"!!({expression})"))

    wait_until(holds, timeout, expression)


def test_chromium_signs_up_logs_in_and_lands_in_jupyterlab(
    swarm: Swarm, stack_hub: Hub, tmp_path: Path
) -> None:
    if chromium_binary() is None:
        pytest.skip("chromium is not installed (scripts/install-test-deps installs it)")
    user, password = "frank", "frank-password-1"
    with Browser(tmp_path / "profile") as browser:
        try:
            browser.open(f"{stack_hub.url}/hub/signup", ready="document.forms.length")
            form = {"username": user, "signup_password": password}
            submit(browser, {**form, "signup_password_confirmation": password}, "#signup_submit")
            wait_for(browser, "document.querySelector('.alert-success')", 30)
            browser.open(f"{stack_hub.url}/hub/login", ready="document.forms.length")
            submit(browser, {"username": user, "password": password}, "#login_submit")
            # the hub spawns the server, waits on spawn-pending, then the OAuth round trip
            wait_for(browser, "document.querySelector('.jp-LabShell')", 240)
            assert browser.evaluate("location.pathname") == f"/user/{user}/lab"
            assert browser.evaluate("document.title") == "JupyterLab"
            wait_for(browser, "document.querySelector('.jp-DirListing')", 60)
        except Exception:
            shot = artifact_dir(tmp_path) / "hub-e2e-chromium.png"
            browser.screenshot(shot)
            raise AssertionError(f"screenshot of the failure: {shot}") from None
    assert swarm.inspect("service", f"jupyter-{user}") is not None
    stop_server(swarm, log_in_again(stack_hub, user, password), user)


def log_in_again(hub: Hub, username: str, password: str) -> HubClient:
    client = hub.client()
    assert client.login(username, password)
    return client
