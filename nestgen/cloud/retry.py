"""The one retry policy: jittered exponential backoff on transient failures only."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


class Transient(Exception):
    """A failure worth retrying (throttling, 5xx, a dropped or refused connection)."""

    def __init__(self, cause: BaseException, retry_after: float | None = None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.retry_after = retry_after


@dataclass
class RetryPolicy:
    """Retry ``attempts`` times in all, sleeping ``backoff * 2**n`` with full jitter."""

    attempts: int = 4
    backoff: float = 1.0
    cap: float = 20.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before attempt ``attempt + 1``."""
        if retry_after is not None:
            return min(self.cap, retry_after)
        return self.rng.uniform(0, min(self.cap, self.backoff * 2**attempt))

    def run(self, fn: Callable[[], T], remaining: Callable[[], float] | None = None) -> T:
        """Call ``fn``; on :class:`Transient` retry, then re-raise the underlying cause.

        ``remaining`` (seconds left of the command's deadline) ends the retries early: no
        sleep runs past it, and no attempt starts once it is spent.
        """
        for attempt in range(self.attempts):
            try:
                return fn()
            except Transient as exc:
                pause = self.delay(attempt, exc.retry_after)
                left = remaining() if remaining is not None else math.inf
                if attempt + 1 >= self.attempts or left <= pause:
                    raise exc.cause from None
                self.sleep(pause)
        raise AssertionError("unreachable")
