"""A drafting session: one brief, worked on until approved, rejected or left behind."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from domain.errors import InvalidTransitionError, ValidationError
from domain.user_text import check_printable

MAX_BRIEF_CHARS = 4000  # a Telegram message holds 4096; a brief is a message


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
    id: int | None = None

    @property
    def is_active(self) -> bool:
        return self.status is SessionStatus.ACTIVE

    def with_brief(self, brief: str) -> Session:
        self._require_active("take a brief")
        return replace(self, brief=clean_brief(brief))

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


def clean_brief(text: str) -> str:
    """The brief as stored: trimmed, non-empty, within the size a message can carry."""
    brief = " ".join(text.split())
    if not brief:
        raise ValidationError("The brief is empty: tell me what the post should be about.")
    check_printable(brief, "The brief")
    if len(brief) > MAX_BRIEF_CHARS:
        raise ValidationError(
            f"The brief is too long ({len(brief):,} characters; the limit is {MAX_BRIEF_CHARS:,})."
            " Please send a shorter summary."
        )
    return brief
