"""The hourly allowance of generated drafts per user: a cap on what one user can cost."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import RateLimitedError

WINDOW = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class DraftAllowance:
    per_hour: int  # 0: no cap

    def since(self, now: datetime) -> datetime:
        """The start of the window that counts at `now`."""
        return now - WINDOW

    def check(self, recent: Sequence[datetime], now: datetime) -> None:
        """Raise RateLimitedError when the user's generated drafts in the window (`recent`,
        oldest first) already reach the allowance; say when the next one is allowed."""
        if not self.per_hour or len(recent) < self.per_hour:
            return
        self.refuse(until=recent[len(recent) - self.per_hour] + WINDOW, now=now)

    def refuse(self, until: datetime, now: datetime) -> None:
        """Raise the RateLimitedError of a user whose next draft may come at `until`."""
        minutes = max(1, math.ceil((until - now).total_seconds() / 60))
        raise RateLimitedError(
            f"Slow down: you asked for {self.per_hour} drafts in the last hour, the most I write"
            f" per hour. Your next draft can come in {minutes} minute{'s' if minutes > 1 else ''}.",
            until=until,
        )
