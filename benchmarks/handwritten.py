"""The storage adapter as it was before the peewee models (commit 1b8076f), frozen here
for `make bench-storage` only: the same units of work with every statement written by hand
as SQL text, rows read by position. It is the middle column of the comparison, between
the peewee adapter and raw sqlite3; nothing in the product imports it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from peewee import Database

from domain.analysis import LOW_RATING, Approval, FeedbackTally, Totals
from domain.calibration import Calibration, LengthBias
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
from domain.posts import EDITED_BY_USER, Attempt, Post, PostStatus
from domain.preferences import Preference, PreferenceProfile, PreferenceSource
from domain.sessions import Session, SessionStatus
from domain.style import Formality, Style
from domain.text_metrics import TextMetrics
from domain.users import Counts, User
from infrastructure.persistence.peewee.repositories import edge
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork

ROLES = {role.value: role for role in Role}

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
        return None if row is None else user_from_row(row)

    def add(self, user: User) -> User:
        self._sql.run(
            f"INSERT INTO users ({USER_COLUMNS}) VALUES ({_marks(14)})",
            user_values(user),
        )
        return user

    def update(self, user: User) -> None:
        _, *values = user_values(user)
        self._sql.run(
            "UPDATE users SET username = ?, first_name = ?, last_name = ?, created_at = ?,"
            " last_active_at = ?, sessions_count = ?, drafts_count = ?, approved_count = ?,"
            " rejected_count = ?, ratings_count = ?, ratings_sum = ?, checked_count = ?,"
            " first_fit_count = ? WHERE id = ?",
            (*values, user.id),
        )

    def list(self) -> list[User]:
        rows = self._sql.many(f"SELECT {USER_COLUMNS} FROM users ORDER BY id")
        return [user_from_row(r) for r in rows]

    def totals(self) -> Totals:
        row = self._sql.one(
            "SELECT COUNT(*), SUM(sessions_count), SUM(drafts_count), SUM(approved_count),"
            " SUM(rejected_count), SUM(ratings_count), SUM(ratings_sum), SUM(checked_count),"
            " SUM(first_fit_count) FROM users"
        )
        users, *counts = (int(n or 0) for n in row or ())
        return Totals(users, Counts(*counts))

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
            session_values(session),
        )
        return replace(session, id=new_id)

    def get(self, session_id: int) -> Session | None:
        row = self._sql.one(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
        return None if row is None else session_from_row(row)

    def update(self, session: Session) -> None:
        self._sql.run(
            "UPDATE sessions SET user_id = ?, brief = ?, status = ?, started_at = ?,"
            " ended_at = ?, turn_count = ? WHERE id = ?",
            (*session_values(session), session.id),
        )

    def active_for(self, user_id: int) -> Session | None:
        row = self._sql.one(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ? AND status = ?"
            " ORDER BY started_at DESC, id DESC LIMIT 1",
            (user_id, SessionStatus.ACTIVE.value),
        )
        return None if row is None else session_from_row(row)

    def list_for_user(self, user_id: int, limit: int | None = None) -> list[Session]:
        sql = (
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ?"
            " ORDER BY started_at DESC, id DESC"
        )
        if limit is None:
            rows = self._sql.many(sql, (user_id,))
        else:
            rows = self._sql.many(f"{sql} LIMIT ?", (user_id, max(limit, 0)))
        return [session_from_row(r) for r in rows]

    def ended_before(self, cutoff: datetime, status: SessionStatus) -> list[Session]:
        rows = self._sql.many(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE status = ? AND ended_at < ?"
            " ORDER BY ended_at, id",
            (status.value, stamp(cutoff)),
        )
        return [session_from_row(r) for r in rows]

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
            message_values(message),
        )
        return replace(message, id=new_id)

    def list_for_session(self, session_id: int) -> list[Message]:
        rows = self._sql.many(
            f"SELECT {MESSAGE_COLUMNS} FROM chat_history WHERE session_id = ? ORDER BY id",
            (session_id,),
        )
        return [message_from_row(r) for r in rows]

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
            (stamp(cutoff), *(s.value for s in statuses)),
        )


@edge
class SqlPostRepository(PostRepository):
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def add(self, post: Post) -> Post:
        new_id = self._sql.insert(
            f"INSERT INTO posts ({_POST_FIELDS}) VALUES ({_marks(21)}) RETURNING id",
            post_values(post),
        )
        return replace(post, id=new_id)

    def get(self, post_id: int) -> Post | None:
        row = self._sql.one(f"SELECT {POST_COLUMNS} FROM posts WHERE id = ?", (post_id,))
        return None if row is None else post_from_row(row)

    def update(self, post: Post) -> None:
        self._sql.run(f"UPDATE posts SET {_POST_SETS} WHERE id = ?", (*post_values(post), post.id))

    def latest_for_session(self, session_id: int) -> Post | None:
        row = self._sql.one(
            f"SELECT {POST_COLUMNS} FROM posts WHERE session_id = ? ORDER BY version DESC LIMIT 1",
            (session_id,),
        )
        return None if row is None else post_from_row(row)

    def list_for_session(self, session_id: int) -> list[Post]:
        rows = self._sql.many(
            f"SELECT {POST_COLUMNS} FROM posts WHERE session_id = ? ORDER BY version",
            (session_id,),
        )
        return [post_from_row(r) for r in rows]

    def generated_since(self, user_id: int, since: datetime) -> list[datetime]:
        rows = self._sql.many(
            "SELECT created_at FROM posts WHERE user_id = ? AND created_at >= ?"
            " AND generator <> ? ORDER BY created_at",
            (user_id, stamp(since), EDITED_BY_USER),
        )
        return [moment(created_at) for (created_at,) in rows]

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
        return [post_from_row(r) for r in self._sql.many(sql, params)]


@edge
class SqlPreferenceRepository(PreferenceRepository):
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    def get_profile(self, user_id: int) -> PreferenceProfile:
        rows = self._sql.many(
            f"SELECT {PREFERENCE_COLUMNS} FROM user_preferences WHERE user_id = ? ORDER BY key",
            (user_id,),
        )
        return PreferenceProfile.of(user_id, [preference_from_row(r) for r in rows])

    def save(self, user_id: int, preferences: list[Preference]) -> None:
        for preference in preferences:
            self._sql.run(
                f"INSERT INTO user_preferences (user_id, {PREFERENCE_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET"
                " value = excluded.value, confidence = excluded.confidence,"
                " evidence_count = excluded.evidence_count, source = excluded.source,"
                " updated_at = excluded.updated_at",
                preference_values(user_id, preference),
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
                index: LengthBias(ratio, samples, optional_moment(updated_at))
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
                    optional_stamp(bias.updated_at),
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
            feedback_values(feedback),
        )
        return replace(feedback, id=new_id)

    def list_for_user(self, user_id: int) -> list[Feedback]:
        rows = self._sql.many(
            f"SELECT {FEEDBACK_COLUMNS} FROM feedback WHERE user_id = ? ORDER BY id", (user_id,)
        )
        return [feedback_from_row(r) for r in rows]

    def list_for_session(self, session_id: int) -> list[Feedback]:
        rows = self._sql.many(
            f"SELECT {FEEDBACK_COLUMNS} FROM feedback WHERE session_id = ? ORDER BY id",
            (session_id,),
        )
        return [feedback_from_row(r) for r in rows]

    def tallies(self) -> list[FeedbackTally]:
        low = f"CASE WHEN rating <= {LOW_RATING} THEN 1 ELSE 0 END"
        rows = self._sql.many(
            f"SELECT kind, signals, {low}, COUNT(*) FROM feedback GROUP BY kind, signals, {low}"
        )
        return [
            FeedbackTally(FeedbackKind(kind), tuple(json.loads(signals)), bool(low), int(n))
            for kind, signals, low, n in rows
        ]


class HandwrittenUnitOfWork(PeeweeUnitOfWork):
    """Today's unit of work (transactions, locks) with the hand-written repositories."""

    def __init__(
        self,
        database: Database,
        *,
        read_only: bool = False,
        idempotency_key: str | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(
            database, read_only=read_only, idempotency_key=idempotency_key, user_id=user_id
        )
        sql = Sql(database)
        self.users = SqlUserRepository(sql)  # type: ignore[assignment]
        self.sessions = SqlSessionRepository(sql)  # type: ignore[assignment]
        self.messages = SqlMessageRepository(sql)  # type: ignore[assignment]
        self.posts = SqlPostRepository(sql)  # type: ignore[assignment]
        self.preferences = SqlPreferenceRepository(sql)  # type: ignore[assignment]
        self.feedback = SqlFeedbackRepository(sql)  # type: ignore[assignment]
        self.calibrations = SqlCalibrationRepository(sql)  # type: ignore[assignment]
        self._repositories = ()
