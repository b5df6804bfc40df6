"""Bounded waiting for a remote state, with a spinner on a terminal and plain lines elsewhere."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TextIO

from nestgen.errors import RemoteError

SPINNER = "|/-\\"


@dataclass
class Progress:
    """Writes state changes: redrawn on one line on a TTY, one line per change otherwise."""

    stream: TextIO
    tty: bool = False
    _last: str = field(default="", repr=False)
    _spin: itertools.cycle = field(default_factory=lambda: itertools.cycle(SPINNER), repr=False)

    def update(self, what: str, state: str) -> None:
        if self.tty:
            self.stream.write(f"\r{next(self._spin)} {what}: {state}\x1b[K")
            self.stream.flush()
        elif state != self._last:
            self.stream.write(f"{what}: {state}\n")
        self._last = state

    def finish(self, what: str, state: str) -> None:
        if self.tty:
            self.stream.write(f"\r{what}: {state}\x1b[K\n")
        elif state != self._last:
            self.stream.write(f"{what}: {state}\n")
        self._last = ""


def wait_for(
    what: str,
    poll: Callable[[], tuple[str, str]],
    *,
    done: Collection[str],
    failed: Collection[str],
    timeout: float,
    interval: float,
    progress: Progress,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Poll until the state is in ``done``; fail on ``failed`` or after ``timeout`` seconds."""
    deadline = clock() + timeout
    while True:
        state, detail = poll()
        if state in done:
            progress.finish(what, state)
            return state
        if state in failed:
            progress.finish(what, state)
            raise RemoteError(f"{what} is {state}: {detail or 'no detail given'}")
        progress.update(what, state)
        if clock() + interval > deadline:
            progress.finish(what, state)
            raise RemoteError(
                f"gave up waiting for {what} after {timeout:g}s (still {state}); "
                "rerun to keep waiting"
            )
        sleep(interval)
