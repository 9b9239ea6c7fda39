"""What a generator is asked for: a brief, a style, and what happened to earlier versions."""

from __future__ import annotations

from dataclasses import dataclass

from domain.style import Style


@dataclass(frozen=True, slots=True)
class GenerationRequest:
    brief: str
    style: Style
    variant: int = 0  # bumped by `regenerate`, so the same style gets a different wording
    previous_draft: str | None = None
    feedback: tuple[str, ...] = ()  # this session's free-text feedback, oldest first
