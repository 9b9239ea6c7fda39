"""SQLite specifics: the engine, pragmas on every connection, migrations, and index use."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from dependency_injector import providers
from playhouse.cysqlite_ext import PooledCySqliteDatabase

from application.bus import Bus
from application.requests import Act, Hello, New, Rate, Sessions, Stats, Text
from domain.actions import Action
from domain.errors import StorageError
from infrastructure.config import Settings
from infrastructure.container import Container
from infrastructure.persistence.peewee.checkpoints import WalCheckpointer
from infrastructure.persistence.peewee.database import open_sqlite, sqlite_version
from infrastructure.persistence.peewee.migrations import LATEST_VERSION, current_version
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork
from tests.contract.builders import a_post, a_session, a_user
from tests.fakes import FakeClock

BRIEF = "Our bakery opens a second shop on Main Street next Saturday"


def test_the_engine_in_use_is_sqlite_3_51_3_or_newer(tmp_path: Path) -> None:
    database = open_sqlite(tmp_path / "v.db")
    try:
        with database.connection_context():
            (version,) = database.execute_sql("SELECT sqlite_version()").fetchone()
    finally:
        database.close_all()

    assert tuple(int(p) for p in version.split(".")) >= (3, 51, 3)
    assert sqlite_version() >= (3, 51, 3)


def test_every_connection_has_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    database = open_sqlite(tmp_path / "p.db")
    seen: list[tuple[object, ...]] = []

    def read_pragmas() -> None:
        with database.connection_context():
            seen.append(
                tuple(
                    database.execute_sql(f"PRAGMA {name}").fetchone()[0]
                    for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
                )
            )

    threads = [threading.Thread(target=read_pragmas) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    database.close_all()

    assert seen == [("wal", 1, 5000, 1)] * 4


def test_opening_migrates_once_and_reopening_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    open_sqlite(path).close_all()
    database = open_sqlite(path)
    try:
        with database.connection_context():
            assert current_version(database) == LATEST_VERSION
            rows = database.execute_sql("SELECT COUNT(*) FROM schema_version").fetchone()[0]
    finally:
        database.close_all()

    assert rows == LATEST_VERSION


def test_a_database_from_a_newer_postmind_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    open_sqlite(path).close_all()
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO schema_version VALUES (?, 'from the future', '2030-01-01T00:00:00+00:00')",
            (LATEST_VERSION + 1,),
        )
    raw.close()

    with pytest.raises(StorageError, match="newer than this postmind"):
        open_sqlite(path)


def _write_megabytes(database: PooledCySqliteDatabase, megabytes: int) -> None:
    """Commit `megabytes` of chat history, one 64 KiB message per transaction."""
    with database.connection_context():
        database.execute_sql(
            "INSERT INTO users (id, created_at, last_active_at) VALUES (1, 'x', 'x')"
        )
        database.execute_sql(
            "INSERT INTO sessions (user_id, status, started_at) VALUES (1, 'active', 'x')"
        )
        for _ in range(megabytes * 16):
            with database.atomic():
                database.execute_sql(
                    "INSERT INTO chat_history (session_id, user_id, role, content, created_at)"
                    " VALUES (1, 1, 'user', ?, 'x')",
                    ("m" * 65_536,),
                )


def test_commits_leave_the_wal_to_the_background_checkpointer(tmp_path: Path) -> None:
    """No commit copies the WAL into the database (that stalled turns for 18 ms at p99 on
    100k users); the checkpointer's thread does, on its own connection."""
    path = tmp_path / "c.db"
    database = open_sqlite(path, background_checkpoints=True)
    try:
        with database.connection_context():
            assert database.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        _write_megabytes(database, 8)  # 2,000 pages: SQLite's default checkpoints at 1,000
        before = path.stat().st_size
        checkpointer = WalCheckpointer(path, interval=0.05).start()
        try:
            deadline = time.monotonic() + 10
            while path.stat().st_size < 8_000_000 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            checkpointer.stop()
        after = path.stat().st_size
    finally:
        database.close_all()

    assert before < 1_000_000  # everything was still in the WAL
    assert after > 8_000_000
    assert checkpointer.checkpoints >= 1


def test_the_container_checkpoints_sqlite_in_the_background(tmp_path: Path) -> None:
    path = tmp_path / "bg.db"
    container = Container(settings=Settings(database_url=f"sqlite:///{path}"))
    try:
        _write_megabytes(container.database(), 4)
        deadline = time.monotonic() + 10
        while path.stat().st_size < 4_000_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert path.stat().st_size > 4_000_000
    finally:
        container.shutdown_resources()


@pytest.fixture
def traced(tmp_path: Path) -> Iterator[tuple[Bus, list[str]]]:
    """A conversation on SQLite whose every SQL statement is recorded."""
    statements: list[str] = []
    container = Container(settings=Settings(database_url=f"sqlite:///{tmp_path / 't.db'}"))
    container.clock.override(providers.Object(FakeClock()))
    database = container.database()
    database.close_all()  # new connections pick up the trace hook
    database.trace(lambda event, sid, sql, ns: statements.append(sql))
    yield container.bus(), statements
    container.shutdown_resources()


def test_every_query_the_conversation_makes_uses_an_index(
    traced: tuple[Bus, list[str]], tmp_path: Path
) -> None:
    bus, statements = traced
    for user in (1, 2, 3):  # some rows, so that a missing index would have something to scan
        bus.handle(Hello(user))
        bus.handle(Text(user, BRIEF))
        bus.handle(Act(user, Action.SHORTER))
        bus.handle(Text(user, "too many emojis"))
        bus.handle(Act(user, Action.APPROVE))
        bus.handle(Rate(user, 4))
        bus.handle(Stats(user))
        bus.handle(Sessions(user))
        bus.handle(New(user, "Autumn menu"))

    lookups = {
        s for s in statements if s.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))
    }
    assert lookups, "the trace recorded nothing"
    with sqlite3.connect(tmp_path / "t.db") as raw:
        scans = {
            sql: detail
            for sql in lookups
            for *_, detail in raw.execute(f"EXPLAIN QUERY PLAN {sql}")
            if detail.startswith("SCAN") and "USING" not in detail
        }
    raw.close()
    assert scans == {}


def test_the_post_a_message_shows_is_found_through_its_index(tmp_path: Path) -> None:
    """A reply names a draft by its message (posts.by_message): one index lookup by user and
    message, however many drafts the user has."""
    database = open_sqlite(tmp_path / "m.db")
    statements: list[str] = []
    database.close_all()  # new connections pick up the trace hook
    database.trace(lambda event, sid, sql, ns: statements.append(sql))
    try:
        with PeeweeUnitOfWork(database) as uow:
            for user in (1, 2, 3):
                uow.users.add(a_user(user))
                session = uow.sessions.add(a_session(user))
                for version in (1, 2, 3):
                    uow.posts.add(a_post(session, version, shown_in=100 * user + version))
            uow.commit()
        statements.clear()
        with PeeweeUnitOfWork(database, read_only=True) as uow:
            found = uow.posts.by_message(2, 202)
    finally:
        database.close_all()

    assert found is not None and (found.user_id, found.version) == (2, 2)
    (lookup,) = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    with sqlite3.connect(tmp_path / "m.db") as raw:
        plan = [detail for *_, detail in raw.execute(f"EXPLAIN QUERY PLAN {lookup}")]
    raw.close()
    (step,) = plan  # one search, and no sorting afterwards for the newest
    assert step.endswith("USING INDEX posts_user_shown (user_id=? AND shown_in_message=?)"), step
