"""Copying a whole database between SQLite and PostgreSQL (either way), row for row.

Both ends are opened as plain peewee databases, the target is migrated first and must be
empty, rows go
in id order table by table (parents before children), PostgreSQL's id sequences are moved
past the copied ids, and the counts of every table are compared at the end.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from peewee import Database, PeeweeException, PostgresqlDatabase
from playhouse.cysqlite_ext import CySqliteDatabase
from playhouse.db_url import parse as parse_url

from domain.errors import StorageError
from domain.maintenance import CopyReport
from domain.ports import DatabaseCopier, Progress
from infrastructure.persistence.peewee.admin import ALL_TABLES
from infrastructure.persistence.peewee.database import BUSY_TIMEOUT_MS, PRAGMAS, create_private
from infrastructure.persistence.peewee.migrations import LATEST_VERSION, current_version, migrate
from infrastructure.persistence.url import DatabaseUrl, parse_database_url

BATCH = 500
SERIAL_TABLES = frozenset(ALL_TABLES) - {"users", "calibrations"}  # ids drawn from a sequence


class PeeweeCopier(DatabaseCopier):
    def copy(self, source: str, target: str, progress: Progress | None = None) -> CopyReport:
        src_url, dst_url = parse_database_url(source), parse_database_url(target)
        if src_url.kind == "sqlite" and not (src_url.path and src_url.path.is_file()):
            raise StorageError(f"There is no database at {src_url.path}.")
        with _opened(src_url) as src, _opened(dst_url) as dst:
            try:
                if current_version(src) != LATEST_VERSION:
                    raise StorageError(
                        "The source is not at the latest schema: run postmind migrate on it first."
                    )
                migrate(dst)
                if _rows(dst, "users"):
                    raise StorageError(
                        "The target already holds data: copy into an empty database."
                    )
                counts = {table: _rows(src, table) for table in ALL_TABLES}
                total, done = sum(counts.values()), 0
                with dst.atomic():
                    for table in ALL_TABLES:
                        done = _copy_table(src, dst, table, done, total, progress)
                        if isinstance(dst, PostgresqlDatabase) and table in SERIAL_TABLES:
                            dst.execute_sql(
                                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                                f" COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"
                            )
                copied = {table: _rows(dst, table) for table in ALL_TABLES}
            except PeeweeException as exc:
                raise StorageError(f"The copy failed; the target is unchanged: {exc}.") from exc
        if copied != counts:
            raise StorageError(f"The copy does not match its source: {counts} != {copied}.")
        return CopyReport(_describe(src_url), _describe(dst_url), copied)


def _copy_table(
    src: Database, dst: Database, table: str, done: int, total: int, progress: Progress | None
) -> int:
    cursor = src.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1, 2')
    columns = [d[0] for d in cursor.description]
    marks = ", ".join([dst.param] * len(columns))
    insert = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})'
    while rows := cursor.fetchmany(BATCH):
        for row in rows:
            dst.execute_sql(insert, tuple(row))
        done += len(rows)
        if progress:
            progress(done, total)
    return done


def _rows(db: Database, table: str) -> int:
    return int(db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])


@contextlib.contextmanager
def _opened(url: DatabaseUrl) -> Iterator[Database]:
    if url.kind == "postgres":
        assert url.url is not None
        parsed = parse_url(url.url)
        db: Database = PostgresqlDatabase(parsed.pop("database"), **parsed)
    elif url.kind == "sqlite":
        assert url.path is not None
        create_private(url.path, exist_ok=True)
        db = CySqliteDatabase(str(url.path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        raise StorageError(
            "memory:// cannot be copied from or to: use sqlite:/// or postgresql://."
        )
    try:
        db.connect()
    except PeeweeException as exc:
        raise StorageError(f"Cannot open {_describe(url)}: {exc}".strip()) from exc
    try:
        yield db
    finally:
        db.close()


def _describe(url: DatabaseUrl) -> str:
    if url.kind == "sqlite":
        return f"sqlite:///{url.path}"
    parsed = parse_url(url.url or "")
    host, port = parsed.get("host", "localhost"), parsed.get("port", 5432)
    return f"postgresql://{host}:{port}/{parsed.get('database')}"
