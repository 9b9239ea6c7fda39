"""peewee repositories: queries through the models, domain objects out. They never commit.

Every query runs on the unit of work's database (`query.execute(db)`); reads come back as
`.dicts()` (mapped by field name in mappers.py) or, where only a value or two is needed,
`.tuples()`. An update writes only the fields that changed since this unit of work read or
wrote the row, and a counter (CounterField) as an increment: `drafts_count = drafts_count + 1`.
New rows get their id from `RETURNING` (SQLite 3.35+ and PostgreSQL both have it); upserts
are `INSERT ... ON CONFLICT DO UPDATE`, one statement for every row saved.

Library errors are wrapped here, at the edge: a unique-key clash becomes ConflictError,
anything else from the database StorageError, so no caller sees a peewee exception.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

import cysqlite
from peewee import EXCLUDED, Database, Field, IntegrityError, PeeweeException, fn

from domain.analysis import LOW_RATING, Approval, FeedbackTally, Totals
from domain.calibration import Calibration, LengthBias
from domain.errors import ConflictError, StorageError
from domain.feedback import Feedback, FeedbackKind
from domain.generation import Turn
from domain.messages import Message
from domain.ports import (
    CalibrationRepository,
    FeedbackRepository,
    MessageRepository,
    PostRepository,
    PreferenceRepository,
    SessionRepository,
    UserRepository,
)
from domain.posts import EDITED_BY_USER, Post, PostStatus
from domain.preferences import Preference, PreferenceProfile
from domain.sessions import Session, SessionStatus
from domain.users import User
from infrastructure.persistence.peewee import mappers, models
from infrastructure.persistence.peewee.mappers import ROLES, Row
from infrastructure.persistence.peewee.models import Base, CounterField

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)

DATABASE_ERRORS = (PeeweeException, cysqlite.SqliteError)

_DRIVER_DETAIL = re.compile(r"error executing query: \[[^\]]*\] (.*?) \(code=\d+, ext=\d+\)")


def reason(exc: BaseException) -> str:
    """The database's own words, without the driver's wrapping: 'disk I/O error' rather
    than 'error executing query: [COMMIT] disk I/O error (code=10, ext=778)'."""
    text = str(exc).strip()
    found = _DRIVER_DETAIL.search(text)
    return found.group(1) if found else text.rstrip(".")


def translate_errors(method: F) -> F:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except IntegrityError as exc:
            raise ConflictError(f"The change clashes with stored data: {exc}.") from exc
        except DATABASE_ERRORS as exc:
            raise StorageError(f"The database failed: {reason(exc)}.") from exc

    return wrapper  # type: ignore[return-value]


def edge(cls: C) -> C:
    """Wrap every public method of a repository class with `translate_errors`."""
    for name, member in list(vars(cls).items()):
        if inspect.isfunction(member) and not name.startswith("_"):
            setattr(cls, name, translate_errors(member))
    return cls


def changes(model: type[Base], fields: Row, before: Row | None) -> dict[Field, Any]:
    """What an update must write: every field when the row's state is not known, else the
    fields that differ from `before`, counters as the step from `before`."""
    meta = model._meta
    if before is None:
        return {meta.fields[name]: value for name, value in fields.items() if name != "id"}
    written: dict[Field, Any] = {}
    for name, value in fields.items():
        old = before.get(name)
        if value == old:
            continue
        field = meta.fields[name]
        counted = isinstance(field, CounterField) and old is not None
        written[field] = field + (value - old) if counted else value
    return written


class Repository:
    """Runs queries on one database, in the caller's transaction; keeps the fields of the
    rows it read or wrote (by id) so that an update writes only what changed."""

    model: type[Base]

    def __init__(self, database: Database) -> None:
        self._db = database
        self._seen: dict[Any, Row] = {}

    def forget(self) -> None:
        """After a rollback the rows are as before the transaction, not as seen."""
        self._seen.clear()

    def _one(self, query: Any) -> Row | None:
        for row in query.limit(1).dicts().execute(self._db):
            return dict(row)
        return None

    def _many(self, query: Any) -> Iterable[Row]:
        return query.dicts().execute(self._db)

    def _seen_row(self, row: Row | None) -> Row | None:
        if row is not None:
            self._seen[row["id"]] = row
        return row

    def _insert(self, fields: Row) -> int:
        """Insert a row; the id the database gave it."""
        return int(self.model.insert(**fields).execute(self._db))

    def _update(self, key: Any, fields: Row) -> None:
        written = changes(self.model, fields, self._seen.get(key))
        if written:
            self.model.update(written).where(self.model._meta.primary_key == key).execute(self._db)
        self._seen[key] = {**fields, "id": key}

    def _delete(self, key: Any) -> None:
        self.model.delete().where(self.model._meta.primary_key == key).execute(self._db)
        self._seen.pop(key, None)


U, S, M, P = models.User, models.Session, models.Message, models.Post


@edge
class SqlUserRepository(Repository, UserRepository):
    model = models.User

    def get(self, user_id: int) -> User | None:
        row = self._seen_row(self._one(U.select().where(U.id == user_id)))
        return None if row is None else mappers.user_from(row)

    def add(self, user: User) -> User:
        fields = mappers.user_fields(user)
        U.insert(**fields).as_rowcount().execute(self._db)  # the id is Telegram's, not drawn
        self._seen[user.id] = fields
        return user

    def update(self, user: User) -> None:
        self._update(user.id, mappers.user_fields(user))

    def list(self) -> list[User]:
        return [mappers.user_from(row) for row in self._many(U.select().order_by(U.id))]

    def totals(self) -> Totals:
        counters = (
            U.sessions_count, U.drafts_count, U.approved_count, U.rejected_count,
            U.ratings_count, U.ratings_sum, U.checked_count, U.first_fit_count,
        )  # fmt: skip
        query = U.select(fn.COUNT(U.id), *(fn.SUM(c) for c in counters)).tuples()
        row = query.execute(self._db)[0]
        return Totals(*(int(n or 0) for n in row))

    def delete(self, user_id: int) -> None:
        self._delete(user_id)  # the schema cascades


@edge
class SqlSessionRepository(Repository, SessionRepository):
    model = models.Session

    def add(self, session: Session) -> Session:
        fields = mappers.session_fields(session)
        new_id = self._insert(fields)
        self._seen[new_id] = {**fields, "id": new_id}
        return replace(session, id=new_id)

    def get(self, session_id: int) -> Session | None:
        row = self._seen_row(self._one(S.select().where(S.id == session_id)))
        return None if row is None else mappers.session_from(row)

    def update(self, session: Session) -> None:
        self._update(session.id, mappers.session_fields(session))

    def active_for(self, user_id: int) -> Session | None:
        query = (
            S.select()
            .where((S.user == user_id) & (S.status == SessionStatus.ACTIVE.value))
            .order_by(S.started_at.desc(), S.id.desc())
        )
        row = self._seen_row(self._one(query))
        return None if row is None else mappers.session_from(row)

    def list_for_user(self, user_id: int, limit: int | None = None) -> list[Session]:
        query = S.select().where(S.user == user_id).order_by(S.started_at.desc(), S.id.desc())
        if limit is not None:
            query = query.limit(max(limit, 0))
        return [mappers.session_from(row) for row in self._many(query)]

    def ended_before(self, cutoff: datetime, status: SessionStatus) -> list[Session]:
        query = (
            S.select()
            .where((S.status == status.value) & (S.ended_at < cutoff))
            .order_by(S.ended_at, S.id)
        )
        return [mappers.session_from(row) for row in self._many(query)]

    def delete(self, session_id: int) -> None:
        self._delete(session_id)  # the schema cascades


@edge
class SqlMessageRepository(Repository, MessageRepository):
    model = models.Message

    def add(self, message: Message) -> Message:
        return replace(message, id=self._insert(mappers.message_fields(message)))

    def list_for_session(self, session_id: int) -> list[Message]:
        query = M.select().where(M.session == session_id).order_by(M.id)
        return [mappers.message_from(row) for row in self._many(query)]

    def count_for_user(self, user_id: int) -> int:
        return int(M.select(fn.COUNT(M.id)).where(M.user == user_id).scalar(self._db))

    def recent_turns(self, session_id: int, limit: int) -> list[Turn]:
        query = (
            M.select(M.role, M.content)
            .where(M.session == session_id)
            .order_by(M.id.desc())
            .limit(max(limit, 0))
        )
        rows = list(query.tuples().execute(self._db))
        return [Turn(ROLES[role], content) for role, content in reversed(rows)]

    def delete_before(self, cutoff: datetime, statuses: tuple[SessionStatus, ...]) -> int:
        if not statuses:
            return 0
        ended = S.select(S.id).where(S.status.in_([s.value for s in statuses]))
        query = M.delete().where((M.created_at < cutoff) & M.session.in_(ended))
        return int(query.execute(self._db))


@edge
class SqlPostRepository(Repository, PostRepository):
    model = models.Post

    def add(self, post: Post) -> Post:
        fields = mappers.post_fields(post)
        new_id = self._insert(fields)
        self._seen[new_id] = {**fields, "id": new_id}
        return replace(post, id=new_id)

    def get(self, post_id: int) -> Post | None:
        row = self._seen_row(self._one(P.select().where(P.id == post_id)))
        return None if row is None else mappers.post_from(row)

    def update(self, post: Post) -> None:
        self._update(post.id, mappers.post_fields(post))

    def latest_for_session(self, session_id: int) -> Post | None:
        query = P.select().where(P.session == session_id).order_by(P.version.desc())
        row = self._seen_row(self._one(query))
        return None if row is None else mappers.post_from(row)

    def list_for_session(self, session_id: int) -> list[Post]:
        query = P.select().where(P.session == session_id).order_by(P.version)
        return [mappers.post_from(row) for row in self._many(query)]

    def generated_since(self, user_id: int, since: datetime) -> list[datetime]:
        query = (
            P.select(P.created_at)
            .where((P.user == user_id) & (P.created_at >= since) & (P.generator != EDITED_BY_USER))
            .order_by(P.created_at)
        )
        return [created_at for (created_at,) in query.tuples().execute(self._db)]

    def approvals(self) -> list[Approval]:
        query = (
            P.select(P.version, P.rating)
            .where(P.status == PostStatus.APPROVED.value)
            .order_by(P.created_at, P.id)
        )
        return [Approval(version, rating) for version, rating in query.tuples().execute(self._db)]

    def list_for_user(
        self, user_id: int, status: PostStatus | None = None, limit: int | None = None
    ) -> list[Post]:
        query = P.select().where(P.user == user_id)
        if status is not None:
            query = query.where(P.status == status.value)
        query = query.order_by(P.created_at.desc(), P.id.desc())
        if limit is not None:
            query = query.limit(max(limit, 0))
        return [mappers.post_from(row) for row in self._many(query)]


def _upsert(model: type[Base], rows: list[Row], key: tuple[Field, ...], database: Database) -> None:
    """Insert `rows`, or update every other field of the rows whose `key` is taken: one
    statement, `INSERT ... ON CONFLICT (key) DO UPDATE SET field = excluded.field`."""
    if not rows:
        return
    taken = {field.name for field in key}  # by name: a field's == builds an expression
    refresh = {
        model._meta.fields[name]: getattr(EXCLUDED, model._meta.fields[name].column_name)
        for name in rows[0]
        if name not in taken
    }
    query = model.insert_many(rows).on_conflict(conflict_target=key, update=refresh)
    query.as_rowcount().execute(database)


@edge
class SqlPreferenceRepository(Repository, PreferenceRepository):
    model = models.Preference

    def get_profile(self, user_id: int) -> PreferenceProfile:
        query = self.model.select().where(self.model.user == user_id).order_by(self.model.key)
        return PreferenceProfile.of(
            user_id, [mappers.preference_from(r) for r in self._many(query)]
        )

    def save(self, user_id: int, preferences: list[Preference]) -> None:
        rows = [mappers.preference_fields(user_id, preference) for preference in preferences]
        _upsert(self.model, rows, (self.model.user, self.model.key), self._db)

    def clear(self, user_id: int) -> None:
        self.model.delete().where(self.model.user == user_id).execute(self._db)


@edge
class SqlCalibrationRepository(Repository, CalibrationRepository):
    model = models.Calibration

    def get(self, model: str) -> Calibration:
        table = self.model
        query = table.select().where(table.model_name == model)
        return Calibration.of(
            model,
            {
                row["length_range"]: LengthBias(row["ratio"], row["samples"], row["updated_at"])
                for row in self._many(query)
            },
        )

    def save(self, calibration: Calibration) -> None:
        rows = [
            {
                "model_name": calibration.model,
                "length_range": index,
                "ratio": bias.ratio,
                "samples": bias.samples,
                "updated_at": bias.updated_at,
            }
            for index, bias in calibration.ranges.items()
        ]
        _upsert(self.model, rows, (self.model.model_name, self.model.length_range), self._db)


@edge
class SqlFeedbackRepository(Repository, FeedbackRepository):
    model = models.Feedback

    def add(self, feedback: Feedback) -> Feedback:
        return replace(feedback, id=self._insert(mappers.feedback_fields(feedback)))

    def list_for_user(self, user_id: int) -> list[Feedback]:
        query = self.model.select().where(self.model.user == user_id).order_by(self.model.id)
        return [mappers.feedback_from(row) for row in self._many(query)]

    def list_for_session(self, session_id: int) -> list[Feedback]:
        query = self.model.select().where(self.model.session == session_id).order_by(self.model.id)
        return [mappers.feedback_from(row) for row in self._many(query)]

    def tallies(self) -> list[FeedbackTally]:
        """Counted by kind, signals and rating in the database (a rating is 1-5 or none),
        folded into low ratings or not here."""
        table = self.model
        query = table.select(table.kind, table.signals, table.rating, fn.COUNT(table.id))
        query = query.group_by(table.kind, table.signals, table.rating).tuples()
        folded: Counter[tuple[str, tuple[str, ...], bool]] = Counter()
        for kind, signals, rating, n in query.execute(self._db):
            folded[kind, tuple(signals), rating is not None and rating <= LOW_RATING] += n
        return [
            FeedbackTally(FeedbackKind(kind), signals, low, n)
            for (kind, signals, low), n in folded.items()
        ]
