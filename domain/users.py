"""A user of postmind (a Telegram user id) with the counters that stats are read from.

Counters live on the user row so /stats is one read, and so retention (which deletes old
history) does not change a user's totals.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields, replace
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Counts:
    """Increments of a user's counters, one field per counter."""

    sessions: int = 0
    drafts: int = 0
    approved: int = 0
    rejected: int = 0
    ratings: int = 0
    ratings_sum: int = 0
    checked: int = 0
    first_fit: int = 0

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


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

    def named(self, username: str | None, first_name: str | None, last_name: str | None) -> User:
        """A copy with the names Telegram gives now (any of them may change or go)."""
        return replace(self, username=username, first_name=first_name, last_name=last_name)

    def touched(self, now: datetime) -> User:
        return replace(self, last_active_at=now)

    @property
    def counts(self) -> Counts:
        """The user's counters, as one value."""
        return Counts(
            self.sessions_count, self.drafts_count, self.approved_count, self.rejected_count,
            self.ratings_count, self.ratings_sum, self.checked_count, self.first_fit_count,
        )  # fmt: skip

    def counted(self, counts: Counts) -> User:
        """A copy with each counter increased by its increment in `counts`."""
        return replace(
            self,
            sessions_count=self.sessions_count + counts.sessions,
            drafts_count=self.drafts_count + counts.drafts,
            approved_count=self.approved_count + counts.approved,
            rejected_count=self.rejected_count + counts.rejected,
            ratings_count=self.ratings_count + counts.ratings,
            ratings_sum=self.ratings_sum + counts.ratings_sum,
            checked_count=self.checked_count + counts.checked,
            first_fit_count=self.first_fit_count + counts.first_fit,
        )
