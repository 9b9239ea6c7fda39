"""Numbered schema migrations, applied on open, recorded in `schema_version`.

Each migration is frozen DDL (4 also measures the stored drafts), so an old database
upgrades through exactly the steps it missed. Migrations run inside one write transaction,
so two processes starting at once cannot both apply the same step.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from peewee import Database, PostgresqlDatabase

from domain.conformance import check
from domain.posts import EDITED_BY_USER, Attempt
from domain.style import Style
from domain.text_metrics import measure
from infrastructure.persistence.peewee.mappers import metrics_values, to_json

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

_V4_DDL = _statements(
    "ALTER TABLE posts ADD COLUMN measured_words INTEGER",
    "ALTER TABLE posts ADD COLUMN measured_emoji INTEGER",
    "ALTER TABLE posts ADD COLUMN measured_hashtags INTEGER",
    "ALTER TABLE posts ADD COLUMN measured_cta INTEGER",
    "ALTER TABLE posts ADD COLUMN measured_formality TEXT",
    "ALTER TABLE posts ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE posts ADD COLUMN attempt_log TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE posts ADD COLUMN misses TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE users ADD COLUMN checked_count INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE users ADD COLUMN first_fit_count INTEGER NOT NULL DEFAULT 0",
    """CREATE TABLE calibrations (
        model TEXT NOT NULL, length_range INTEGER NOT NULL,
        ratio REAL NOT NULL, samples INTEGER NOT NULL, updated_at TEXT,
        PRIMARY KEY (model, length_range))""",
)
_MEASURE_BATCH = 500


def _v4(db: Database) -> None:
    """Measured drafts: new columns, then every stored draft measured by today's yardstick.

    A generated draft of before was shown as it came, so its one attempt is the draft
    itself, and whether it fitted is judged by today's tolerance; the users' counters of
    checked and first-fit drafts are recounted from them. The user's own versions are
    measured but not checked.
    """
    _V4_DDL(db)
    p = db.param
    update = (
        f"UPDATE posts SET measured_words = {p}, measured_emoji = {p}, measured_hashtags = {p},"
        f" measured_cta = {p}, measured_formality = {p}, attempts = {p}, attempt_log = {p},"
        f" misses = {p} WHERE id = {p}"
    )
    last = 0
    while True:
        rows = db.execute_sql(
            "SELECT id, content, style, generator, prompt_tokens, completion_tokens, latency_ms"
            f" FROM posts WHERE id > {p} ORDER BY id LIMIT {_MEASURE_BATCH}",
            (last,),
        ).fetchall()
        if not rows:
            break
        for post_id, content, style, generator, prompt, completion, latency in rows:
            db.execute_sql(
                update,
                (*_measured(content, style, generator, prompt, completion, latency), post_id),
            )
        last = rows[-1][0]
    own = EDITED_BY_USER
    db.execute_sql(
        "UPDATE users SET"
        f" checked_count = (SELECT COUNT(*) FROM posts WHERE posts.user_id = users.id"
        f" AND posts.generator <> {p}),"
        f" first_fit_count = (SELECT COUNT(*) FROM posts WHERE posts.user_id = users.id"
        f" AND posts.generator <> {p} AND posts.misses = '[]')",
        (own, own),
    )


def _measured(
    content: str, style: str, generator: str, prompt: int, completion: int, latency: int
) -> tuple[object, ...]:
    metrics = measure(content)
    own = generator == EDITED_BY_USER
    asked = Style.from_dict(json.loads(style))
    misses = () if own else check(asked, metrics).keys
    first = Attempt(asked.length, metrics.words, misses, prompt, completion, latency)
    attempts = [] if own else [first.to_dict()]
    return (
        *metrics_values(metrics),
        len(attempts),
        to_json(attempts),
        to_json(list(misses)),
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "users, sessions, chat history, posts, feedback, preferences", _V1),
    Migration(2, "indexes for retention: sessions by status and end, history by time", _V2),
    Migration(3, "receipts of handled requests, so a redelivered one is handled once", _V3),
    Migration(4, "drafts measured, checked and calibrated: what each draft really was", _v4),
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
