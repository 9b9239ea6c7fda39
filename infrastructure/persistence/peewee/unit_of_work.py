"""The peewee unit of work: one transaction on a pooled connection, with the write lock of its
kind of database (SQLite's BEGIN IMMEDIATE; PostgreSQL's advisory locks, see locks.py)."""

from __future__ import annotations

import contextlib
import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import Self

from peewee import Database, IntegrityError, SqliteDatabase

from domain.errors import DuplicateRequestError, StorageError
from domain.ports import UnitOfWork
from infrastructure.persistence.peewee.locks import lock_everyone, lock_user
from infrastructure.persistence.peewee.models import RequestReceipt
from infrastructure.persistence.peewee.prepared import Prepared, slot
from infrastructure.persistence.peewee.repositories import (
    DATABASE_ERRORS,
    PeeweeCalibrationRepository,
    PeeweeFeedbackRepository,
    PeeweeMessageRepository,
    PeeweePostRepository,
    PeeweePreferenceRepository,
    PeeweeSessionRepository,
    PeeweeUserRepository,
    reason,
)

logger = logging.getLogger(__name__)

_RECEIPT = Prepared(
    lambda: RequestReceipt.insert(
        key=slot("key", RequestReceipt.key),
        recorded_at=slot("recorded_at", RequestReceipt.recorded_at),
    ).as_rowcount()
)
_STALE_RECEIPTS = Prepared(
    lambda: RequestReceipt.delete().where(
        RequestReceipt.recorded_at < slot("before", RequestReceipt.recorded_at)
    )
)

RECEIPTS_KEPT = timedelta(days=2)  # Telegram re-sends an unconfirmed update for 24 hours
_WRITER_LOCKS: dict[int, threading.Lock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def _writer_lock(database: Database) -> threading.Lock:
    """One in-process lock per database object, for its writing units of work."""
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(id(database), threading.Lock())


class PeeweeUnitOfWork(UnitOfWork):
    """Takes the write lock on entry (see database.py for why), releases it on exit.

    After `commit()` (or a failed one that the database rolled back) the block continues in
    a plain deferred transaction, so work done after a commit is kept only by another
    commit, as with every unit of work.
    """

    def __init__(
        self,
        database: Database,
        *,
        read_only: bool = False,
        idempotency_key: str | None = None,
        user_id: int | None = None,
    ) -> None:
        self._db = database
        self._read_only = read_only
        self._key = idempotency_key  # recorded by the first commit (see domain.ports)
        self._user_id = user_id  # whose rows it changes; None: anyone's
        self._holds_lock = False
        self.users = PeeweeUserRepository(database)
        self.sessions = PeeweeSessionRepository(database)
        self.messages = PeeweeMessageRepository(database)
        self.posts = PeeweePostRepository(database)
        self.preferences = PeeweePreferenceRepository(database)
        self.feedback = PeeweeFeedbackRepository(database)
        self.calibrations = PeeweeCalibrationRepository(database, locking=not read_only)
        self._repositories = (
            self.users, self.sessions, self.messages, self.posts,
            self.preferences, self.feedback, self.calibrations,
        )  # fmt: skip

    def __enter__(self) -> Self:
        try:
            self._db.connect(reuse_if_open=True)
            if self._read_only:
                self._db.begin()  # a snapshot for reading: WAL and MVCC need no lock for it
            elif isinstance(self._db, SqliteDatabase):
                # Threads of this process queue here, in turn, rather than in SQLite's
                # busy handler, which sleeps and retries unfairly: under 50 busy chats
                # some waited past the busy timeout and failed with "database is locked".
                _writer_lock(self._db).acquire()
                self._holds_lock = True
                self._db.begin("IMMEDIATE")
            else:
                # One writer at a time for each user, across every process: read-modify-write
                # of their counters and preferences cannot lose an update, while other users'
                # writers go on. Without a user, one writer at a time (see locks.py).
                self._db.begin()
                if self._user_id is None:
                    lock_everyone(self._db)
                else:
                    lock_user(self._db, self._user_id)
        except DATABASE_ERRORS as exc:
            self._release()
            self._unlock()
            raise StorageError(f"The database is not available: {reason(exc)}.") from exc
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._in_transaction():  # a failed COMMIT has already rolled back
                self._db.rollback()
        except DATABASE_ERRORS:
            logger.warning("rollback failed; the connection is discarded", exc_info=True)
            self._discard()
        finally:
            self._release()
            self._unlock()

    def _in_transaction(self) -> bool:
        if self._db.is_closed():
            return False
        return bool(getattr(self._db.connection(), "in_transaction", True))  # psycopg2: assume

    def _discard(self) -> None:
        """Close the connection for good rather than return it to the pool mid-transaction."""
        with contextlib.suppress(*DATABASE_ERRORS):
            self._db.manual_close()  # type: ignore[attr-defined]

    def commit(self) -> None:
        if self._read_only:
            raise StorageError("A read-only unit of work cannot commit.")
        try:
            if self._key is not None:
                self._record(self._key)
            self._db.commit()
        except DATABASE_ERRORS as exc:
            self._clear_tracking()
            if not self._in_transaction():  # SQLite rolled back: go on in a new one
                self._continue()
            raise StorageError(
                f"The database could not save the change ({reason(exc)}); nothing of it was kept."
            ) from exc
        except (DuplicateRequestError, StorageError):
            self._clear_tracking()  # the caller rolls back: the rows stay as they were
            raise
        self._key = None  # recorded: later commits of this unit of work go on with the request
        self._continue()

    def _record(self, key: str) -> None:
        """Record the request's key in this transaction; forget keys too old to come back."""
        now = datetime.now(UTC)
        try:
            _RECEIPT.execute(self._db, key=key, recorded_at=now)
            _STALE_RECEIPTS.execute(self._db, before=now - RECEIPTS_KEPT)
        except IntegrityError as exc:
            raise DuplicateRequestError(key) from exc
        except DATABASE_ERRORS as exc:
            raise StorageError(f"The database failed: {reason(exc)}.") from exc

    def _clear_tracking(self) -> None:
        """The rows are as before the transaction again, not as this unit of work left them."""
        for repository in self._repositories:
            repository.clear_tracking()

    def rollback(self) -> None:
        self._clear_tracking()
        try:
            self._db.rollback()
        except DATABASE_ERRORS as exc:
            raise StorageError(f"The database could not undo the change: {reason(exc)}.") from exc
        self._continue()

    def _continue(self) -> None:
        """Open the transaction that work after a commit or rollback runs in. The change
        before is settled either way: a failure here is logged, not reported as a failed
        save, and the next statement on a broken connection fails on its own."""
        try:
            self._db.begin()
        except DATABASE_ERRORS:
            logger.warning("could not begin after commit or rollback", exc_info=True)

    def _unlock(self) -> None:
        if self._holds_lock:
            self._holds_lock = False
            _writer_lock(self._db).release()

    def _release(self) -> None:
        if not self._db.is_closed():
            self._db.close()
