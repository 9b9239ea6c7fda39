"""SQL repositories: statements in, domain objects out. They never commit.

The SQL is written by hand, once, as text: building it with peewee's query builder on
every call cost about 60% of a conversation turn (0.4-0.6 ms per statement; see
benchmarks/storage.py), and hand-written statements let counters be incremented and
only changed columns be written. peewee still owns the connections, pool, transactions
and the error types. The same text runs on SQLite and PostgreSQL: standard SQL with
`?` placeholders (turned into the driver's style once per database), `RETURNING id`
for new rows, `ON CONFLICT ... DO UPDATE` for upserts.

Library errors are wrapped here, at the edge: a unique-key clash becomes ConflictError,
anything else from the database StorageError, so no caller sees a peewee exception.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

import cysqlite
from peewee import Database, IntegrityError, PeeweeException

from domain.analysis import LOW_RATING, Approval, FeedbackTally, Totals
from domain.calibration import Calibration, LengthBias
from domain.errors import ConflictError, StorageError
from domain.feedback import Feedback, FeedbackKind
from domain.generation import Turn
from domain.messages import Message, Role
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
from infrastructure.persistence.peewee import mappers
from infrastructure.persistence.peewee.mappers import (
    FEEDBACK_COLUMNS,
    MESSAGE_COLUMNS,
    POST_COLUMNS,
    PREFERENCE_COLUMNS,
    SESSION_COLUMNS,
    USER_COLUMNS,
    Row,
)

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)

DATABASE_ERRORS = (PeeweeException, cysqlite.SqliteError)
ROLES = {role.value: role for role in Role}  # a dict lookup: Role(value) costs 4x more


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
        if callable(member) and not name.startswith("_"):
            setattr(cls, name, translate_errors(member))
    return cls


def _marks(n: int) -> str:
    return ", ".join("?" * n)


_POST_FIELDS = POST_COLUMNS.removeprefix("id, ")
_POST_SETS = ", ".join(f"{name.strip()} = ?" for name in _POST_FIELDS.split(","))


@functools.lru_cache(maxsize=512)
def _in_style(sql: str, param: str) -> str:
    """`sql` with its `?` placeholders in the driver's style (psycopg2's is `%s`)."""
    return sql if param == "?" else sql.replace("?", param)


class Sql:
    """Runs statement text on one peewee database, in the caller's transaction."""

    def __init__(self, database: Database) -> None:
        self._db = database
        self._param: str = database.param

    def _text(self, sql: str) -> str:
        return _in_style(sql, self._param)

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute a change; the number of rows it touched."""
        return int(self._db.execute_sql(self._text(sql), params).rowcount)

    def many(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self._db.execute_sql(self._text(sql), params).fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        row: Row | None = self._db.execute_sql(self._text(sql), params).fetchone()
        return row

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        """Execute an INSERT ... RETURNING id; the new row's id."""
        row = self.one(sql, params)
        assert row is not None, "an INSERT ... RETURNING id returned no row"
        return int(row[0])


@edge
class SqlUserRepository(UserRepository):
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def get(self, user_id: int) -> User | None:
        row = self._sql.one(f"SELECT {USER_COLUMNS} FROM users WHERE id = ?", (user_id,))
        return None if row is None else mappers.user_from_row(row)

    def add(self, user: User) -> User:
        self._sql.run(
            f"INSERT INTO users ({USER_COLUMNS}) VALUES ({_marks(14)})",
            mappers.user_values(user),
        )
        return user

    def update(self, user: User) -> None:
        _, *values = mappers.user_values(user)
        self._sql.run(
            "UPDATE users SET username = ?, first_name = ?, last_name = ?, created_at = ?,"
            " last_active_at = ?, sessions_count = ?, drafts_count = ?, approved_count = ?,"
            " rejected_count = ?, ratings_count = ?, ratings_sum = ?, checked_count = ?,"
            " first_fit_count = ? WHERE id = ?",
            (*values, user.id),
        )

    def list(self) -> list[User]:
        rows = self._sql.many(f"SELECT {USER_COLUMNS} FROM users ORDER BY id")
        return [mappers.user_from_row(r) for r in rows]

    def totals(self) -> Totals:
        row = self._sql.one(
            "SELECT COUNT(*), SUM(sessions_count), SUM(drafts_count), SUM(approved_count),"
            " SUM(rejected_count), SUM(ratings_count), SUM(ratings_sum), SUM(checked_count),"
            " SUM(first_fit_count) FROM users"
        )
        return Totals(*(int(n or 0) for n in row or ()))

    def delete(self, user_id: int) -> None:
        self._sql.run("DELETE FROM users WHERE id = ?", (user_id,))  # the schema cascades


