"""Explicit mapping between rows and domain objects, by field name.

A row comes in as a dict of the model's field names (`.dicts()`), already converted by the
fields (times are datetimes, JSON is parsed); an object goes out as a dict of field names
to values, which the fields convert on the way in. Enums, value objects and flags are
mapped here, so nothing of the storage format leaks into the domain.
"""

from __future__ import annotations

from typing import Any

from domain.feedback import Feedback, FeedbackKind
from domain.messages import Message, Role
from domain.posts import Attempt, Post, PostStatus
from domain.preferences import Preference, PreferenceSource
from domain.sessions import Session, SessionStatus
from domain.style import Formality, Style
from domain.text_metrics import TextMetrics
from domain.users import User

Row = dict[str, Any]
ROLES = {role.value: role for role in Role}  # a dict lookup: Role(value) costs 4x more


def user_from(row: Row) -> User:
    return User(
        id=row["id"],
        username=row["username"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        created_at=row["created_at"],
        last_active_at=row["last_active_at"],
        sessions_count=row["sessions_count"],
        drafts_count=row["drafts_count"],
        approved_count=row["approved_count"],
        rejected_count=row["rejected_count"],
        ratings_count=row["ratings_count"],
        ratings_sum=row["ratings_sum"],
        checked_count=row["checked_count"],
        first_fit_count=row["first_fit_count"],
    )


def user_fields(user: User) -> Row:
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
        "checked_count": user.checked_count,
        "first_fit_count": user.first_fit_count,
    }


def session_from(row: Row) -> Session:
    return Session(
        id=row["id"],
        user_id=row["user"],
        brief=row["brief"],
        status=SessionStatus(row["status"]),
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        turn_count=row["turn_count"],
    )


def session_fields(session: Session) -> Row:
    return {
        "user": session.user_id,
        "brief": session.brief,
        "status": session.status.value,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "turn_count": session.turn_count,
    }


def message_from(row: Row) -> Message:
    return Message(
        id=row["id"],
        session_id=row["session"],
        user_id=row["user"],
        role=ROLES[row["role"]],
        content=row["content"],
        created_at=row["created_at"],
        satisfaction=row["satisfaction"],
    )


def message_fields(message: Message) -> Row:
    return {
        "session": message.session_id,
        "user": message.user_id,
        "role": message.role.value,
        "content": message.content,
        "created_at": message.created_at,
        "satisfaction": message.satisfaction,
    }


def post_from(row: Row) -> Post:
    return Post(
        id=row["id"],
        session_id=row["session"],
        user_id=row["user"],
        version=row["version"],
        content=row["content"],
        style=Style.from_dict(row["style"]),
        status=PostStatus(row["status"]),
        generator=row["generator"],
        model=row["model_name"],
        prompt_tokens=row["prompt_tokens"],
        completion_tokens=row["completion_tokens"],
        latency_ms=row["latency_ms"],
        rating=row["rating"],
        created_at=row["created_at"],
        measured=metrics_from(row),
        attempts=tuple(Attempt.from_dict(a) for a in row["attempt_log"] or ()),
        misses=tuple(row["misses"] or ()),
    )


def metrics_from(row: Row) -> TextMetrics | None:
    """The stored measurement of a post, None when it has none."""
    if row["measured_words"] is None or row["measured_formality"] is None:
        return None
    return TextMetrics(
        row["measured_words"],
        row["measured_emoji"],
        row["measured_hashtags"],
        bool(row["measured_cta"]),
        Formality(row["measured_formality"]),
    )


def metrics_fields(metrics: TextMetrics) -> Row:
    return {
        "measured_words": metrics.words,
        "measured_emoji": metrics.emoji,
        "measured_hashtags": metrics.hashtags,
        "measured_cta": int(metrics.cta),
        "measured_formality": metrics.formality.value,
    }


def attempts_fields(attempts: tuple[Attempt, ...], misses: tuple[str, ...]) -> Row:
    return {
        "attempts": len(attempts),
        "attempt_log": [attempt.to_dict() for attempt in attempts],
        "misses": list(misses),
    }


def post_fields(post: Post) -> Row:
    return {
        "session": post.session_id,
        "user": post.user_id,
        "version": post.version,
        "content": post.content,
        "style": post.style.to_dict(),
        "status": post.status.value,
        "generator": post.generator,
        "model_name": post.model,
        "prompt_tokens": post.prompt_tokens,
        "completion_tokens": post.completion_tokens,
        "latency_ms": post.latency_ms,
        "rating": post.rating,
        "created_at": post.created_at,
        **metrics_fields(post.metrics),
        **attempts_fields(post.attempts, post.misses),
    }


def feedback_from(row: Row) -> Feedback:
    return Feedback(
        id=row["id"],
        user_id=row["user"],
        session_id=row["session"],
        post_id=row["post"],
        kind=FeedbackKind(row["kind"]),
        signals=tuple(row["signals"]),
        rating=row["rating"],
        text=row["text"],
        created_at=row["created_at"],
    )


def feedback_fields(feedback: Feedback) -> Row:
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


def preference_from(row: Row) -> Preference:
    return Preference(
        key=row["key"],
        value=row["value"],
        confidence=row["confidence"],
        evidence_count=row["evidence_count"],
        source=PreferenceSource(row["source"]),
        updated_at=row["updated_at"],
    )


def preference_fields(user_id: int, preference: Preference) -> Row:
    return {
        "user": user_id,
        "key": preference.key,
        "value": preference.value,
        "confidence": preference.confidence,
        "evidence_count": preference.evidence_count,
        "source": preference.source.value,
        "updated_at": preference.updated_at,
    }
