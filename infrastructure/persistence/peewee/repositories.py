"""peewee repositories: queries through the models, domain objects out. They never commit.

Reads come back as `.dicts()` (mapped by field name in mappers.py) or, where only a value
or two is needed, `.tuples()`. An update of a row this unit of work read on its own (get,
the active session, the latest post) or wrote writes only the fields that changed since,
and a counter (CounterField) as a step: `drafts_count = drafts_count + 1`; a row known
otherwise (from a list) is written whole. New rows get their id from `RETURNING` (SQLite 3.35+ and
PostgreSQL both have it); upserts are one `INSERT ... ON CONFLICT DO UPDATE` for every row
saved. The statements of a conversation's hot paths are prepared (prepared.py): peewee
builds each once per kind of database and it runs with each call's values; the rest (admin
and retention work) are built on the spot and run with `query.execute(db)`.

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
from peewee import (
    EXCLUDED,
    Database,
    Field,
    IntegrityError,
    PeeweeException,
    SqliteDatabase,
    fn,
)

from domain import ports
from domain.analysis import LOW_RATING, Approval, FeedbackTally, Totals
from domain.calibration import Calibration, LengthBias
from domain.errors import ConflictError, StorageError
from domain.feedback import Feedback, FeedbackKind
from domain.generation import Turn
from domain.messages import Message
from domain.posts import EDITED_BY_USER, Post, PostStatus
from domain.preferences import Preference, PreferenceProfile
from domain.sessions import Session, SessionStatus
from domain.users import Counts, User
from infrastructure.persistence.peewee import mappers, models
from infrastructure.persistence.peewee.locks import lock_calibration
from infrastructure.persistence.peewee.mappers import ROLES, Row
from infrastructure.persistence.peewee.models import Base, CounterField
from infrastructure.persistence.peewee.prepared import Prepared, prepared, slot

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)
T = TypeVar("T")

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


def changes(model: type[Base], fields: Row, before: Row | None) -> dict[str, tuple[bool, Any]]:
    """What an update must write, by field name: (is a step, value). Every field when the
    row's state is not known, else the fields that differ from `before`, counters as the
    step from `before`."""
    meta = model._meta
    if before is None:
        return {name: (False, value) for name, value in fields.items() if name != "id"}
    written: dict[str, tuple[bool, Any]] = {}
    for name, value in fields.items():
        old = before.get(name)
        if value == old:
            continue
        if isinstance(meta.fields[name], CounterField) and old is not None:
            written[name] = (True, value - old)
        else:
            written[name] = (False, value)
    return written


def _by_id(model: type[Base]) -> Any:
    key = model._meta.primary_key
    assert isinstance(key, Field), f"{model.__name__} has no single primary key"
    return key == slot("id", key)


def _inserting(model: type[Base], names: tuple[str, ...]) -> Prepared:
    fields = model._meta.fields

    def build() -> Any:
        defaulted = {field.name for field in model._meta.defaults}
        assert defaulted <= set(names), "a default would be fixed into the statement text"
        return model.insert({fields[name]: slot(name, fields[name]) for name in names})

    return prepared(("insert", model, names), build)


def _updating(model: type[Base], steps: tuple[tuple[str, bool], ...]) -> Prepared:
    fields = model._meta.fields

    def build() -> Any:
        written = {
            fields[name]: fields[name] + slot(name, fields[name])
            if step
            else slot(name, fields[name])
            for name, step in steps
        }
        return model.update(written).where(_by_id(model))

    return prepared(("update", model, steps), build)


def _upserting(model: type[Base], names: tuple[str, ...], key: tuple[str, ...], n: int) -> Prepared:
    """`n` rows inserted, or every other field updated where `key` is taken: one statement,
    `INSERT ... ON CONFLICT (key) DO UPDATE SET field = excluded.field`."""
    fields = model._meta.fields

    def build() -> Any:
        rows = [
            {fields[name]: slot(f"{name}.{i}", fields[name]) for name in names} for i in range(n)
        ]
        refresh = {
            fields[name]: getattr(EXCLUDED, fields[name].column_name)
            for name in names
            if name not in key
        }
        target = [fields[name] for name in key]
        return (
            model.insert_many(rows)
            .on_conflict(conflict_target=target, update=refresh)
            .as_rowcount()
        )

    return prepared(("upsert", model, names, key, n), build)


def _deleting(model: type[Base]) -> Prepared:
    return prepared(("delete", model), lambda: model.delete().where(_by_id(model)))


class Repository:
    """Runs statements on one database, in the caller's transaction; keeps the fields of
    the rows it read or wrote (by id) so that an update writes only what changed."""

    model: type[Base]

    def __init__(self, database: Database) -> None:
        self._db = database
        self._seen: dict[Any, Row] = {}

    def clear_tracking(self) -> None:
        """After a rollback (or a failed commit) the rows are as before the transaction."""
        self._seen.clear()

    def _first(self, statement: Prepared, mapped: Callable[[Row], T], **values: Any) -> T | None:
        """The first row of a prepared select as `mapped` makes it, the row remembered as seen."""
        for row in statement.rows(self._db, **values):
            self._seen[row["id"]] = row
            return mapped(row)
        return None

    def _rows(self, statement: Prepared, **values: Any) -> Iterable[Any]:
        return statement.rows(self._db, **values)

    def _all(self, statement: Prepared, mapped: Callable[[Row], T], **values: Any) -> list[T]:
        """Every row of a prepared select, as `mapped` makes it."""
        return [mapped(row) for row in statement.rows(self._db, **values)]

    def _many(self, query: Any, mapped: Callable[[Row], T]) -> list[T]:
        """Every row of a query built on the spot (not a hot path), as `mapped` makes it."""
        return [mapped(row) for row in query.dicts().execute(self._db)]

    def _insert(self, fields: Row) -> int:
        """Insert a row; the id the database gave it."""
        return _inserting(self.model, tuple(fields)).insert(self._db, **fields)

    def _added(self, fields: Row) -> int:
        """Insert a row that may be updated later, remembered as seen; its new id."""
        new_id = self._insert(fields)
        self._seen[new_id] = {**fields, "id": new_id}
        return new_id

    def _update(self, key: Any, fields: Row) -> None:
        written = changes(self.model, fields, self._seen.get(key))
        if written:
            steps = tuple((name, step) for name, (step, _) in written.items())
            values = {name: value for name, (_, value) in written.items()}
            _updating(self.model, steps).execute(self._db, id=key, **values)
        self._seen[key] = {**fields, "id": key}

    def _upsert(self, rows: list[Row], key: tuple[str, ...]) -> None:
        """Save `rows`; of two with the same key the later wins (one statement may not
        change a row twice on PostgreSQL)."""
        rows = list({tuple(row[name] for name in key): row for row in rows}.values())
        if not rows:
            return
        names = tuple(rows[0])
        values = {f"{name}.{i}": row[name] for i, row in enumerate(rows) for name in names}
        _upserting(self.model, names, key, len(rows)).execute(self._db, **values)

    def _delete(self, key: Any) -> None:
        _deleting(self.model).execute(self._db, id=key)
        self._seen.pop(key, None)


def _row_by_id(model: type[Base]) -> Prepared:
    return Prepared(lambda: model.select().where(_by_id(model)).limit(1).dicts())


def _rows_of(owner: Field, order: Field) -> Prepared:
    """The rows whose `owner` is the argument of that field's name, ordered by `order`."""
    model = owner.model
    return Prepared(
        lambda: model.select().where(owner == slot(owner.name, owner)).order_by(order).dicts()
    )


