"""Explicit mapping between rows and domain objects: no peewee model leaves this package."""

from __future__ import annotations

from typing import Any

from domain.feedback import Feedback, FeedbackKind
from domain.messages import Message, Role
from domain.posts import Post, PostStatus
from domain.preferences import Preference, PreferenceSource
from domain.sessions import Session, SessionStatus
from domain.style import Style
from domain.users import User
from infrastructure.persistence.peewee.models import (
    FeedbackRow,
    MessageRow,
    PostRow,
    PreferenceRow,
    SessionRow,
    UserRow,
)


def user_from_row(row: UserRow) -> User:
    return User(
        id=row.id,
        created_at=row.created_at,
        last_active_at=row.last_active_at,
        username=row.username,
        first_name=row.first_name,
        last_name=row.last_name,
        sessions_count=row.sessions_count,
        drafts_count=row.drafts_count,
        approved_count=row.approved_count,
        rejected_count=row.rejected_count,
        ratings_count=row.ratings_count,
        ratings_sum=row.ratings_sum,
    )


def user_columns(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "created_at": user.created_at,
        "last_active_at": user.last_active_at,
        "sessions_count": user.sessions_count,
        "drafts_count": user.drafts_count,
        "approved_count": user.approved_count,
        "rejected_count": user.rejected_count,
        "ratings_count": user.ratings_count,
        "ratings_sum": user.ratings_sum,
    }


def session_from_row(row: SessionRow) -> Session:
    return Session(
        id=row.id,
        user_id=row.user_id,
        brief=row.brief,
        status=SessionStatus(row.status),
        started_at=row.started_at,
        ended_at=row.ended_at,
        turn_count=row.turn_count,
    )


def session_columns(session: Session) -> dict[str, Any]:
    return {
        "user": session.user_id,
        "brief": session.brief,
        "status": session.status.value,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "turn_count": session.turn_count,
    }


def message_from_row(row: MessageRow) -> Message:
    return Message(
        id=row.id,
        session_id=row.session_id,
        user_id=row.user_id,
        role=Role(row.role),
        content=row.content,
        created_at=row.created_at,
        satisfaction=row.satisfaction,
    )


def message_columns(message: Message) -> dict[str, Any]:
    return {
        "session": message.session_id,
        "user": message.user_id,
        "role": message.role.value,
        "content": message.content,
        "created_at": message.created_at,
        "satisfaction": message.satisfaction,
    }


def post_from_row(row: PostRow) -> Post:
    return Post(
        id=row.id,
        session_id=row.session_id,
        user_id=row.user_id,
        version=row.version,
        content=row.content,
        style=Style.from_dict(row.style),
        status=PostStatus(row.status),
        generator=row.generator,
        model=row.model,
        prompt_tokens=row.prompt_tokens,
        completion_tokens=row.completion_tokens,
        latency_ms=row.latency_ms,
        rating=row.rating,
        created_at=row.created_at,
    )


def post_columns(post: Post) -> dict[str, Any]:
    return {
        "session": post.session_id,
        "user": post.user_id,
        "version": post.version,
        "content": post.content,
        "style": post.style.to_dict(),
        "status": post.status.value,
        "generator": post.generator,
        "model": post.model,
        "prompt_tokens": post.prompt_tokens,
        "completion_tokens": post.completion_tokens,
        "latency_ms": post.latency_ms,
        "rating": post.rating,
        "created_at": post.created_at,
    }


def feedback_from_row(row: FeedbackRow) -> Feedback:
    return Feedback(
        id=row.id,
        user_id=row.user_id,
        session_id=row.session_id,
        post_id=row.post_id,
        kind=FeedbackKind(row.kind),
        signals=tuple(row.signals),
        rating=row.rating,
        text=row.text,
        created_at=row.created_at,
    )


def feedback_columns(feedback: Feedback) -> dict[str, Any]:
    return {
        "user": feedback.user_id,
        "session": feedback.session_id,
        "post": feedback.post_id,
        "kind": feedback.kind.value,
        "signals": list(feedback.signals),
        "rating": feedback.rating,
        "text": feedback.text,
        "created_at": feedback.created_at,
    }


def preference_from_row(row: PreferenceRow) -> Preference:
    return Preference(
        key=row.key,
        value=row.value,
        confidence=row.confidence,
        evidence_count=row.evidence_count,
        source=PreferenceSource(row.source),
        updated_at=row.updated_at,
    )


def preference_columns(user_id: int, preference: Preference) -> dict[str, Any]:
    return {
        "user": user_id,
        "key": preference.key,
        "value": preference.value,
        "confidence": preference.confidence,
        "evidence_count": preference.evidence_count,
        "source": preference.source.value,
        "updated_at": preference.updated_at,
    }
