"""Headless Chromium driven over the DevTools protocol (websocket-client), for page tests.

Chromium picks its own debugging port (``--remote-debugging-port=0``) and writes it to
``DevToolsActivePort`` in the fresh profile folder; nothing binds a fixed port.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
)


def chromium_binary() -> str | None:
    """Debian's chromium (or chromium-browser), if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_version() -> str:
    """``Chromium 156.0.8078.114 ...`` as the binary reports it (first line)."""
    binary = chromium_binary()
    if binary is None:
        return ""
    done = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip().splitlines()[0] if done.stdout.strip() else ""


class Browser:
    """One headless Chromium with one page, closed by :meth:`close` (or ``with``)."""

    def __init__(self, profile: Path, width: int = 1280, height: int = 900) -> None:
        import websocket  # websocket-client

        binary = chromium_binary()
        if binary is None:
            raise RuntimeError("chromium is not installed")
        profile.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        port = self._port(profile / "DevToolsActivePort")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            pages = [t for t in json.load(reply) if t.get("type") == "page"]
        self.socket = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=30, suppress_origin=True
        )
        self._next = 0
        self.call("Page.enable")
        self.call("Runtime.enable")

    def _port(self, active: Path, wait: float = 30.0) -> int:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.process.returncode}")
            lines = active.read_text().splitlines() if active.exists() else []
            if lines and lines[0].isdigit():
                return int(lines[0])
            time.sleep(0.05)
        raise RuntimeError("chromium wrote no DevToolsActivePort")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one DevTools command and return its result (events in between are dropped)."""
        self._next += 1
        ident = self._next
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            reply = json.loads(self.socket.recv())
            if reply.get("id") == ident:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (an exception fails)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str, ready: str = "document.documentElement.dataset.ready") -> None:
        """Load ``url`` and wait until ``ready`` is truthy."""
        self.evaluate("document.documentElement && delete document.documentElement.dataset.ready")
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.evaluate(f"!!({ready})"):
                    return
            except RuntimeError:
                pass  # the old document went away mid-call
            time.sleep(0.05)
        raise RuntimeError(f"{url} did not become ready")

    def type_into(self, selector: str, text: str) -> None:
        """Focus an element, clear it and type ``text`` as keyboard input."""
        target = json.dumps(selector)
        self.evaluate(
            f"(e => {{ e.focus(); e.select && e.select(); }})(document.querySelector({target}))"
        )
        self.call("Input.dispatchKeyEvent", type="keyDown", key="Backspace", code="Backspace",
                  windowsVirtualKeyCode=8)  # fmt: skip
        self.call("Input.dispatchKeyEvent", type="keyUp", key="Backspace", code="Backspace",
                  windowsVirtualKeyCode=8)  # fmt: skip
        if text:
            self.call("Input.insertText", text=text)

    def choose(self, selector: str, value: str) -> None:
        """Pick an option of a select (or set a switch) as a user's change would."""
        target, chosen = json.dumps(selector), json.dumps(value)
        self.evaluate(
            f"(e => {{ if (e.type === 'checkbox') e.checked = {chosen} === 'true';"
            f" else e.value = {chosen};"
            " e.dispatchEvent(new Event('change', {bubbles: true})); })"
            f"(document.querySelector({target}))"
        )

    def screenshot(self, path: Path) -> None:
        """The whole page (beyond the window) as PNG."""
        import base64

        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        shot = self.call(
            "Page.captureScreenshot", format="png", captureBeyondViewport=True, clip=clip
        )
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
