"""Benchmark databases: the product's schema, filled fast with raw sqlite3.

The schema is the product's, made by `migrate` (from the peewee models) on peewee's stdlib
SqliteDatabase, so the file carries the latest schema version and our adapter opens it
without migrating. Rows go in with `executemany` in one transaction with the journal off
(nothing needs this load to survive a crash); the file is then switched to WAL, as ours.

Every user has the same history whatever the size of the database, so one user's read or
write does the same work in the small and in the large file: a completed session and an
active one of SESSION_MESSAGES messages each (the brief, the first draft, then rounds of
feedback and the next version), a post per draft (the last one approved, or still open),
a feedback row per round, five learned preferences, counters to match. Rows are written
in time order round-robin over the users, as a busy bot writes them, so a session's
messages are not neighbours in the file. The first `long_sessions` users have an active
session of LONG_MESSAGES messages instead, for measuring growth with session length.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from peewee import SqliteDatabase

from domain.text_metrics import measure
from infrastructure.persistence.peewee.migrations import migrate

SESSION_MESSAGES = 10
LONG_MESSAGES = 1_000
DRAFT = (
    "Some news for you: our bakery opens a second shop on Main Street next Saturday. "
    "For a while now, Main Street has been on our minds. We look forward to Saturday with "
    "real excitement. Everything about the shop has been planned with care. Our team is "
    "proud of this work. This has been a long time in the making. Details will be posted "
    "here. Watch this space. More details soon. ✨ #MainStreet #Saturday"
)
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
STYLE = '{"length":80,"formality":"neutral","emoji":1,"hashtags":2,"cta":false}'
PREFERENCES = (
    ("cta", "0.2"),
    ("emoji", "1.0"),
    ("formality", "-0.3"),
    ("hashtags", "2.0"),
    ("length", "64.5"),
)
MEASURED = measure(f"{DRAFT} v1-1")
_PREFIX = "INSERT INTO "
_SQL = {
    "messages": _PREFIX + "chat_history (session_id, user_id, role, content, created_at)"
    " VALUES (?, ?, ?, ?, ?)",
    # Every draft as stored since migration 4: measured (the drafts here all measure alike).
    "posts": _PREFIX + "posts (id, session_id, user_id, version, content, style, status,"
    " generator, model, prompt_tokens, completion_tokens, latency_ms, rating, created_at,"
    " measured_words, measured_emoji, measured_hashtags, measured_cta, measured_formality)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, 'offline', 'offline-v1', 40, 80, 3, ?, ?,"
    f" {MEASURED.words}, {MEASURED.emoji}, {MEASURED.hashtags}, {int(MEASURED.cta)},"
    f" '{MEASURED.formality.value}')",
    "feedback": _PREFIX + "feedback (user_id, session_id, post_id, kind, signals, rating,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
}


@dataclass(frozen=True, slots=True)
class Shape:
    users: int
    long_sessions: int = 0  # users 1..long_sessions have an active session of LONG_MESSAGES

    def messages_in(self, user_id: int, active: bool) -> int:
        long = active and user_id <= self.long_sessions
        return LONG_MESSAGES if long else SESSION_MESSAGES

    def active_session(self, user_id: int) -> int:
        """The id of the user's active session (completed sessions take ids 1..users)."""
        return self.users + user_id


@dataclass(frozen=True, slots=True)
class Census:
    users: int
    sessions: int
    messages: int
    posts: int
    feedback: int
    megabytes: float
    seconds: float


def build(path: Path, shape: Shape) -> Census:
    """Create the database at `path` with `shape`'s users; counts what it holds."""
    started = time.perf_counter()
    schema = SqliteDatabase(str(path))
    with schema.connection_context():
        migrate(schema)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -1000000"):
            db.execute(f"PRAGMA {pragma}")
        db.execute("BEGIN")
        _fill(db, shape, datetime.now(UTC) - timedelta(days=30))
        db.execute("COMMIT")
        db.execute("PRAGMA journal_mode = WAL")
        counts = [
            db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("users", "sessions", "chat_history", "posts", "feedback")
        ]
    finally:
        db.close()
    megabytes = path.stat().st_size / 1e6
    return Census(*counts, megabytes=megabytes, seconds=time.perf_counter() - started)


