"""What use cases return: frozen, interface-neutral views of the stored state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.posts import Post, PostStatus
from domain.sessions import Session, SessionStatus
from domain.style import Style
from domain.users import User


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
class StatsView:
    user_id: int
    sessions: int
    posts: int
    approved_posts: int
    rejected_posts: int
    ratings: int
    approval_rate: float  # approved posts per session started, 0..1
    avg_satisfaction: float | None  # mean 1-5 rating, None before the first rating
    drafts_per_approval: float | None

    @classmethod
    def of(cls, user: User) -> StatsView:
        return cls(
            user_id=user.id,
            sessions=user.sessions_count,
            posts=user.drafts_count,
            approved_posts=user.approved_count,
            rejected_posts=user.rejected_count,
            ratings=user.ratings_count,
            approval_rate=_ratio(user.approved_count, user.sessions_count) or 0.0,
            avg_satisfaction=_ratio(user.ratings_sum, user.ratings_count),
            drafts_per_approval=_ratio(user.drafts_count, user.approved_count),
        )


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 3) if denominator else None
