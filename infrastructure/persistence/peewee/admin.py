"""Looking after the SQLite file: verify, backup, restore, migrate.

Backups use VACUUM INTO: one read transaction, so the copy is a consistent snapshot of
every commit up to its start while the bot keeps writing (WAL lets readers and a writer
run together), and nothing restarts it however busy the writers are. Its progress is
the copy's size against the source's. Restores go through SQLite's backup API into the
live file, after checking the source, and keep the replaced database as a safety copy.
Every file made here (a backup, a safety copy, a database restored to a new path) is
created 0600 before anything is written into it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import cysqlite
from peewee import Database, PeeweeException
from playhouse.cysqlite_ext import CySqliteDatabase

from domain.errors import StorageError
from domain.maintenance import BackupReport, MigrateReport, RestoreReport, VerifyReport
from domain.ports import Progress, StorageAdmin
from infrastructure.persistence.peewee.database import (
    BUSY_TIMEOUT_MS,
    PRAGMAS,
    cannot_open,
    connected_postgres,
    create_private,
    engine_words,
    locate,
    warn_if_shared,
)
from infrastructure.persistence.peewee.migrations import (
    LATEST_VERSION,
    current_version,
    migrate,
    report,
)
from infrastructure.persistence.peewee.models import TABLES as COUNTED
from infrastructure.persistence.peewee.models import USER_DATA, Base

logger = logging.getLogger(__name__)

TABLES = tuple(model._meta.table_name for model in USER_DATA)  # what a backup must hold
ERRORS = (PeeweeException, cysqlite.SqliteError, OSError)


class SqliteAdmin(StorageAdmin):
    def __init__(self, path: Path) -> None:
        self._path = Path(path).expanduser()

    def exists(self) -> bool:
        """True, or NoDatabaseError naming the path and what is there instead."""
        locate(self._path, existing=True)
        return True

    def verify(self) -> VerifyReport:
        with _open(self._path, live=True) as db:
            return _verify(db)

    def scrub(self) -> None:
        """secure_delete (on for every connection) zeroes deleted content in the pages it
        writes; the WAL still holds the frames from before the delete until a checkpoint
        copies the new pages in and TRUNCATE empties it."""
        try:
            with _open(self._path, live=True) as db:
                busy = db.pragma("wal_checkpoint", "TRUNCATE")  # the first column: busy
        except StorageError as exc:  # the delete is committed: the scrub is best effort
            logger.warning("could not empty the WAL of %s: %s", self._path, exc)
            return
        if busy:
            logger.warning(
                "a reader kept the WAL of %s from being emptied; it is next time", self._path
            )

    def backup(self, destination: str, progress: Progress | None = None) -> BackupReport:
        target = _backup_target(Path(destination).expanduser())
        with _open(self._path, live=True) as db:
            total = _size(db)
            version = current_version(db)
            create_private(target)
            done = threading.Event()
            watcher = threading.Thread(
                target=_watch, args=(target, total, progress, done), daemon=True
            )
            watcher.start()
            try:  # SQL text: peewee has no VACUUM INTO
                db.execute_sql("VACUUM INTO ?", (str(target),))
            except ERRORS as exc:
                target.unlink(missing_ok=True)
                words = engine_words(exc)[0]
                raise StorageError(f"The backup to {target} failed: {words}.") from exc
            finally:
                done.set()
                watcher.join()
        with _open(target) as copy:
            report = _verify(copy)
        if report.integrity != "ok" or report.schema_version != version:
            raise StorageError(f"The backup at {target} did not verify: {report.problems}.")
        if progress:
            progress(total, total)
        return BackupReport(str(target), target.stat().st_size, version, report.row_counts)

    def restore(self, source: str) -> RestoreReport:
        origin = Path(source).expanduser()
        _check_backup(origin)
        new = not locate(self._path, existing=False).exists()
        safety = None if new else self._keep_aside()
        create_private(self._path, exist_ok=True)  # a new database is its owner's alone
        try:
            self._restore_from(origin)
        except StorageError:
            if new:  # leave nothing behind of a database that was never restored
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{self._path}{suffix}").unlink(missing_ok=True)
            raise
        migrated = self.migrate()
        report = self.verify()
        return RestoreReport(str(origin), safety, migrated.schema_version, report.row_counts)

    def _restore_from(self, origin: Path) -> None:
        try:
            with _open(origin) as backup, _open(self._path, live=True) as live:
                # Page by page into the live file: a running bot sees the restored data.
                backup.connection().backup(live.connection())
        except (StorageError, *ERRORS) as exc:
            logger.warning(
                "restoring into the live file failed (%s); replacing the file", engine_words(exc)[0]
            )
            self._replace_with(origin)

    def migrate(self) -> MigrateReport:
        with _open(self._path, live=True) as db:
            try:
                return report(migrate(db), db)
            except RuntimeError as exc:
                raise StorageError(str(exc)) from exc

    def _keep_aside(self) -> str:
        """A copy of the database about to be replaced: a checked backup when it is readable,
        the raw file when it is damaged (which is when people restore)."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        aside = self._path.with_name(f"{self._path.name}.before-restore-{stamp}")
        try:
            return self.backup(str(aside)).path
        except StorageError:
            logger.warning("the database is damaged; keeping a raw copy at %s", aside)
            aside.unlink(missing_ok=True)
            for suffix in ("", "-wal"):
                source = Path(f"{self._path}{suffix}")
                if source.exists():
                    create_private(Path(f"{aside}{suffix}"), exist_ok=True)
                    shutil.copyfile(source, f"{aside}{suffix}")  # keeps the new file's mode
            return str(aside)

    def _replace_with(self, origin: Path) -> None:
        """Write the backup to a new file beside the database, then swap it in. The file
        takes the replaced one's mode, as a restore page by page into it would leave it."""
        fresh = self._path.with_name(f".{self._path.name}.restoring")
        fresh.unlink(missing_ok=True)
        try:
            create_private(fresh)
            with _open(origin) as backup:
                backup.connection().backup_to_file(str(fresh))
            if self._path.is_file():
                os.chmod(fresh, self._path.stat().st_mode & 0o777)
            for suffix in ("-wal", "-shm"):
                Path(f"{self._path}{suffix}").unlink(missing_ok=True)
            os.replace(fresh, self._path)
        except (StorageError, *ERRORS) as exc:
            fresh.unlink(missing_ok=True)
            words = engine_words(exc)[0]
            raise StorageError(f"The restore failed; the database is unchanged: {words}.") from exc


