"""Explicit mapping between rows and domain objects, by field name.

A row comes in as a dict of the model's field names (`.dicts()`), already converted by the
fields (times are datetimes, JSON is parsed); an object goes out as a dict of field names
to values, which the fields convert on the way in. An attribute stored as it is sits in the
field of its own name, or of the name its table gives it (`user_id` is the reference
`user`), so a new attribute needs a field, or a line here; enums, value objects and flags
are mapped by hand, so nothing of the storage format leaks into the domain.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import fields
from typing import Any

from domain.feedback import ContentRequest, Feedback, FeedbackKind
from domain.messages import Message, Role
from domain.posts import Attempt, Post, PostStatus
from domain.preferences import Preference, PreferenceSource
from domain.sessions import Session, SessionStatus
from domain.style import Formality, Style
from domain.text_metrics import TextMetrics
from domain.users import User

Row = dict[str, Any]
Columns = tuple[tuple[str, str], ...]  # (row field, attribute) of each attribute stored as is
ROLES = {role.value: role for role in Role}  # a dict lookup: Role(value) costs 4x more


def stored_as_is(
    cls: type, renamed: Mapping[str, str] | None = None, *, converted: Collection[str] = ()
) -> Columns:
    """The attributes of the dataclass `cls` that a row holds as they are, each in the field
    of its own name or of the name `renamed` gives it; the `converted` ones are mapped by
    hand (enums, value objects, the id a new row is given)."""
    names = renamed or {}
    return tuple(
        (names.get(f.name, f.name), f.name) for f in fields(cls) if f.name not in converted
    )


def read(columns: Columns, row: Row) -> dict[str, Any]:
    """The attributes `columns` name, from a row."""
    return {attribute: row[field] for field, attribute in columns}


def written(columns: Columns, value: object) -> Row:
    """The row fields `columns` name, from an object."""
    return {field: getattr(value, attribute) for field, attribute in columns}


REFERENCES = {"session_id": "session", "user_id": "user", "post_id": "post"}  # references by id
USER = stored_as_is(User)
SESSION = stored_as_is(Session, REFERENCES, converted=("id", "status", "content"))
MESSAGE = stored_as_is(Message, REFERENCES, converted=("id", "role"))
POST = stored_as_is(
    Post,
    {**REFERENCES, "model": "model_name", "shown_in": "shown_in_message"},
    converted=("id", "style", "status", "measured", "attempts", "misses"),
)
FEEDBACK = stored_as_is(Feedback, REFERENCES, converted=("id", "kind", "signals"))
PREFERENCE = stored_as_is(Preference, converted=("source",))


def user_from(row: Row) -> User:
    return User(**read(USER, row))


def user_fields(user: User) -> Row:
    return written(USER, user)


def session_from(row: Row) -> Session:
    content = tuple(ContentRequest(phrase, bool(include)) for phrase, include in row["content"])
    return Session(
        id=row["id"], status=SessionStatus(row["status"]), content=content, **read(SESSION, row)
    )


def session_fields(session: Session) -> Row:
    content = [[asked.phrase, asked.include] for asked in session.content]
    return {**written(SESSION, session), "status": session.status.value, "content": content}


def message_from(row: Row) -> Message:
    return Message(id=row["id"], role=ROLES[row["role"]], **read(MESSAGE, row))


def message_fields(message: Message) -> Row:
    return {**written(MESSAGE, message), "role": message.role.value}


def post_from(row: Row) -> Post:
    return Post(
        id=row["id"],
        style=Style.from_dict(row["style"]),
        status=PostStatus(row["status"]),
        measured=metrics_from(row),
        attempts=tuple(Attempt.from_dict(a) for a in row["attempt_log"] or ()),
        misses=tuple(row["misses"] or ()),
        **read(POST, row),
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
        **written(POST, post),
        "style": post.style.to_dict(),
        "status": post.status.value,
        **metrics_fields(post.metrics),
        **attempts_fields(post.attempts, post.misses),
    }


def feedback_from(row: Row) -> Feedback:
    return Feedback(
        id=row["id"],
        kind=FeedbackKind(row["kind"]),
        signals=tuple(row["signals"]),
        **read(FEEDBACK, row),
    )


def feedback_fields(feedback: Feedback) -> Row:
    return {
        **written(FEEDBACK, feedback),
        "kind": feedback.kind.value,
        "signals": list(feedback.signals),
    }


def preference_from(row: Row) -> Preference:
    return Preference(source=PreferenceSource(row["source"]), **read(PREFERENCE, row))


def preference_fields(user_id: int, preference: Preference) -> Row:
    return {
        "user": user_id,
        **written(PREFERENCE, preference),
        "source": preference.source.value,
    }
