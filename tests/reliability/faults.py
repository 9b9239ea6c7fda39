"""Fault injection for storage: the real pooled SQLite database, with one fault armed.

`FaultyDatabase` counts what reaches SQLite (every statement, BEGIN and COMMIT) and makes the
k-th one fail with SQLite's "disk I/O error" instead of running it, or end the process on
the spot (`os._exit`, as a power cut would leave it). Everything before and after is the
real adapter on a real file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from dependency_injector import providers
from peewee import OperationalError
from playhouse.cysqlite_ext import PooledCySqliteDatabase

from application.bus import Bus
from infrastructure.config import Settings
from infrastructure.container import Container
from infrastructure.persistence.peewee.admin import TABLES
from infrastructure.persistence.peewee.database import BUSY_TIMEOUT_MS, PRAGMAS, open_sqlite
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork
from tests.fakes import FakeClock

State = dict[str, list[tuple[Any, ...]]]


@dataclass
class Fault:
    at: int | None = None  # the statement that fails, counted from arming; None: no fault
    exit: bool = False  # end the process instead of raising
    seen: int = 0
    commits: list[Callable[[], None]] = field(default_factory=list)  # run after each commit

    roll_back: bool = False  # a failing COMMIT rolls the transaction back first

    def arm(self, at: int | None, *, exit: bool = False, roll_back: bool = False) -> None:
        self.at, self.exit, self.seen, self.roll_back = at, exit, 0, roll_back

    def step(self) -> None:
        if self.at is None:
            return
        self.seen += 1
        if self.seen == self.at:
            if self.exit:
                os._exit(3)
            raise OperationalError("disk I/O error")


class FaultyDatabase(PooledCySqliteDatabase):
    fault: Fault

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        self.fault.step()
        return super().execute_sql(sql, params)

    def begin(self, lock_type: str | None = None) -> None:
        self.fault.step()
        super().begin(lock_type)

    def commit(self) -> None:
        try:
            self.fault.step()
        except OperationalError:
            if self.fault.roll_back:  # as SQLite does when COMMIT meets an I/O error
                super().rollback()
            raise
        super().commit()
        for hook in self.fault.commits:
            hook()


def faulty(path: Path, fault: Fault) -> FaultyDatabase:
    open_sqlite(path).close_all()  # create and migrate it the usual way
    database = FaultyDatabase(str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000)
    database.fault = fault
    return database


def conversation_on(database: PooledCySqliteDatabase) -> tuple[Container, Bus]:
    """The real container and use cases on `database`, with a clock that repeats itself."""
    settings = Settings(  # type: ignore[call-arg]
        database_url="memory://", generator="offline", POSTMIND_DRAFTS_PER_HOUR=0
    )
    container = Container(settings=settings)
    container.clock.override(providers.Object(FakeClock()))
    container.uow_factory.override(providers.Object(partial(PeeweeUnitOfWork, database)))
    return container, container.bus()


def state(path: Path) -> State:
    """Every row of every table, in id order: what the database holds."""
    database = PooledCySqliteDatabase(str(path), pragmas=PRAGMAS)
    try:
        with database.connection_context():
            return {
                table: [tuple(r) for r in database.execute_sql(f"SELECT * FROM {table} ORDER BY 1")]
                for table in TABLES
            }
    finally:
        database.close_all()


def clean(path: Path) -> bool:
    database = PooledCySqliteDatabase(str(path), pragmas=PRAGMAS)
    try:
        with database.connection_context():
            ok = database.execute_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
            return ok and not database.execute_sql("PRAGMA foreign_key_check").fetchall()
    finally:
        database.close_all()


def copy_database(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
