"""What a generator is asked for: a brief, a style, and the session so far."""

from __future__ import annotations

from dataclasses import dataclass

from domain.feedback import ContentRequest
from domain.messages import Role
from domain.style import Style


@dataclass(frozen=True, slots=True)
class Turn:
    """One message of the session's history as a generator sees it."""

    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A correction of a candidate: the draft (as repaired in place), and what to change."""

    draft: str
    instructions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GenerationRequest:
    brief: str
    style: Style  # as the prompt states it (its length compensated for the model's bias)
    variant: int = 0  # bumped with every version, so the same style gets a different wording
    previous_draft: str | None = None  # the draft this version replaces
    history: tuple[Turn, ...] = ()  # the session's messages after the brief, oldest first
    follow_up: FollowUp | None = None  # set when asking to correct a candidate
    time_left: float | None = None  # seconds the generator may take, retries included
    choices: int = 1  # alternative drafts one call may return (a generator may return fewer)
    content: tuple[ContentRequest, ...] = ()  # what this version must say or leave out
