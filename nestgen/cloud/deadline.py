"""The time a whole command may take (``--timeout``): every HTTP call and wait fits inside it."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Deadline:
    """From ``start`` (default: when made); ``seconds`` None means no bound."""

    seconds: float | None = None
    clock: Callable[[], float] = time.monotonic
    start: float = field(default=-1.0)  # a clock() reading; default: now

    def __post_init__(self) -> None:
        if self.start < 0:
            self.start = self.clock()

    def remaining(self) -> float:
        """Seconds left (infinite without a bound, never below 0)."""
        if self.seconds is None:
            return math.inf
        return max(0.0, self.start + self.seconds - self.clock())

    def cap(self, seconds: float) -> float:
        """``seconds``, or less when the deadline is nearer."""
        return min(seconds, self.remaining())

    @property
    def expired(self) -> bool:
        return self.remaining() <= 0

    def describe(self) -> str:
        """How the bound is named in messages."""
        return f"the --timeout of {self.seconds:g} s" if self.seconds is not None else "no timeout"