U, S, M, P = models.User, models.Session, models.Message, models.Post
Pref, Cal, Fb = models.Preference, models.Calibration, models.Feedback
_USER, _SESSION, _POST = _row_by_id(U), _row_by_id(S), _row_by_id(P)
_ACTIVE_SESSION = Prepared(
    lambda: (
        S.select()
        .where((S.user == slot("user", S.user)) & (S.status == SessionStatus.ACTIVE.value))
        .order_by(S.started_at.desc(), S.id.desc())
        .limit(1)
        .dicts()
    )
)
_SESSION_MESSAGES = _rows_of(M.session, M.id)
_RECENT_TURNS = Prepared(
    lambda: (
        M.select(M.role, M.content)
        .where(M.session == slot("session", M.session))
        .order_by(M.id.desc())
        .limit(slot("limit", M.id))
        .tuples()
    )
)
_LATEST_POST = Prepared(
    lambda: (
        P.select()
        .where(P.session == slot("session", P.session))
        .order_by(P.version.desc())
        .limit(1)
        .dicts()
    )
)
_SESSION_POSTS = _rows_of(P.session, P.version)
_SHOWN_POST = Prepared(
    lambda: (
        P.select()
        .where(
            (P.user == slot("user", P.user))
            & (P.shown_in_message == slot("message", P.shown_in_message))
        )
        .order_by(P.id.desc())
        .limit(1)
        .dicts()
    )
)
_GENERATED_SINCE = Prepared(
    lambda: (
        P.select(P.created_at)
        .where(
            (P.user == slot("user", P.user))
            & (P.created_at >= slot("since", P.created_at))
            & (P.generator != EDITED_BY_USER)
        )
        .order_by(P.created_at)
        .tuples()
    )
)
_PROFILE = _rows_of(Pref.user, Pref.key)
_CALIBRATION = Prepared(
    lambda: Cal.select().where(Cal.model_name == slot("model", Cal.model_name)).dicts()
)
_USER_FEEDBACK = _rows_of(Fb.user, Fb.id)
_SESSION_FEEDBACK = _rows_of(Fb.session, Fb.id)