@edge
class SqlSessionRepository(SessionRepository):
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def add(self, session: Session) -> Session:
        new_id = self._sql.insert(
            "INSERT INTO sessions (user_id, brief, status, started_at, ended_at, turn_count)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            mappers.session_values(session),
        )
        return replace(session, id=new_id)

    def get(self, session_id: int) -> Session | None:
        row = self._sql.one(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
        return None if row is None else mappers.session_from_row(row)

    def update(self, session: Session) -> None:
        self._sql.run(
            "UPDATE sessions SET user_id = ?, brief = ?, status = ?, started_at = ?,"
            " ended_at = ?, turn_count = ? WHERE id = ?",
            (*mappers.session_values(session), session.id),
        )

    def active_for(self, user_id: int) -> Session | None:
        row = self._sql.one(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ? AND status = ?"
            " ORDER BY started_at DESC, id DESC LIMIT 1",
            (user_id, SessionStatus.ACTIVE.value),
        )
        return None if row is None else mappers.session_from_row(row)

    def list_for_user(self, user_id: int, limit: int | None = None) -> list[Session]:
        sql = (
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ?"
            " ORDER BY started_at DESC, id DESC"
        )
        if limit is None:
            rows = self._sql.many(sql, (user_id,))
        else:
            rows = self._sql.many(f"{sql} LIMIT ?", (user_id, max(limit, 0)))
        return [mappers.session_from_row(r) for r in rows]

    def ended_before(self, cutoff: datetime, status: SessionStatus) -> list[Session]:
        rows = self._sql.many(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE status = ? AND ended_at < ?"
            " ORDER BY ended_at, id",
            (status.value, mappers.stamp(cutoff)),
        )
        return [mappers.session_from_row(r) for r in rows]

    def delete(self, session_id: int) -> None:
        self._sql.run("DELETE FROM sessions WHERE id = ?", (session_id,))  # the schema cascades


@edge
class SqlMessageRepository(MessageRepository):
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def add(self, message: Message) -> Message:
        new_id = self._sql.insert(
            "INSERT INTO chat_history (session_id, user_id, role, content, created_at,"
            " satisfaction) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            mappers.message_values(message),
        )
        return replace(message, id=new_id)

    def list_for_session(self, session_id: int) -> list[Message]:
        rows = self._sql.many(
            f"SELECT {MESSAGE_COLUMNS} FROM chat_history WHERE session_id = ? ORDER BY id",
            (session_id,),
        )
        return [mappers.message_from_row(r) for r in rows]

    def count_for_user(self, user_id: int) -> int:
        row = self._sql.one("SELECT COUNT(*) FROM chat_history WHERE user_id = ?", (user_id,))
        return 0 if row is None else int(row[0])

    def recent_turns(self, session_id: int, limit: int) -> list[Turn]:
        rows = self._sql.many(
            "SELECT role, content FROM chat_history WHERE session_id = ? ORDER BY id DESC LIMIT ?",
            (session_id, max(limit, 0)),
        )
        return [Turn(ROLES[role], content) for role, content in reversed(rows)]

    def delete_before(self, cutoff: datetime, statuses: tuple[SessionStatus, ...]) -> int:
        if not statuses:
            return 0
        marks = ", ".join("?" for _ in statuses)
        return self._sql.run(
            "DELETE FROM chat_history WHERE created_at < ? AND session_id IN"
            f" (SELECT id FROM sessions WHERE status IN ({marks}))",
            (mappers.stamp(cutoff), *(s.value for s in statuses)),
        )


@edge
class SqlPostRepository(PostRepository):
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def add(self, post: Post) -> Post:
        new_id = self._sql.insert(
            f"INSERT INTO posts ({_POST_FIELDS}) VALUES ({_marks(21)}) RETURNING id",
            mappers.post_values(post),
        )
        return replace(post, id=new_id)

    def get(self, post_id: int) -> Post | None:
        row = self._sql.one(f"SELECT {POST_COLUMNS} FROM posts WHERE id = ?", (post_id,))
        return None if row is None else mappers.post_from_row(row)

    def update(self, post: Post) -> None:
        self._sql.run(
            f"UPDATE posts SET {_POST_SETS} WHERE id = ?", (*mappers.post_values(post), post.id)
        )

    def latest_for_session(self, session_id: int) -> Post | None:
        row = self._sql.one(
            f"SELECT {POST_COLUMNS} FROM posts WHERE session_id = ? ORDER BY version DESC LIMIT 1",
            (session_id,),
        )
        return None if row is None else mappers.post_from_row(row)

    def list_for_session(self, session_id: int) -> list[Post]:
        rows = self._sql.many(
            f"SELECT {POST_COLUMNS} FROM posts WHERE session_id = ? ORDER BY version",
            (session_id,),
        )
        return [mappers.post_from_row(r) for r in rows]

    def generated_since(self, user_id: int, since: datetime) -> list[datetime]:
        rows = self._sql.many(
            "SELECT created_at FROM posts WHERE user_id = ? AND created_at >= ?"
            " AND generator <> ? ORDER BY created_at",
            (user_id, mappers.stamp(since), EDITED_BY_USER),
        )
        return [mappers.moment(created_at) for (created_at,) in rows]

    def approvals(self) -> list[Approval]:
        rows = self._sql.many(
            "SELECT version, rating FROM posts WHERE status = ? ORDER BY created_at, id",
            (PostStatus.APPROVED.value,),
        )
        return [Approval(version, rating) for version, rating in rows]

    def list_for_user(
        self, user_id: int, status: PostStatus | None = None, limit: int | None = None
    ) -> list[Post]:
        sql = f"SELECT {POST_COLUMNS} FROM posts WHERE user_id = ?"
        params: tuple[Any, ...] = (user_id,)
        if status is not None:
            sql, params = f"{sql} AND status = ?", (*params, status.value)
        sql = f"{sql} ORDER BY created_at DESC, id DESC"
        if limit is not None:
            sql, params = f"{sql} LIMIT ?", (*params, max(limit, 0))
        return [mappers.post_from_row(r) for r in self._sql.many(sql, params)]


@edge
class SqlPreferenceRepository(PreferenceRepository):
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def get_profile(self, user_id: int) -> PreferenceProfile:
        rows = self._sql.many(
            f"SELECT {PREFERENCE_COLUMNS} FROM user_preferences WHERE user_id = ? ORDER BY key",
            (user_id,),
        )
        return PreferenceProfile.of(user_id, [mappers.preference_from_row(r) for r in rows])

    def save(self, user_id: int, preferences: list[Preference]) -> None:
        for preference in preferences:
            self._sql.run(
                f"INSERT INTO user_preferences (user_id, {PREFERENCE_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET"
                " value = excluded.value, confidence = excluded.confidence,"
                " evidence_count = excluded.evidence_count, source = excluded.source,"
                " updated_at = excluded.updated_at",
                mappers.preference_values(user_id, preference),
            )

    def clear(self, user_id: int) -> None:
        self._sql.run("DELETE FROM user_preferences WHERE user_id = ?", (user_id,))


@edge
class SqlCalibrationRepository(CalibrationRepository):
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def get(self, model: str) -> Calibration:
        rows = self._sql.many(
            "SELECT length_range, ratio, samples, updated_at FROM calibrations WHERE model = ?",
            (model,),
        )
        return Calibration.of(
            model,
            {
                index: LengthBias(ratio, samples, mappers.optional_moment(updated_at))
                for index, ratio, samples, updated_at in rows
            },
        )

    def save(self, calibration: Calibration) -> None:
        for index, bias in calibration.ranges.items():
            self._sql.run(
                "INSERT INTO calibrations (model, length_range, ratio, samples, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (model, length_range) DO UPDATE SET"
                " ratio = excluded.ratio, samples = excluded.samples,"
                " updated_at = excluded.updated_at",
                (
                    calibration.model,
                    index,
                    bias.ratio,
                    bias.samples,
                    mappers.optional_stamp(bias.updated_at),
                ),
            )


@edge
class SqlFeedbackRepository(FeedbackRepository):
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def add(self, feedback: Feedback) -> Feedback:
        new_id = self._sql.insert(
            "INSERT INTO feedback (user_id, session_id, post_id, kind, signals, rating, text,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            mappers.feedback_values(feedback),
        )
        return replace(feedback, id=new_id)

    def list_for_user(self, user_id: int) -> list[Feedback]:
        rows = self._sql.many(
            f"SELECT {FEEDBACK_COLUMNS} FROM feedback WHERE user_id = ? ORDER BY id", (user_id,)
        )
        return [mappers.feedback_from_row(r) for r in rows]

    def list_for_session(self, session_id: int) -> list[Feedback]:
        rows = self._sql.many(
            f"SELECT {FEEDBACK_COLUMNS} FROM feedback WHERE session_id = ? ORDER BY id",
            (session_id,),
        )
        return [mappers.feedback_from_row(r) for r in rows]

    def tallies(self) -> list[FeedbackTally]:
        low = f"CASE WHEN rating <= {LOW_RATING} THEN 1 ELSE 0 END"
        rows = self._sql.many(
            f"SELECT kind, signals, {low}, COUNT(*) FROM feedback GROUP BY kind, signals, {low}"
        )
        return [
            FeedbackTally(FeedbackKind(kind), tuple(json.loads(signals)), bool(low), int(n))
            for kind, signals, low, n in rows
        ]
