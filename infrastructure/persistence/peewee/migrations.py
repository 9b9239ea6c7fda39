"""Numbered schema migrations, applied on open, recorded in `schema_version`.

Each migration is frozen DDL, so an old database upgrades through exactly the steps it
missed. Migrations run inside one write transaction, so two processes starting at once
cannot both apply the same step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from peewee import Database, PostgresqlDatabase

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Database], None]


def is_postgres(db: Database) -> bool:
    return isinstance(db, PostgresqlDatabase)


def _statements(*sql: str) -> Callable[[Database], None]:
    """Frozen DDL, written for SQLite; PostgreSQL gets the same with its own types."""

    def run(db: Database) -> None:
        for statement in sql:
            db.execute_sql(_for_postgres(statement) if is_postgres(db) else statement)

    return run


def _for_postgres(statement: str) -> str:
    return (
        statement.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
        .replace("id INTEGER PRIMARY KEY", "id BIGINT PRIMARY KEY")
        .replace("_id INTEGER", "_id BIGINT")
        .replace("REAL", "DOUBLE PRECISION")
    )


_V1 = _statements(
    """CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT, first_name TEXT, last_name TEXT,
        created_at TEXT NOT NULL, last_active_at TEXT NOT NULL,
        sessions_count INTEGER NOT NULL DEFAULT 0,
        drafts_count INTEGER NOT NULL DEFAULT 0,
        approved_count INTEGER NOT NULL DEFAULT 0,
        rejected_count INTEGER NOT NULL DEFAULT 0,
        ratings_count INTEGER NOT NULL DEFAULT 0,
        ratings_sum INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        brief TEXT, status TEXT NOT NULL,
        started_at TEXT NOT NULL, ended_at TEXT,
        turn_count INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX sessions_user_started ON sessions (user_id, started_at)",
    "CREATE INDEX sessions_user_status ON sessions (user_id, status)",
    """CREATE TABLE chat_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role TEXT NOT NULL, content TEXT NOT NULL,
        created_at TEXT NOT NULL, satisfaction INTEGER)""",
    "CREATE INDEX chat_history_session ON chat_history (session_id, id)",
    "CREATE INDEX chat_history_user ON chat_history (user_id)",
    """CREATE TABLE posts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        version INTEGER NOT NULL, content TEXT NOT NULL, style TEXT NOT NULL,
        status TEXT NOT NULL, generator TEXT NOT NULL, model TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        latency_ms INTEGER NOT NULL DEFAULT 0,
        rating INTEGER, created_at TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX posts_session_version ON posts (session_id, version)",
    "CREATE INDEX posts_user_status ON posts (user_id, status)",
    "CREATE INDEX posts_user_created ON posts (user_id, created_at)",
    """CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        post_id INTEGER REFERENCES posts (id) ON DELETE CASCADE,
        kind TEXT NOT NULL, signals TEXT NOT NULL, rating INTEGER, text TEXT,
        created_at TEXT NOT NULL)""",
    "CREATE INDEX feedback_user_created ON feedback (user_id, created_at)",
    "CREATE INDEX feedback_session ON feedback (session_id)",
    "CREATE INDEX feedback_post ON feedback (post_id)",
    """CREATE TABLE user_preferences (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        key TEXT NOT NULL, value TEXT NOT NULL,
        confidence REAL NOT NULL, evidence_count INTEGER NOT NULL,
        source TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX user_preferences_user_key ON user_preferences (user_id, key)",
)

_V2 = _statements(
    "CREATE INDEX sessions_status_ended ON sessions (status, ended_at)",
    "CREATE INDEX chat_history_created ON chat_history (created_at)",
)

_V3 = _statements(
    "CREATE TABLE request_receipts (key TEXT PRIMARY KEY, recorded_at TEXT NOT NULL)",
    "CREATE INDEX request_receipts_recorded ON request_receipts (recorded_at)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "users, sessions, chat history, posts, feedback, preferences", _V1),
    Migration(2, "indexes for retention: sessions by status and end, history by time", _V2),
    Migration(3, "receipts of handled requests, so a redelivered one is handled once", _V3),
)
LATEST_VERSION = MIGRATIONS[-1].version


def current_version(db: Database) -> int:
    """The highest applied migration, 0 for an empty database."""
    if not db.table_exists("schema_version"):
        return 0
    row = db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


MIGRATION_LOCK = 7_431_001  # PostgreSQL advisory lock: one migrator at a time


def migrate(db: Database, now: datetime | None = None) -> list[int]:
    """Apply every pending migration in one write transaction; returns the versions applied."""
    applied: list[int] = []
    with db.atomic() if is_postgres(db) else db.atomic("IMMEDIATE"):
        if is_postgres(db):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        db.execute_sql(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        have = current_version(db)
        if have > LATEST_VERSION:
            raise RuntimeError(
                f"the database is at schema version {have}, newer than this postmind "
                f"({LATEST_VERSION}): upgrade postmind"
            )
        stamp = (now or datetime.now(UTC)).isoformat(timespec="microseconds")
        for migration in MIGRATIONS:
            if migration.version <= have:
                continue
            logger.info("applying migration %d: %s", migration.version, migration.description)
            migration.apply(db)
            p = db.param
            db.execute_sql(
                "INSERT INTO schema_version (version, description, applied_at)"
                f" VALUES ({p}, {p}, {p})",
                (migration.version, migration.description, stamp),
            )
            applied.append(migration.version)
    return applied
