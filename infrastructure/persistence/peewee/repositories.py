"""peewee repositories: queries in, domain objects out. They never commit.

Library errors are wrapped here, at the edge: a unique-key clash becomes ConflictError,
anything else from the database StorageError, so no caller sees a peewee exception.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

import cysqlite
from peewee import IntegrityError, PeeweeException

from domain.errors import ConflictError, StorageError
from domain.feedback import Feedback
from domain.messages import Message
from domain.ports import (
    FeedbackRepository,
    MessageRepository,
    PostRepository,
    PreferenceRepository,
    SessionRepository,
    UserRepository,
)
from domain.posts import Post, PostStatus
from domain.preferences import Preference, PreferenceProfile
from domain.sessions import Session, SessionStatus
from domain.users import User
from infrastructure.persistence.peewee import mappers
from infrastructure.persistence.peewee.models import (
    FeedbackRow,
    MessageRow,
    PostRow,
    PreferenceRow,
    SessionRow,
    UserRow,
)

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)

DATABASE_ERRORS = (PeeweeException, cysqlite.SqliteError)


def translate_errors(method: F) -> F:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except IntegrityError as exc:
            raise ConflictError(f"The change clashes with stored data: {exc}.") from exc
        except DATABASE_ERRORS as exc:
            raise StorageError(f"The database failed: {exc}.") from exc

    return wrapper  # type: ignore[return-value]


def edge(cls: C) -> C:
    """Wrap every public method of a repository class with `translate_errors`."""
    for name, member in list(vars(cls).items()):
        if callable(member) and not name.startswith("_"):
            setattr(cls, name, translate_errors(member))
    return cls


@edge
class PeeweeUserRepository(UserRepository):
    def get(self, user_id: int) -> User | None:
        row = UserRow.get_or_none(UserRow.id == user_id)
        return None if row is None else mappers.user_from_row(row)

    def add(self, user: User) -> User:
        UserRow.insert(**mappers.user_columns(user)).execute()
        return user

    def update(self, user: User) -> None:
        UserRow.update(**mappers.user_columns(user)).where(UserRow.id == user.id).execute()

    def list(self) -> list[User]:
        return [mappers.user_from_row(r) for r in UserRow.select().order_by(UserRow.id)]

    def delete(self, user_id: int) -> None:
        UserRow.delete().where(UserRow.id == user_id).execute()  # the schema cascades


@edge
class PeeweeSessionRepository(SessionRepository):
    def add(self, session: Session) -> Session:
        new_id = SessionRow.insert(**mappers.session_columns(session)).execute()
        return _with_id(session, new_id)

    def get(self, session_id: int) -> Session | None:
        row = SessionRow.get_or_none(SessionRow.id == session_id)
        return None if row is None else mappers.session_from_row(row)

    def update(self, session: Session) -> None:
        columns = mappers.session_columns(session)
        SessionRow.update(**columns).where(SessionRow.id == session.id).execute()

    def active_for(self, user_id: int) -> Session | None:
        row = (
            SessionRow.select()
            .where((SessionRow.user == user_id) & (SessionRow.status == SessionStatus.ACTIVE.value))
            .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
            .first()
        )
        return None if row is None else mappers.session_from_row(row)

    def list_for_user(self, user_id: int, limit: int | None = None) -> list[Session]:
        query = (
            SessionRow.select()
            .where(SessionRow.user == user_id)
            .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        return [mappers.session_from_row(r) for r in query]

    def ended_before(self, cutoff: datetime, status: SessionStatus) -> list[Session]:
        query = (
            SessionRow.select()
            .where((SessionRow.status == status.value) & (SessionRow.ended_at < cutoff))
            .order_by(SessionRow.ended_at, SessionRow.id)
        )
        return [mappers.session_from_row(r) for r in query]

    def delete(self, session_id: int) -> None:
        SessionRow.delete().where(SessionRow.id == session_id).execute()  # the schema cascades


@edge
class PeeweeMessageRepository(MessageRepository):
    def add(self, message: Message) -> Message:
        new_id = MessageRow.insert(**mappers.message_columns(message)).execute()
        return _with_id(message, new_id)

    def list_for_session(self, session_id: int) -> list[Message]:
        query = MessageRow.select().where(MessageRow.session == session_id).order_by(MessageRow.id)
        return [mappers.message_from_row(r) for r in query]

    def count_for_user(self, user_id: int) -> int:
        return int(MessageRow.select().where(MessageRow.user == user_id).count())

    def recent_for_session(self, session_id: int, limit: int) -> list[Message]:
        query = (
            MessageRow.select()
            .where(MessageRow.session == session_id)
            .order_by(MessageRow.id.desc())
            .limit(max(limit, 0))
        )
        return [mappers.message_from_row(r) for r in reversed(list(query))]

    def delete_before(self, cutoff: datetime, statuses: tuple[SessionStatus, ...]) -> int:
        in_sessions = SessionRow.select(SessionRow.id).where(
            SessionRow.status.in_([s.value for s in statuses])
        )
        query = MessageRow.delete().where(
            (MessageRow.created_at < cutoff) & (MessageRow.session.in_(in_sessions))
        )
        return int(query.execute())


@edge
class PeeweePostRepository(PostRepository):
    def add(self, post: Post) -> Post:
        new_id = PostRow.insert(**mappers.post_columns(post)).execute()
        return _with_id(post, new_id)

    def get(self, post_id: int) -> Post | None:
        row = PostRow.get_or_none(PostRow.id == post_id)
        return None if row is None else mappers.post_from_row(row)

    def update(self, post: Post) -> None:
        PostRow.update(**mappers.post_columns(post)).where(PostRow.id == post.id).execute()

    def latest_for_session(self, session_id: int) -> Post | None:
        row = (
            PostRow.select()
            .where(PostRow.session == session_id)
            .order_by(PostRow.version.desc())
            .first()
        )
        return None if row is None else mappers.post_from_row(row)

    def list_for_session(self, session_id: int) -> list[Post]:
        query = PostRow.select().where(PostRow.session == session_id).order_by(PostRow.version)
        return [mappers.post_from_row(r) for r in query]

    def list_for_user(self, user_id: int, status: PostStatus | None = None) -> list[Post]:
        where = PostRow.user == user_id
        if status is not None:
            where &= PostRow.status == status.value
        query = PostRow.select().where(where).order_by(PostRow.created_at.desc(), PostRow.id.desc())
        return [mappers.post_from_row(r) for r in query]


@edge
class PeeweePreferenceRepository(PreferenceRepository):
    def get_profile(self, user_id: int) -> PreferenceProfile:
        query = (
            PreferenceRow.select().where(PreferenceRow.user == user_id).order_by(PreferenceRow.key)
        )
        return PreferenceProfile.of(user_id, [mappers.preference_from_row(r) for r in query])

    def save(self, user_id: int, preferences: list[Preference]) -> None:
        for preference in preferences:
            columns = mappers.preference_columns(user_id, preference)
            (
                PreferenceRow.insert(**columns)
                .on_conflict(
                    conflict_target=[PreferenceRow.user, PreferenceRow.key],
                    update={
                        PreferenceRow.value: preference.value,
                        PreferenceRow.confidence: preference.confidence,
                        PreferenceRow.evidence_count: preference.evidence_count,
                        PreferenceRow.source: preference.source.value,
                        PreferenceRow.updated_at: preference.updated_at,
                    },
                )
                .execute()
            )

    def clear(self, user_id: int) -> None:
        PreferenceRow.delete().where(PreferenceRow.user == user_id).execute()


@edge
class PeeweeFeedbackRepository(FeedbackRepository):
    def add(self, feedback: Feedback) -> Feedback:
        new_id = FeedbackRow.insert(**mappers.feedback_columns(feedback)).execute()
        return _with_id(feedback, new_id)

    def list_for_user(self, user_id: int) -> list[Feedback]:
        query = FeedbackRow.select().where(FeedbackRow.user == user_id).order_by(FeedbackRow.id)
        return [mappers.feedback_from_row(r) for r in query]

    def list_for_session(self, session_id: int) -> list[Feedback]:
        query = (
            FeedbackRow.select().where(FeedbackRow.session == session_id).order_by(FeedbackRow.id)
        )
        return [mappers.feedback_from_row(r) for r in query]


def _with_id(entity: Any, new_id: int) -> Any:
    return replace(entity, id=int(new_id))
