"""What use cases return: frozen, interface-neutral views of the stored state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.dimensions import DIMENSIONS, describe, estimates_of
from domain.posts import Post, PostStatus
from domain.preferences import Preference, PreferenceSource
from domain.sessions import Session, SessionStatus
from domain.style import Style


@dataclass(frozen=True, slots=True)
class DraftView:
    post_id: int
    session_id: int
    version: int
    content: str
    style: Style
    status: PostStatus
    rating: int | None = None

    @classmethod
    def of(cls, post: Post) -> DraftView:
        assert post.id is not None
        return cls(
            post.id,
            post.session_id,
            post.version,
            post.content,
            post.style,
            post.status,
            post.rating,
        )


@dataclass(frozen=True, slots=True)
class SessionView:
    session_id: int
    brief: str | None
    status: SessionStatus
    started_at: datetime
    ended_at: datetime | None
    turn_count: int
    versions: int
    latest: DraftView | None

    @classmethod
    def of(cls, session: Session, posts: list[Post]) -> SessionView:
        assert session.id is not None
        return cls(
            session_id=session.id,
            brief=session.brief,
            status=session.status,
            started_at=session.started_at,
            ended_at=session.ended_at,
            turn_count=session.turn_count,
            versions=len(posts),
            latest=DraftView.of(posts[-1]) if posts else None,
        )


@dataclass(frozen=True, slots=True)
class PreferenceView:
    """One style dimension as /preferences shows it, with where its value came from."""

    key: str
    label: str
    value: str  # in words: "about 55 words", "casual", "no emoji"
    source: str  # "learned", "explicit" or "default"
    confidence: float
    evidence_count: int

    @classmethod
    def of(cls, key: str, style: Style, preference: Preference | None) -> PreferenceView:
        value = describe(key, estimates_of(style)[key])
        label = DIMENSIONS[key].label
        if preference is None:
            return cls(key, label, value, "default", 0.0, 0)
        return cls(
            key, label, value, preference.source.value,
            preference.confidence, preference.evidence_count,
        )  # fmt: skip

    @property
    def line(self) -> str:
        """One sentence a non-engineer can read."""
        if self.source == PreferenceSource.EXPLICIT:
            why = f"you set this (/set {self.key} ...); /reset_preferences to let me learn again"
        elif self.source == PreferenceSource.LEARNED:
            signals = "signal" if self.evidence_count == 1 else "signals"
            why = (
                f"learned from {self.evidence_count} {signals} of your feedback,"
                f" {self.confidence:.0%} sure"
            )
        else:
            why = "the default: nothing learned yet"
        return f"{self.label}: {self.value} ({why})"
