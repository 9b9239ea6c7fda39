"""What handlers return: frozen, interface-neutral views of the stored state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.conformance import check
from domain.dimensions import DIMENSIONS, describe, estimates_of
from domain.feedback import ContentRequest
from domain.posts import Post, PostStatus
from domain.preferences import Preference
from domain.sessions import Session, SessionStatus
from domain.style import Style
from domain.text_metrics import TextMetrics


@dataclass(frozen=True, slots=True)
class DraftView:
    post_id: int
    session_id: int
    version: int
    content: str
    style: Style
    status: PostStatus
    rating: int | None = None
    measured: TextMetrics | None = None  # what the text is, by the yardstick
    misses: tuple[str, ...] = ()  # what still differs from `style`, in words
    attempts: int = 0  # generator calls it took (0: the user's own version)
    kept_style: bool = False  # it answers feedback that asked for nothing understood
    missed: tuple[ContentRequest, ...] = ()  # asked to be said or left out, and not done

    @classmethod
    def of(
        cls, post: Post, *, kept_style: bool = False, missed: tuple[ContentRequest, ...] = ()
    ) -> DraftView:
        assert post.id is not None
        fit = check(post.style, post.metrics)
        return cls(
            post.id,
            post.session_id,
            post.version,
            post.content,
            post.style,
            post.status,
            post.rating,
            measured=post.metrics,
            misses=tuple(miss.sentence for miss in fit.misses if miss.key in post.misses),
            attempts=len(post.attempts),
            kept_style=kept_style,
            missed=missed,
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
    source: str  # "learned", "explicit", "default", or "session" (the open draft's)
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

    @classmethod
    def of_session(cls, key: str, style: Style) -> PreferenceView:
        """A dimension as the open draft's session has it (its drafts and reactions)."""
        value = describe(key, estimates_of(style)[key])
        return cls(key, DIMENSIONS[key].label, value, SESSION, 1.0, 0)


SESSION = "session"  # a PreferenceView's source: the open draft's session


@dataclass(frozen=True, slots=True)
class ContextView:
    """What the next draft will be written from (/context)."""

    style: tuple[PreferenceView, ...]  # each dimension with its confidence and source
    instructions: tuple[str, ...]  # the style as the prompt states it
    brief: str | None
    open_draft_version: int | None
    history_messages: int  # in the session, after the brief
    history_included: int
    history_condensed: int
    history_dropped: int
    tokens: int
    budget: int
    tolerance: str  # what counts as fitting the style, in words
    calibration: str  # how the model misses lengths here, and what is asked to compensate
    checking: str  # how drafts are checked before they are shown
    recent_drafts: int  # the user's generated drafts among their latest posts...
    recent_first_fit: int  # ...how many fitted at the first attempt
    recent_shown_fit: int  # ...and how many fitted when shown


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What forgetting a user erased, and what is left of them (it must be nothing)."""

    user_id: int
    sessions_erased: int
    rows_left: int
