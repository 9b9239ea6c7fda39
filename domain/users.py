"""A user of postmind (a Telegram user id) with the counters that stats are read from.

Counters live on the user row so /stats is one read, and so retention (which deletes old
history) does not change a user's totals.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True, slots=True)
class User:
    id: int
    created_at: datetime
    last_active_at: datetime
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    sessions_count: int = 0
    drafts_count: int = 0
    approved_count: int = 0
    rejected_count: int = 0
    ratings_count: int = 0
    ratings_sum: int = 0
    checked_count: int = 0  # generated drafts checked against their style
    first_fit_count: int = 0  # of those, the ones whose first answer fitted

    def touched(self, now: datetime) -> User:
        return replace(self, last_active_at=now)

    def counted(self, **increments: int) -> User:
        """A copy with each named counter increased (`counted(drafts_count=1)`)."""
        return replace(self, **{k: getattr(self, k) + v for k, v in increments.items()})
