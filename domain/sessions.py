"""A drafting session: one brief, worked on until approved, rejected or left behind."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from domain import user_text
from domain.errors import InvalidTransitionError
from domain.feedback import ContentRequest, merged


class SessionStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    ABANDONED = "abandoned"


@dataclass(frozen=True, slots=True)
class Session:
    user_id: int
    started_at: datetime
    brief: str | None = None
    status: SessionStatus = SessionStatus.ACTIVE
    ended_at: datetime | None = None
    turn_count: int = 0
    content: tuple[ContentRequest, ...] = ()  # what its versions must say or leave out
    id: int | None = None

    @property
    def is_active(self) -> bool:
        return self.status is SessionStatus.ACTIVE

    def with_brief(self, brief: str) -> Session:
        self._require_active("take a brief")
        return replace(self, brief=user_text.brief(brief))

    def asked(self, content: tuple[ContentRequest, ...]) -> Session:
        """The session once the user asked its next versions to say or leave out `content`
        (a request about a phrase already asked about replaces it)."""
        return replace(self, content=merged(self.content, content)) if content else self

    def turned(self) -> Session:
        """One more exchange (a user input answered by the bot)."""
        return replace(self, turn_count=self.turn_count + 1)

    def complete(self, now: datetime) -> Session:
        self._require_active("complete")
        return replace(self, status=SessionStatus.COMPLETED, ended_at=now)

    def abandon(self, now: datetime) -> Session:
        self._require_active("abandon")
        return replace(self, status=SessionStatus.ABANDONED, ended_at=now)

    def _require_active(self, verb: str) -> None:
        if not self.is_active:
            raise InvalidTransitionError(f"Cannot {verb} a session that is {self.status.value}.")