def _user_posts(by_status: bool, limited: bool) -> Prepared:
    def build() -> Any:
        query = P.select().where(P.user == slot("user", P.user))
        if by_status:
            query = query.where(P.status == slot("status", P.status))
        query = query.order_by(P.created_at.desc(), P.id.desc())
        return (query.limit(slot("limit", P.id)) if limited else query).dicts()

    return prepared(("user posts", by_status, limited), build)


@edge
class PeeweeUserRepository(Repository, ports.UserRepository):
    model = models.User

    def get(self, user_id: int) -> User | None:
        return self._first(_USER, mappers.user_from, id=user_id)

    def add(self, user: User) -> User:
        fields = mappers.user_fields(user)
        self._insert(fields)  # the id is Telegram's, not drawn
        self._seen[user.id] = fields
        return user

    def update(self, user: User) -> None:
        self._update(user.id, mappers.user_fields(user))

    def list(self) -> list[User]:
        return self._many(U.select().order_by(U.id), mappers.user_from)

    def totals(self) -> Totals:
        counters = (
            U.sessions_count, U.drafts_count, U.approved_count, U.rejected_count,
            U.ratings_count, U.ratings_sum, U.checked_count, U.first_fit_count,
        )  # fmt: skip
        query = U.select(fn.COUNT(U.id), *(fn.SUM(c) for c in counters)).tuples()
        row = query.execute(self._db)[0]
        users, *counts = (int(n or 0) for n in row)
        return Totals(users, Counts(*counts))

    def delete(self, user_id: int) -> None:
        self._delete(user_id)  # the schema cascades


@edge
class PeeweeSessionRepository(Repository, ports.SessionRepository):
    model = models.Session

    def add(self, session: Session) -> Session:
        return replace(session, id=self._added(mappers.session_fields(session)))

    def get(self, session_id: int) -> Session | None:
        return self._first(_SESSION, mappers.session_from, id=session_id)

    def update(self, session: Session) -> None:
        self._update(session.id, mappers.session_fields(session))

    def active_for(self, user_id: int) -> Session | None:
        return self._first(_ACTIVE_SESSION, mappers.session_from, user=user_id)

    def list_for_user(self, user_id: int, limit: int | None = None) -> list[Session]:
        query = S.select().where(S.user == user_id).order_by(S.started_at.desc(), S.id.desc())
        if limit is not None:
            query = query.limit(max(limit, 0))
        return self._many(query, mappers.session_from)

    def ended_before(self, cutoff: datetime, status: SessionStatus) -> list[Session]:
        query = (
            S.select()
            .where((S.status == status.value) & (S.ended_at < cutoff))
            .order_by(S.ended_at, S.id)
        )
        return self._many(query, mappers.session_from)

    def delete(self, session_id: int) -> None:
        self._delete(session_id)  # the schema cascades


