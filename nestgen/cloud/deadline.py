"""The time a whole command may take (``--timeout``): every HTTP call and wait fits inside it."""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

from nestgen.errors import RemoteError


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


BACKSTOP_GRACE = 0.5  # seconds past the deadline before the alarm interrupts


class _Expired(BaseException):
    """Raised by the alarm; a BaseException, so no ``except Exception`` in a library eats it."""


@contextmanager
def bounded(deadline: Deadline, what: str = "the command") -> Iterator[None]:
    """Stop the block when ``deadline`` passes, whatever call it is blocked in.

    The per-call caps give the precise message; this is the guarantee behind them for what
    has no cap of its own (the credential chain, a Helm repository, a library's socket).
    ``BACKSTOP_GRACE`` after the deadline (so a capped call's own message comes first) an
    alarm (SIGALRM: POSIX, main thread only; elsewhere no bound) interrupts the block, which
    ends as one :class:`~nestgen.errors.RemoteError` (exit 1).
    """
    usable = (
        deadline.seconds is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    armed = [True]

    def expire(signum: int, frame: FrameType | None) -> None:
        if armed[0]:
            raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, deadline.remaining() + BACKSTOP_GRACE)
    try:
        yield
    except _Expired:
        raise RemoteError(f"{what} gave up: {deadline.describe()} ran out") from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
