"""Schema migrations through peewee, applied on open, recorded in `schema_version`.

A new database is created from the models (models.py) and stamped with every version.
A database an older postmind wrote upgrades in place through exactly the numbered steps it
missed; each step is written with playhouse.migrate's operations, which generate the DDL
for the dialect at hand (SQLite or PostgreSQL), and is frozen: it names its own tables and
columns rather than reading today's models, which may have moved on since it was released.
Everything runs in one write transaction (DDL is transactional on both dialects), so a
crash leaves the old schema or the new one, and two processes starting at once cannot both
apply a step. tests/integration/test_migrations.py checks that every released version,
migrated, has the schema a new database gets.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from peewee import (
    SQL,
    BigIntegerField,
    CompositeKey,
    Database,
    DoubleField,
    IntegerField,
    Model,
    Node,
    PostgresqlDatabase,
    SchemaManager,
    Select,
    Table,
    TextField,
    fn,
)
from playhouse.migrate import SchemaMigrator

from domain.conformance import check
from domain.maintenance import MigrateReport
from domain.posts import EDITED_BY_USER, Attempt
from domain.style import Style
from domain.text_metrics import measure
from infrastructure.persistence.peewee.models import SCHEMA, SchemaVersion

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    apply: Callable[[SchemaMigrator], None] | None  # None: only ever part of a new database


def is_postgres(db: Database) -> bool:
    return isinstance(db, PostgresqlDatabase)


def _v2(migrator: SchemaMigrator) -> None:
    migrator.add_index("sessions", ("status", "ended_at"), name="sessions_status_ended").run()
    migrator.add_index("chat_history", ("created_at",), name="chat_history_created").run()


class _ReceiptV3(Model):
    key = TextField(primary_key=True)
    recorded_at = TextField()

    class Meta:
        table_name = "request_receipts"


def _v3(migrator: SchemaMigrator) -> None:
    SchemaManager(_ReceiptV3, migrator.database).create_table(safe=False)
    migrator.add_index("request_receipts", ("recorded_at",), name="request_receipts_recorded").run()


class _CalibrationV4(Model):
    model_name = TextField(column_name="model")
    length_range = IntegerField()
    ratio = DoubleField()
    samples = IntegerField()
    updated_at = TextField(null=True)

    class Meta:
        table_name = "calibrations"
        primary_key = CompositeKey("model_name", "length_range")


def _default(literal: str) -> list[Node]:
    return [SQL(f"DEFAULT {literal}")]


_V4_COLUMNS = (
    ("posts", "measured_words", IntegerField(null=True)),
    ("posts", "measured_emoji", IntegerField(null=True)),
    ("posts", "measured_hashtags", IntegerField(null=True)),
    ("posts", "measured_cta", IntegerField(null=True)),
    ("posts", "measured_formality", TextField(null=True)),
    ("posts", "attempts", IntegerField(constraints=_default("1"))),
    ("posts", "attempt_log", TextField(constraints=_default("'[]'"))),
    ("posts", "misses", TextField(constraints=_default("'[]'"))),
    ("users", "checked_count", IntegerField(constraints=_default("0"))),
    ("users", "first_fit_count", IntegerField(constraints=_default("0"))),
)
_POSTS = Table("posts")  # frozen: the columns are named where they are used
_USERS = Table("users")
_MEASURE_BATCH = 500


def _v4(migrator: SchemaMigrator) -> None:
    """Measured drafts: new columns, then every stored draft measured by today's yardstick.

    A generated draft of before was shown as it came, so its one attempt is the draft
    itself, and whether it fitted is judged by today's tolerance; the users' counters of
    checked and first-fit drafts are recounted from them. The user's own versions are
    measured but not checked.
    """
    db = migrator.database
    for table, column, field in _V4_COLUMNS:
        migrator.add_column(table, column, field, allow_not_null=True).run()
    SchemaManager(_CalibrationV4, db).create_table(safe=False)
    p, users = _POSTS.c, _USERS.c
    last = 0
    while True:
        query = (
            _POSTS.select(
                p.id, p.content, p.style, p.generator,
                p.prompt_tokens, p.completion_tokens, p.latency_ms,
            )
            .where(p.id > last)
            .order_by(p.id)
            .limit(_MEASURE_BATCH)
        )  # fmt: skip
        rows = list(query.tuples().execute(db))
        if not rows:
            break
        for post_id, *stored in rows:
            _POSTS.update(_measured(*stored)).where(p.id == post_id).execute(db)
        last = rows[-1][0]
    drafts = _POSTS.select(fn.COUNT(p.id)).where(
        (p.user_id == users.id) & (p.generator != EDITED_BY_USER)
    )
    _USERS.update(
        {
            users.checked_count: drafts,
            users.first_fit_count: drafts.where(p.misses == "[]"),
        }
    ).execute(db)


def _measured(
    content: str, style: str, generator: str, prompt: int, completion: int, latency: int
) -> dict[Any, object]:
    metrics = measure(content)
    own = generator == EDITED_BY_USER
    asked = Style.from_dict(json.loads(style))
    misses = () if own else check(asked, metrics).keys
    first = Attempt(asked.length, metrics.words, misses, prompt, completion, latency)
    attempts = [] if own else [first.to_dict()]
    p = _POSTS.c
    return {
        p.measured_words: metrics.words,
        p.measured_emoji: metrics.emoji,
        p.measured_hashtags: metrics.hashtags,
        p.measured_cta: int(metrics.cta),
        p.measured_formality: metrics.formality.value,
        p.attempts: len(attempts),
        p.attempt_log: _json(attempts),
        p.misses: _json(list(misses)),
    }


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _v5(migrator: SchemaMigrator) -> None:
    """The chat message showing each draft. Drafts shown before are left without one: which
    message showed them was never written down."""
    migrator.add_column("posts", "shown_in_message", BigIntegerField(null=True)).run()
    migrator.add_index("posts", ("user_id", "shown_in_message"), name="posts_user_shown").run()


def _v6(migrator: SchemaMigrator) -> None:
    """What each session's versions must say or leave out, as its user asked in free text
    ("mention the free coffee"). Sessions of before asked for nothing of the kind."""
    content = TextField(constraints=_default("'[]'"))
    migrator.add_column("sessions", "content", content, allow_not_null=True).run()


class _ChatTurnV7(Model):
    update_id = BigIntegerField(primary_key=True)
    chat_id = BigIntegerField(null=True)
    worker = BigIntegerField()
    arrived_at = TextField()
    started_at = TextField(null=True)
    finished_at = TextField(null=True)

    class Meta:
        table_name = "chat_turns"


class _SendSlotV7(Model):
    key = TextField(primary_key=True)
    at = DoubleField()

    class Meta:
        table_name = "send_pacing"


def _v7(migrator: SchemaMigrator) -> None:
    """Which bot process has each Telegram update and whether it is handled, so that several
    processes handle one chat's updates one at a time and in order; and when each pacing key
    may send next, so that together they keep to Telegram's flood limits."""
    SchemaManager(_ChatTurnV7, migrator.database).create_table(safe=False)
    SchemaManager(_SendSlotV7, migrator.database).create_table(safe=False)
    migrator.add_index("chat_turns", ("chat_id", "update_id"), name="chat_turns_chat").run()
    migrator.add_index("chat_turns", ("arrived_at",), name="chat_turns_arrived").run()


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "users, sessions, chat history, posts, feedback, preferences", None),
    Migration(2, "indexes for retention: sessions by status and end, history by time", _v2),
    Migration(3, "receipts of handled requests, so a redelivered one is handled once", _v3),
    Migration(4, "drafts measured, checked and calibrated: what each draft really was", _v4),
    Migration(5, "the chat message showing each draft: a reply to any version is understood", _v5),
    Migration(6, "what each session was asked to mention or leave out, kept with it", _v6),
    Migration(7, "chat turns and send pacing, shared by every bot process", _v7),
)
LATEST_VERSION = MIGRATIONS[-1].version