@edge
class PeeweeMessageRepository(Repository, ports.MessageRepository):
    model = models.Message

    def add(self, message: Message) -> Message:
        return replace(message, id=self._insert(mappers.message_fields(message)))

    def list_for_session(self, session_id: int) -> list[Message]:
        return self._all(_SESSION_MESSAGES, mappers.message_from, session=session_id)

    def count_for_user(self, user_id: int) -> int:
        return int(M.select(fn.COUNT(M.id)).where(M.user == user_id).scalar(self._db))

    def recent_turns(self, session_id: int, limit: int) -> list[Turn]:
        rows = list(self._rows(_RECENT_TURNS, session=session_id, limit=max(limit, 0)))
        return [Turn(ROLES[role], content) for role, content in reversed(rows)]

    def delete_before(self, cutoff: datetime, statuses: tuple[SessionStatus, ...]) -> int:
        if not statuses:
            return 0
        ended = S.select(S.id).where(S.status.in_([s.value for s in statuses]))
        query = M.delete().where((M.created_at < cutoff) & M.session.in_(ended))
        return int(query.execute(self._db))


@edge
class PeeweePostRepository(Repository, ports.PostRepository):
    model = models.Post

    def add(self, post: Post) -> Post:
        return replace(post, id=self._added(mappers.post_fields(post)))

    def get(self, post_id: int) -> Post | None:
        return self._first(_POST, mappers.post_from, id=post_id)

    def update(self, post: Post) -> None:
        self._update(post.id, mappers.post_fields(post))

    def latest_for_session(self, session_id: int) -> Post | None:
        return self._first(_LATEST_POST, mappers.post_from, session=session_id)

    def by_message(self, user_id: int, message_id: int) -> Post | None:
        return self._first(_SHOWN_POST, mappers.post_from, user=user_id, message=message_id)

    def list_for_session(self, session_id: int) -> list[Post]:
        return self._all(_SESSION_POSTS, mappers.post_from, session=session_id)

    def generated_since(self, user_id: int, since: datetime) -> list[datetime]:
        rows = self._rows(_GENERATED_SINCE, user=user_id, since=since)
        return [created_at for (created_at,) in rows]

    def approvals(self) -> list[Approval]:
        query = (
            P.select(P.version, P.rating)
            .where(P.status == PostStatus.APPROVED.value)
            .order_by(P.created_at, P.id)
        )
        rows = self._db.execute(query)  # two integers a row: no field conversions (2x faster)
        return [Approval(version, rating) for version, rating in rows]

    def list_for_user(
        self, user_id: int, status: PostStatus | None = None, limit: int | None = None
    ) -> list[Post]:
        return self._all(
            _user_posts(status is not None, limit is not None),
            mappers.post_from,
            user=user_id,
            status=None if status is None else status.value,
            limit=None if limit is None else max(limit, 0),
        )


@edge
class PeeweePreferenceRepository(Repository, ports.PreferenceRepository):
    model = models.Preference

    def get_profile(self, user_id: int) -> PreferenceProfile:
        preferences = self._all(_PROFILE, mappers.preference_from, user=user_id)
        return PreferenceProfile.of(user_id, preferences)

    def save(self, user_id: int, preferences: list[Preference]) -> None:
        rows = [mappers.preference_fields(user_id, preference) for preference in preferences]
        self._upsert(rows, key=("user", "key"))

    def clear(self, user_id: int) -> None:
        self.model.delete().where(self.model.user == user_id).execute(self._db)


@edge
class PeeweeCalibrationRepository(Repository, ports.CalibrationRepository):
    model = models.Calibration

    def __init__(self, database: Database, *, locking: bool = False) -> None:
        super().__init__(database)
        # SQLite's writer holds the whole database; PostgreSQL's writers lock per user.
        self._locking = locking and not isinstance(database, SqliteDatabase)

    def get(self, model: str) -> Calibration:
        if self._locking:
            lock_calibration(self._db, model)
        ranges = {
            row["length_range"]: LengthBias(row["ratio"], row["samples"], row["updated_at"])
            for row in self._rows(_CALIBRATION, model=model)
        }
        return Calibration.of(model, ranges)

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
        self._upsert(rows, key=("model_name", "length_range"))


@edge
class PeeweeFeedbackRepository(Repository, ports.FeedbackRepository):
    model = models.Feedback

    def add(self, feedback: Feedback) -> Feedback:
        return replace(feedback, id=self._insert(mappers.feedback_fields(feedback)))

    def list_for_user(self, user_id: int) -> list[Feedback]:
        return self._all(_USER_FEEDBACK, mappers.feedback_from, user=user_id)

    def list_for_session(self, session_id: int) -> list[Feedback]:
        return self._all(_SESSION_FEEDBACK, mappers.feedback_from, session=session_id)

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