def _fill(db: sqlite3.Connection, shape: Shape, base: datetime) -> None:
    """Both sessions of every user, step by step in time order, then users and sessions."""
    n = shape.users
    first_tick = [0] * (2 * n + 1)  # per session id: completed u is u, active u is n + u
    last_tick = [0] * (2 * n + 1)
    latest_post = [0] * (2 * n + 1)
    tick = 0
    post_id = 0
    for active in (False, True):
        longest = max(shape.messages_in(u, active) for u in (1, n))
        for step in range(longest):
            rows: dict[str, list[tuple[object, ...]]] = {key: [] for key in _SQL}
            for user in range(1, n + 1):
                size = shape.messages_in(user, active)
                if step >= size:
                    break  # long sessions belong to the first users
                session = n + user if active else user
                at = _stamp(base, tick)
                if step == 0:
                    first_tick[session] = tick
                    rows["messages"].append((session, user, "user", BRIEF, at))
                elif step % 2:
                    post_id += 1
                    latest_post[session] = post_id
                    content = f"{DRAFT} v{(step + 1) // 2}-{user}"
                    status, rating = _fate(step == size - 1, active)
                    rows["messages"].append((session, user, "assistant", content, at))
                    rows["posts"].append(
                        (
                            post_id,
                            session,
                            user,
                            (step + 1) // 2,
                            content,
                            STYLE,
                            status,
                            rating,
                            at,
                        )
                    )
                else:
                    rows["messages"].append((session, user, "user", ":shorter", at))
                    rows["feedback"].append(
                        (user, session, latest_post[session], "action", '["shorter"]', None, at)
                    )
                if step == size - 1 and not active:
                    rows["feedback"].append((user, session, post_id, "approve", "[]", None, at))
                    rows["feedback"].append((user, session, post_id, "rating", "[]", 4, at))
                last_tick[session] = tick
                tick += 1
            for key, batch in rows.items():
                db.executemany(_SQL[key], batch)
    _people(db, shape, base, first_tick, last_tick)


def _fate(last: bool, active: bool) -> tuple[str, int | None]:
    """Status and rating of a draft: only the last one of a session is not superseded."""
    if not last:
        return "superseded", None
    return ("draft", None) if active else ("approved", 4)


def _people(
    db: sqlite3.Connection, shape: Shape, base: datetime, first: list[int], last: list[int]
) -> None:
    """Users, their sessions and preferences, stamped with the ticks their history took."""
    n = shape.users
    db.executemany(
        "INSERT INTO sessions (id, user_id, brief, status, started_at, ended_at, turn_count)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (
                session,
                (session - 1) % n + 1,
                BRIEF,
                "active" if session > n else "completed",
                _stamp(base, first[session]),
                None if session > n else _stamp(base, last[session]),
                shape.messages_in((session - 1) % n + 1, session > n) // 2,
            )
            for session in range(1, 2 * n + 1)
        ),
    )
    db.executemany(
        "INSERT INTO users (id, created_at, last_active_at, sessions_count, drafts_count,"
        " approved_count, ratings_count, ratings_sum) VALUES (?, ?, ?, 2, ?, 1, 1, 4)",
        (
            (
                user,
                _stamp(base, first[user]),
                _stamp(base, last[n + user]),
                (SESSION_MESSAGES + shape.messages_in(user, True)) // 2,
            )
            for user in range(1, n + 1)
        ),
    )
    db.executemany(
        "INSERT INTO user_preferences (user_id, key, value, confidence, evidence_count,"
        " source, updated_at) VALUES (?, ?, ?, 0.6, 4, 'learned', ?)",
        (
            (user, key, value, _stamp(base, last[user]))
            for user in range(1, n + 1)
            for key, value in PREFERENCES
        ),
    )


def _stamp(base: datetime, tick: int) -> str:
    """A timestamp as UtcDateTimeField stores it, a millisecond per tick after `base`."""
    return (base + timedelta(milliseconds=tick)).isoformat(timespec="microseconds")
