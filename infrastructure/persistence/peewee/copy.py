"""Copying a whole database between SQLite and PostgreSQL (either way), row for row.

Both ends are opened as plain peewee databases, the target is migrated first and must be
empty, rows go in key order table by table (parents before children), 500 to an INSERT,
as stored (no field conversions on the way), the target draws new ids past every id the
source handed out (SQLite's sqlite_sequence, PostgreSQL's sequences), and the counts of
every table are compared at the end. A new SQLite target is created 0600, like every file
postmind makes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from peewee import Database, PeeweeException, PostgresqlDatabase, Select, Table, fn
from playhouse.cysqlite_ext import CySqliteDatabase
from playhouse.db_url import parse as parse_url

from domain.errors import NoDatabaseError, StorageError
from domain.maintenance import CopyReport
from domain.ports import DatabaseCopier, Progress
from infrastructure.persistence.peewee.database import (
    BUSY_TIMEOUT_MS,
    PRAGMAS,
    cannot_open,
    connected_postgres,
    create_private,
    locate,
    warn_if_shared,
)
from infrastructure.persistence.peewee.migrations import LATEST_VERSION, current_version, migrate
from infrastructure.persistence.peewee.models import TABLES, Base, SerialField, User
from infrastructure.persistence.url import DatabaseUrl, parse_database_url

BATCH = 500


class PeeweeCopier(DatabaseCopier):
    def copy(self, source: str, target: str, progress: Progress | None = None) -> CopyReport:
        src_url, dst_url = parse_database_url(source), parse_database_url(target)
        with _opened(src_url, existing=True) as src, _opened(dst_url) as dst:
            try:
                if current_version(src) != LATEST_VERSION:
                    raise StorageError(
                        "The source is not at the latest schema: run postmind migrate on it first."
                    )
                migrate(dst)
                if User.select().count(dst):
                    raise StorageError(
                        "The target already holds data: copy into an empty database."
                    )
                counts = {_name(model): model.select().count(src) for model in TABLES}
                total, done = sum(counts.values()), 0
                with dst.atomic():
                    for model in TABLES:
                        done = _copy_table(src, dst, model, done, total, progress)
                        if isinstance(model._meta.primary_key, SerialField):
                            _carry_ids(dst, model, _drawn(src, model))
                copied = {_name(model): model.select().count(dst) for model in TABLES}
            except PeeweeException as exc:
                raise StorageError(f"The copy failed; no row was copied: {exc}.") from exc
        if copied != counts:
            raise StorageError(f"The copy does not match its source: {counts} != {copied}.")
        return CopyReport(_describe(src_url), _describe(dst_url), copied)


def _name(model: type[Base]) -> str:
    return str(model._meta.table_name)


def _stored(model: type[Base]) -> Table:
    """The model's table without its fields' conversions: values go across as stored."""
    return Table(_name(model), [field.column_name for field in model._meta.sorted_fields])


def _copy_table(
    src: Database,
    dst: Database,
    model: type[Base],
    done: int,
    total: int,
    progress: Progress | None,
) -> int:
    table = _stored(model)
    columns = [getattr(table, field.column_name) for field in model._meta.sorted_fields]
    keys = [getattr(table, field.column_name) for field in model._meta.get_primary_keys()]
    cursor = src.execute(table.select(*columns).order_by(*keys))
    while rows := cursor.fetchmany(BATCH):
        table.insert(rows, columns=columns).as_rowcount().execute(dst)
        done += len(rows)
        if progress:
            progress(done, total)
    return done


def _drawn(db: Database, model: type[Base]) -> int:
    """The highest id `db` has handed out for `model`, rows deleted since included."""
    name = _name(model)
    if isinstance(db, PostgresqlDatabase):
        sequence = fn.pg_get_serial_sequence(name, "id").cast("regclass")
        row = db.execute(Select(columns=[fn.pg_sequence_last_value(sequence)])).fetchone()
    else:
        sequences = Table("sqlite_sequence")  # where AUTOINCREMENT keeps it
        query = sequences.select(sequences.c.seq).where(sequences.c.name == name)
        row = db.execute(query).fetchone()
    return int(row[0] or 0) if row else 0


def _carry_ids(db: Database, model: type[Base], drawn: int) -> None:
    """Go on drawing ids past the copied rows and past every id the source handed out, so
    the id of a deleted row (a forgotten user's post, in an old button) never comes back."""
    name, table = _name(model), Table(_name(model))
    highest = max(int(db.execute(table.select(fn.MAX(table.c.id))).fetchone()[0] or 0), drawn)
    if isinstance(db, PostgresqlDatabase):
        sequence = fn.pg_get_serial_sequence(name, "id")
        db.execute(Select(columns=[fn.setval(sequence, max(highest, 1), highest > 0)]))
        return
    sequences = Table("sqlite_sequence")
    found = sequences.update({sequences.c.seq: highest}).where(sequences.c.name == name)
    if not found.execute(db):
        sequences.insert({sequences.c.name: name, sequences.c.seq: highest}).execute(db)


@contextlib.contextmanager
def _opened(url: DatabaseUrl, *, existing: bool = False) -> Iterator[Database]:
    """The database at `url`; a SQLite file is created (0600) unless it must be `existing`."""
    if url.kind == "postgres":
        assert url.url is not None
        with connected_postgres(url.url) as db:
            yield db
        return
    if url.kind != "sqlite":
        raise StorageError(
            "memory:// cannot be copied from or to: use sqlite:/// or postgresql://."
        )
    assert url.path is not None
    try:  # a copy names its databases by URL, not as the one database: said as it is
        locate(url.path, existing=existing)
    except NoDatabaseError as exc:
        raise StorageError(str(exc)) from exc
    create_private(url.path, exist_ok=True)
    db = CySqliteDatabase(str(url.path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db.connect()
    except PeeweeException as exc:
        raise cannot_open(url.path, exc) from exc
    warn_if_shared(url.path)
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
