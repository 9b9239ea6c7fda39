"""Explicit mapping between rows and domain objects, for the SQL in repositories.py.

Each table has its column list (the order of a selected row and of an insert's values),
a function from a row (a tuple in that order) to the domain object, and one from the
object to the values. Datetimes are stored as UTC ISO-8601 text with microseconds
(sortable, readable, the same on SQLite and PostgreSQL); JSON as compact UTF-8 text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from domain.feedback import Feedback, FeedbackKind
from domain.messages import Message, Role
from domain.posts import Attempt, Post, PostStatus
from domain.preferences import Preference, PreferenceSource
from domain.sessions import Session, SessionStatus
from domain.style import Formality, Style
from domain.text_metrics import TextMetrics
from domain.users import User

Row = Sequence[Any]

USER_COLUMNS = (
    "id, username, first_name, last_name, created_at, last_active_at, sessions_count,"
    " drafts_count, approved_count, rejected_count, ratings_count, ratings_sum,"
    " checked_count, first_fit_count"
)
SESSION_COLUMNS = "id, user_id, brief, status, started_at, ended_at, turn_count"
MESSAGE_COLUMNS = "id, session_id, user_id, role, content, created_at, satisfaction"
POST_COLUMNS = (
    "id, session_id, user_id, version, content, style, status, generator, model,"
    " prompt_tokens, completion_tokens, latency_ms, rating, created_at, measured_words,"
    " measured_emoji, measured_hashtags, measured_cta, measured_formality, attempts,"
    " attempt_log, misses"
)
FEEDBACK_COLUMNS = "id, user_id, session_id, post_id, kind, signals, rating, text, created_at"
PREFERENCE_COLUMNS = "key, value, confidence, evidence_count, source, updated_at"


def stamp(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored: pass an aware UTC datetime")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def optional_stamp(value: datetime | None) -> str | None:
    return None if value is None else stamp(value)


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def optional_moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def user_from_row(row: Row) -> User:
    return User(
        id=row[0],
        username=row[1],
        first_name=row[2],
        last_name=row[3],
        created_at=moment(row[4]),
        last_active_at=moment(row[5]),
        sessions_count=row[6],
        drafts_count=row[7],
        approved_count=row[8],
        rejected_count=row[9],
        ratings_count=row[10],
        ratings_sum=row[11],
        checked_count=row[12],
        first_fit_count=row[13],
    )


def user_values(user: User) -> tuple[Any, ...]:
    """In USER_COLUMNS order."""
    return (
        user.id,
        user.username,
        user.first_name,
        user.last_name,
        stamp(user.created_at),
        stamp(user.last_active_at),
        user.sessions_count,
        user.drafts_count,
        user.approved_count,
        user.rejected_count,
        user.ratings_count,
        user.ratings_sum,
        user.checked_count,
        user.first_fit_count,
    )


def session_from_row(row: Row) -> Session:
    return Session(
        id=row[0],
        user_id=row[1],
        brief=row[2],
        status=SessionStatus(row[3]),
        started_at=moment(row[4]),
        ended_at=optional_moment(row[5]),
        turn_count=row[6],
    )


def session_values(session: Session) -> tuple[Any, ...]:
    """In SESSION_COLUMNS order, without the id."""
    return (
        session.user_id,
        session.brief,
        session.status.value,
        stamp(session.started_at),
        optional_stamp(session.ended_at),
        session.turn_count,
    )


def message_from_row(row: Row) -> Message:
    return Message(
        id=row[0],
        session_id=row[1],
        user_id=row[2],
        role=Role(row[3]),
        content=row[4],
        created_at=moment(row[5]),
        satisfaction=row[6],
    )


def message_values(message: Message) -> tuple[Any, ...]:
    """In MESSAGE_COLUMNS order, without the id."""
    return (
        message.session_id,
        message.user_id,
        message.role.value,
        message.content,
        stamp(message.created_at),
        message.satisfaction,
    )


def post_from_row(row: Row) -> Post:
    return Post(
        id=row[0],
        session_id=row[1],
        user_id=row[2],
        version=row[3],
        content=row[4],
        style=Style.from_dict(json.loads(row[5])),
        status=PostStatus(row[6]),
        generator=row[7],
        model=row[8],
        prompt_tokens=row[9],
        completion_tokens=row[10],
        latency_ms=row[11],
        rating=row[12],
        created_at=moment(row[13]),
        measured=metrics_from(row[14:19]),
        attempts=tuple(Attempt.from_dict(a) for a in json.loads(row[20] or "[]")),
        misses=tuple(json.loads(row[21] or "[]")),
    )


def metrics_from(values: Row) -> TextMetrics | None:
    """The stored measurement (words, emoji, hashtags, cta, formality), None when absent."""
    words, emoji, hashtags, cta, formality = values
    if words is None or formality is None:
        return None
    return TextMetrics(words, emoji, hashtags, bool(cta), Formality(formality))


def metrics_values(metrics: TextMetrics) -> tuple[Any, ...]:
    return (
        metrics.words,
        metrics.emoji,
        metrics.hashtags,
        int(metrics.cta),
        metrics.formality.value,
    )


def post_values(post: Post) -> tuple[Any, ...]:
    """In POST_COLUMNS order, without the id."""
    return (
        post.session_id,
        post.user_id,
        post.version,
        post.content,
        to_json(post.style.to_dict()),
        post.status.value,
        post.generator,
        post.model,
        post.prompt_tokens,
        post.completion_tokens,
        post.latency_ms,
        post.rating,
        stamp(post.created_at),
        *metrics_values(post.metrics),
        len(post.attempts),
        to_json([attempt.to_dict() for attempt in post.attempts]),
        to_json(list(post.misses)),
    )


def feedback_from_row(row: Row) -> Feedback:
    return Feedback(
        id=row[0],
        user_id=row[1],
        session_id=row[2],
        post_id=row[3],
        kind=FeedbackKind(row[4]),
        signals=tuple(json.loads(row[5])),
        rating=row[6],
        text=row[7],
        created_at=moment(row[8]),
    )


def feedback_values(feedback: Feedback) -> tuple[Any, ...]:
    """In FEEDBACK_COLUMNS order, without the id."""
    return (
        feedback.user_id,
        feedback.session_id,
        feedback.post_id,
        feedback.kind.value,
        to_json(list(feedback.signals)),
        feedback.rating,
        feedback.text,
        stamp(feedback.created_at),
    )


def preference_from_row(row: Row) -> Preference:
    return Preference(
        key=row[0],
        value=json.loads(row[1]),
        confidence=row[2],
        evidence_count=row[3],
        source=PreferenceSource(row[4]),
        updated_at=moment(row[5]),
    )


def preference_values(user_id: int, preference: Preference) -> tuple[Any, ...]:
    """The user's id, then PREFERENCE_COLUMNS order."""
    return (
        user_id,
        preference.key,
        to_json(preference.value),
        preference.confidence,
        preference.evidence_count,
        preference.source.value,
        stamp(preference.updated_at),
    )