@contextlib.contextmanager
def _open(path: Path, *, live: bool = False) -> Iterator[CySqliteDatabase]:
    """The live database with the bot's pragmas; a backup file as it is (no WAL files)."""
    pragmas = PRAGMAS if live else ()
    db = CySqliteDatabase(str(path), pragmas=pragmas, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        db.connect()
    except ERRORS as exc:
        raise cannot_open(path, exc) from exc
    if live:
        warn_if_shared(path)
    try:
        yield db
    except ERRORS as exc:
        words = engine_words(exc)[0]
        raise StorageError(f"The database {path} cannot be used: {words}.") from exc
    finally:
        if not db.is_closed():
            db.close()


def _check_backup(origin: Path) -> None:
    """Refuse anything but an intact postmind backup of a schema this version knows."""
    if origin.is_dir():
        raise StorageError(f"{origin} is a directory, not a backup file.")
    if not origin.is_file():
        raise StorageError(f"There is no backup at {origin}: no such file.")
    try:
        with _open(origin) as backup:
            checked = _verify(backup)
            tables = all(backup.table_exists(t) for t in ("schema_version", *TABLES))
    except StorageError as exc:
        words = engine_words(exc.__cause__ or exc)[0]
        raise StorageError(f"{origin} is not a postmind backup ({words}).") from exc
    if not tables:
        raise StorageError(f"{origin} is not a postmind backup.")
    if checked.integrity != "ok" or checked.schema_version > LATEST_VERSION:
        raise StorageError(f"{origin} cannot be restored: {'; '.join(checked.problems)}.")


def _verify(db: CySqliteDatabase) -> VerifyReport:
    """What is wrong, as a report: a damaged file makes the checks themselves fail."""
    try:  # SQL text: both checks answer in many rows, peewee's pragma() reads one
        rows = db.execute_sql("PRAGMA integrity_check").fetchall()
        integrity = "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:5])
        problems = len(db.execute_sql("PRAGMA foreign_key_check").fetchall())
        version = current_version(db)
    except ERRORS as exc:
        return VerifyReport(f"the file is damaged: {engine_words(exc)[0]}", 0, -1, LATEST_VERSION)
    return VerifyReport(integrity, problems, version, LATEST_VERSION, _counts(db))


def _counts(db: Database) -> dict[str, int]:
    """The rows of every table there is and can be counted."""
    return {model._meta.table_name: n for model in COUNTED if (n := _count(db, model)) is not None}


def _count(db: Database, model: type[Base]) -> int | None:
    try:
        return int(model.select().count(db))
    except ERRORS:
        return None  # missing, or too damaged to count


def _size(db: CySqliteDatabase) -> int:
    return int(db.pragma("page_count")) * int(db.page_size)


def _backup_target(destination: Path) -> Path:
    if destination.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        destination = destination / f"postmind-{stamp}.db"
    if destination.exists():
        raise StorageError(f"{destination} already exists: choose a new name.")
    if not destination.parent.is_dir():
        raise StorageError(f"The directory {destination.parent} does not exist.")
    return destination


def _watch(path: Path, total: int, progress: Progress | None, done: threading.Event) -> None:
    while progress and not done.wait(0.1):
        with contextlib.suppress(OSError):
            progress(min(path.stat().st_size, total), total)


class PostgresAdmin(StorageAdmin):
    """PostgreSQL checks its own pages and foreign keys; backups are pg_dump's job. Each
    command connects on its own, so `migrate` finds the schema as it was, and says what it
    changed."""

    def __init__(self, url: str) -> None:
        self._url = url

    def exists(self) -> bool:
        with connected_postgres(self._url):
            return True  # or StorageError, saying why not

    def verify(self) -> VerifyReport:
        with connected_postgres(self._url) as db:
            try:
                counts = _counts(db)
                version = current_version(db)
            except ERRORS as exc:
                raise StorageError(f"The PostgreSQL database cannot be read: {exc}.") from exc
        return VerifyReport("ok", 0, version, LATEST_VERSION, counts)

    def backup(self, destination: str, progress: Progress | None = None) -> BackupReport:
        raise StorageError("For PostgreSQL, back up with pg_dump (e.g. pg_dump -Fc DB > FILE).")

    def restore(self, source: str) -> RestoreReport:
        raise StorageError("For PostgreSQL, restore with pg_restore (e.g. pg_restore -d DB FILE).")

    def migrate(self) -> MigrateReport:
        with connected_postgres(self._url) as db:
            try:
                return report(migrate(db), db)
            except (RuntimeError, *ERRORS) as exc:
                raise StorageError(f"The migration failed; nothing of it was kept: {exc}") from exc

    def scrub(self) -> None:
        """Dead rows stay in PostgreSQL's pages until autovacuum reuses them: not scrubbed
        here (VACUUM FULL would lock every table)."""