def report(applied: list[int], db: Database) -> MigrateReport:
    """What `migrate` did, for the admin: the versions applied and what each changed."""
    described = {m.version: m.description for m in MIGRATIONS}
    steps = tuple(described[version] for version in applied)
    return MigrateReport(tuple(applied), current_version(db), steps)


def current_version(db: Database) -> int:
    """The highest applied migration, 0 for an empty database."""
    if not db.table_exists(SchemaVersion._meta.table_name):
        return 0
    return int(SchemaVersion.select(fn.MAX(SchemaVersion.version)).scalar(db) or 0)


MIGRATION_LOCK = 7_431_001  # PostgreSQL advisory lock: one migrator at a time


def migrate(db: Database, now: datetime | None = None) -> list[int]:
    """Apply every pending migration in one write transaction; returns the versions applied."""
    with db.atomic() if is_postgres(db) else db.atomic("IMMEDIATE"):
        if is_postgres(db):
            db.execute(Select(columns=[fn.pg_advisory_xact_lock(MIGRATION_LOCK)]))
        have = current_version(db)
        if have > LATEST_VERSION:
            raise RuntimeError(
                f"the database is at schema version {have}, newer than this postmind "
                f"({LATEST_VERSION}): upgrade postmind"
            )
        pending = [m for m in MIGRATIONS if m.version > have]
        if have == 0:
            _create(db)
        else:
            migrator = SchemaMigrator.from_database(db)
            for migration in pending:
                logger.info("applying migration %d: %s", migration.version, migration.description)
                assert migration.apply is not None, "only the first version is made, not applied"
                migration.apply(migrator)
        applied_at = now or datetime.now(UTC)
        rows = [
            {"version": m.version, "description": m.description, "applied_at": applied_at}
            for m in pending
        ]
        if rows:
            SchemaVersion.insert_many(rows).as_rowcount().execute(db)
    return [m.version for m in pending]


def _create(db: Database) -> None:
    """A new database: every table and index of today's models, parents first."""
    if db.table_exists("users"):
        raise RuntimeError(
            "the database has postmind's tables but no schema version: restore it from a backup"
        )
    logger.info("creating the schema, version %d", LATEST_VERSION)
    for model in SCHEMA:  # schema_version may be there already, empty
        SchemaManager(model, db).create_all(safe=model is SchemaVersion)
