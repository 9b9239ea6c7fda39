"""Opening the SQLite database: engine, pragmas, pool and migrations.

Decisions, each from a measurement on the target machines:
- Engine: cysqlite (peewee 4's playhouse driver) bundles a current SQLite. The stdlib
  sqlite3 there links 3.40.1, which has the WAL-reset corruption bug fixed in 3.51.3
  (two connections writing or checkpointing at once: the bot plus the admin CLI).
  Opening refuses an older engine.
- WAL, foreign keys on, busy timeout 5 s, synchronous=NORMAL: a commit survives the
  process being killed at any moment (write-through); only an OS crash or power loss
  can lose the last commits.
- Writing units of work start with BEGIN IMMEDIATE: with deferred transactions, threads
  doing read-then-write lost 11-15% of their transactions to 'database is locked'
  (WAL skips the busy handler on a read-to-write upgrade); IMMEDIATE lost none.
- Threads: peewee keeps one connection per thread; the pool hands a thread a connection
  for one unit of work and takes it back after, so the asyncio bot can run storage calls
  on worker threads (`asyncio.to_thread`) without sharing a connection between threads.
- Files: every file postmind creates is its owner's alone (0600); SQLite gives a database's
  -wal and -shm files the database's own mode whatever the umask, so they follow. A
  database other users can open is said once per process (a warning naming the fix), never
  changed behind its owner's back.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shlex
import threading
from collections.abc import Iterator
from pathlib import Path

import cysqlite
from peewee import PeeweeException, PostgresqlDatabase
from playhouse.cysqlite_ext import PooledCySqliteDatabase
from playhouse.db_url import parse as parse_url
from playhouse.pool import PooledPostgresqlDatabase

from domain.errors import NoDatabaseError, NotADatabaseError, StorageError
from infrastructure.persistence.peewee.migrations import migrate

logger = logging.getLogger(__name__)

MIN_SQLITE_VERSION = (3, 51, 3)
BUSY_TIMEOUT_MS = 5000
PRAGMAS = (
    ("busy_timeout", BUSY_TIMEOUT_MS),  # first, so the pragmas after it wait for locks too
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("synchronous", "normal"),
    ("secure_delete", 1),  # deleted content is zeroed, not left in free space (forget)
)


def create_private(path: Path, *, exist_ok: bool = False) -> None:
    """Create `path` empty, readable and writable by its owner only (0600). SQLite gives a
    database's -wal and -shm files the mode of the database, so they are private too."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if not exist_ok:
            raise StorageError(f"{path} already exists.") from None
    except OSError as exc:
        raise StorageError(f"Cannot write {path}: {exc.strerror}.") from exc


def locate(path: Path, *, existing: bool) -> Path:
    """`path` once it can hold a database file: NoDatabaseError for a directory there, or
    (`existing`) for nothing there; StorageError for a directory that is missing."""
    if path.is_dir():
        raise NoDatabaseError(str(path), directory=True)
    if existing and not path.is_file():
        raise NoDatabaseError(str(path))
    if not path.parent.is_dir():
        raise StorageError(
            f"Cannot open the database {path}: the directory {path.parent} does not exist."
        )
    return path


SQLITE_NOTADB = 26  # SQLite's result code for "file is not a database"
_ENGINE_TEXT = re.compile(
    r"^(?:error [a-z ]+: )?(?:\[.*\] )?(?P<words>.*?)(?: \(code=(?P<code>\d+), ext=\d+\))?\.*$",
    re.DOTALL,
)


def engine_words(exc: BaseException) -> tuple[str, int | None]:
    """SQLite's own words and result code, without the driver's wrapping and the statement:
    ('file is not a database', 26) from 'error compiling statement: [PRAGMA journal_mode =
    wal] file is not a database (code=26, ext=26)'."""
    found = _ENGINE_TEXT.match(str(exc).strip())
    if found is None:  # the pattern matches any text; kept for the type checker
        return str(exc), None
    code = found.group("code")
    return found.group("words"), int(code) if code else None


def cannot_open(path: Path, exc: BaseException) -> StorageError:
    """Why the file at `path` could not be opened, in SQLite's words and no statement."""
    words, code = engine_words(exc)
    if code == SQLITE_NOTADB:
        return NotADatabaseError(str(path), words)
    return StorageError(f"Cannot open the database {path}: {words}.")


