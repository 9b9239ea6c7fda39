"""The real clock, the only place that reads the system time."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from domain.ports import Clock


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()
