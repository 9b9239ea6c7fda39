"""One line of a session's chat history, written the moment it is said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"


@dataclass(frozen=True, slots=True)
class Message:
    session_id: int
    user_id: int
    role: Role
    content: str
    created_at: datetime
    satisfaction: int | None = None  # the 1-5 rating this message gave, when it gave one
    id: int | None = None