_warned: set[Path] = set()
_warned_lock = threading.Lock()


def warn_if_shared(path: Path) -> None:
    """A warning, once per process and file, when other users can open the database (a
    pool opens many connections; only the first open warns). Its -wal and -shm take its
    mode when SQLite creates them, so the database's own mode is the one to fix."""
    mode = _mode(path)
    if not mode & 0o077:
        return
    with _warned_lock:
        if path.absolute() in _warned:
            return
        _warned.add(path.absolute())
    logger.warning(
        "the database file %s is open to other users (mode %04o): make it private with"
        " chmod 600 %s",
        path,
        mode,
        shlex.quote(str(path)),
    )


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:  # not there (no -wal yet), or gone meanwhile
        return 0


def sqlite_version() -> tuple[int, int, int]:
    """The version of the SQLite library the engine runs (not the stdlib's)."""
    major, minor, patch = cysqlite.sqlite_version_info[:3]
    return (major, minor, patch)


def open_sqlite(
    path: Path | str, *, run_migrations: bool = True, background_checkpoints: bool = False
) -> PooledCySqliteDatabase:
    """Open (creating if needed) and migrate the database file at `path`.

    With `background_checkpoints`, commits never checkpoint the WAL: the caller runs a
    WalCheckpointer (checkpoints.py) for as long as the database is open.

    Raises NoDatabaseError for a directory at `path`, NotADatabaseError for a file that is
    not a database, and StorageError with a sentence a user can act on for a missing
    directory or an SQLite engine that is too old.
    """
    if sqlite_version() < MIN_SQLITE_VERSION:
        found = ".".join(map(str, sqlite_version()))
        raise StorageError(f"SQLite {found} is too old: postmind needs 3.51.3 or newer.")
    path = locate(Path(path).expanduser(), existing=False)
    create_private(path, exist_ok=True)  # a new database is its owner's alone
    database = PooledCySqliteDatabase(
        str(path),
        pragmas=(*PRAGMAS, *([("wal_autocheckpoint", 0)] if background_checkpoints else [])),
        max_connections=64,
        stale_timeout=600,
        timeout=BUSY_TIMEOUT_MS / 1000,  # the pool's wait for a free connection
        returning_clause=True,  # new rows' ids from INSERT ... RETURNING, as on PostgreSQL
    )
    try:
        with database.connection_context():
            if run_migrations:
                applied = migrate(database)
                if applied:
                    logger.info("database %s migrated to version %d", path, applied[-1])
    except (PeeweeException, cysqlite.SqliteError, RuntimeError) as exc:
        database.close_all()
        raise cannot_open(path, exc) from exc
    warn_if_shared(path)
    return database


def open_postgres(url: str) -> PooledPostgresqlDatabase:
    """Connect to (and migrate) the PostgreSQL database at `url`.

    Query parameters go to the driver, e.g. `?options=-csearch_path%3Dmy_schema`.
    """
    parsed = parse_url(url)
    database = PooledPostgresqlDatabase(
        parsed.pop("database"), max_connections=32, stale_timeout=600, **parsed
    )
    try:
        with database.connection_context():
            migrate(database)
    except PeeweeException as exc:
        database.close_all()
        raise unavailable(url, exc) from exc
    return database


@contextlib.contextmanager
def connected_postgres(url: str) -> Iterator[PostgresqlDatabase]:
    """One plain connection to the PostgreSQL database at `url`, as it is (not migrated):
    for the admin commands and the copy."""
    parsed = parse_url(url)
    database = PostgresqlDatabase(parsed.pop("database"), **parsed)
    try:
        database.connect()
    except PeeweeException as exc:
        raise unavailable(url, exc) from exc
    try:
        yield database
    finally:
        database.close()


def unavailable(url: str, exc: Exception) -> StorageError:
    parsed = parse_url(url)
    where = f"{parsed.get('host', 'localhost')}:{parsed.get('port', 5432)}"
    return StorageError(f"Cannot open the PostgreSQL database at {where}: {exc}".strip())
