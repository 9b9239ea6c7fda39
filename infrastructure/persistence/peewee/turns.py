"""Chat turns on PostgreSQL: the table `chat_turns` and advisory locks, shared by every bot
process (webhook workers behind a load balancer) that serves one bot.

Each process records the updates it receives (`arrive`), starts one only when the chat's
earlier ones are handled and none of its others is in hand (`start`), and marks it handled
(`finish`). The checks of one chat run under its transaction-scoped advisory lock, so two
processes never both decide that it is their update's turn.

Which processes are running is PostgreSQL's to say, not a timeout's: each holds a
session-scoped advisory lock (WORKER_LOCKS, its number) on its own connection for as long as
it runs. A process killed with SIGKILL loses the connection and with it the lock, at once;
its unfinished updates then hold up nobody, and one of them delivered again is taken over by
the process that gets it. Receipts (unit_of_work.py) still make sure nothing is stored twice.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import select
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from peewee import (
    BigIntegerField,
    BooleanField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    Select,
    TextField,
    fn,
)
from playhouse.db_url import parse as parse_url

from domain.ports import ChatTurns, Handling
from infrastructure.persistence.peewee.database import unavailable
from infrastructure.persistence.peewee.locks import CHAT_LOCKS, WORKER_LOCKS, folded, take
from infrastructure.persistence.peewee.models import ChatTurn
from infrastructure.persistence.peewee.prepared import Prepared, slot

logger = logging.getLogger(__name__)

CHANNEL = "postmind_turns"  # NOTIFY channel: a chat's update finished (payload: the chat id)
KEPT = timedelta(days=1)  # a turn is forgotten after this long (receipts are kept two days)
PRUNE_EVERY = 1000  # finished updates between two prunes of old turns


class _Lock(Model):
    """A lock as PostgreSQL's view pg_locks shows it (advisory ones: classid and objid are
    the two keys, objsubid 2)."""

    locktype = TextField()
    classid = BigIntegerField()
    objid = BigIntegerField()
    objsubid = IntegerField()
    granted = BooleanField()

    class Meta:
        table_name = "pg_locks"
        primary_key = False


# The statements of every update, built by peewee once (prepared.py) and run with its values.
_T = ChatTurn
_ARRIVE = Prepared(
    lambda: (
        _T.insert(
            update_id=slot("update", _T.update_id),
            chat_id=slot("chat", _T.chat_id),
            worker=slot("worker", _T.worker),
            arrived_at=slot("at", _T.arrived_at),
        )
        .on_conflict_ignore()
        .as_rowcount()
    )
)
_ROW = Prepared(
    lambda: (
        _T.select(_T.worker, _T.finished_at)
        .where(_T.update_id == slot("update", _T.update_id))
        .for_update()
        .dicts()
    )
)
_KNOWN = Prepared(
    lambda: (
        _T.select(fn.COUNT(_T.update_id))
        .where(_T.update_id.between(slot("first", _T.update_id), slot("last", _T.update_id)))
        .tuples()
    )
)
_CHAT_LOCK = Prepared(
    lambda: Select(columns=[fn.pg_advisory_xact_lock(CHAT_LOCKS, slot("chat", IntegerField()))])
)
_RUNNING = Prepared(
    lambda: (
        _Lock.select(_Lock.objid)
        .where(
            (_Lock.locktype == "advisory")
            & (_Lock.classid == WORKER_LOCKS)
            & (_Lock.objsubid == 2)  # the two-key form
            & _Lock.granted
        )
        .tuples()
    )
)
_OTHERS = Prepared(
    lambda: (
        _T.select(_T.update_id, _T.worker, _T.started_at)
        .where(
            (_T.chat_id == slot("chat", _T.chat_id))
            & _T.finished_at.is_null()
            & (_T.update_id != slot("update", _T.update_id))
        )
        .dicts()
    )
)
_START = Prepared(
    lambda: _T.update(started_at=slot("at", _T.started_at)).where(
        _T.update_id == slot("update", _T.update_id)
    )
)
_TAKE_OVER = Prepared(
    lambda: _T.update(worker=slot("worker", _T.worker), started_at=None).where(
        _T.update_id == slot("update", _T.update_id)
    )
)
_FINISH = Prepared(
    lambda: (
        _T.update(finished_at=slot("at", _T.finished_at))
        .where(_T.update_id == slot("update", _T.update_id))
        .returning(_T.chat_id)
        .tuples()
    )
)
_NOTIFY = Prepared(lambda: Select(columns=[fn.pg_notify(CHANNEL, slot("chat", TextField()))]))


class PostgresChatTurns(ChatTurns):
    """Chat turns on one connection of their own, which holds this process's running lock."""

    def __init__(self, url: str, worker: int | None = None) -> None:
        parsed = parse_url(url)
        self._url = url
        self._db = PostgresqlDatabase(parsed.pop("database"), thread_safe=False, **parsed)
        self._guard = threading.Lock()  # one connection: one call at a time
        self.worker = worker if worker is not None else 1 + secrets.randbelow(2**31 - 2)
        self._finished = 0
        self._listener: Any = None  # the connection finished_chats listens on
        self._connect()
        self._prune()

    def _connect(self) -> None:
        try:
            self._db.connect(reuse_if_open=True)
            take(self._db, fn.pg_advisory_lock(WORKER_LOCKS, self.worker))
        except Exception as exc:
            raise unavailable(self._url, exc) from exc

    def arrive(self, update_id: int, chat_id: int | None) -> Handling:
        with self._transaction():
            now = datetime.now(UTC)
            mine = dict(update=update_id, chat=chat_id, worker=self.worker, at=now)
            if _ARRIVE.execute(self._db, **mine):
                return Handling.MINE
            row = self._row(update_id)
            if row["finished_at"] is not None:
                return Handling.HANDLED
            if row["worker"] == self.worker or row["worker"] in self._running():
                return Handling.ELSEWHERE  # a copy already in hand, here or in another process
            self._take_over(update_id)  # its process died with it: handled here
            return Handling.MINE

    def known(self, update_ids: range) -> int:
        with self._transaction():
            bounds = dict(first=update_ids.start, last=update_ids.stop - 1)
            ((count,),) = _KNOWN.rows(self._db, **bounds)
        return int(count or 0)

    def start(self, update_id: int, chat_id: int) -> Handling:
        with self._transaction():
            _CHAT_LOCK.execute(self._db, chat=folded(chat_id))
            row = self._row(update_id)
            if row["finished_at"] is not None:
                return Handling.HANDLED
            running = self._running()
            if row["worker"] != self.worker:  # taken over while this process was thought gone
                if row["worker"] in running:
                    return Handling.ELSEWHERE
                self._take_over(update_id)  # and whoever took it is gone now
            for other in _OTHERS.rows(self._db, chat=chat_id, update=update_id):
                earlier = other["update_id"] < update_id
                if other["worker"] in running and (earlier or other["started_at"] is not None):
                    return Handling.WAIT
            _START.execute(self._db, update=update_id, at=datetime.now(UTC))
            return Handling.MINE

    def finish(self, update_id: int) -> None:
        with self._transaction():
            chats = list(_FINISH.rows(self._db, update=update_id, at=datetime.now(UTC)))
            for (chat_id,) in chats:
                if chat_id is not None:  # said to every listener when this commits
                    _NOTIFY.execute(self._db, chat=str(chat_id))
        self._finished += 1
        if self._finished % PRUNE_EVERY == 0:
            self._prune()

    def finished_chats(self, timeout: float) -> set[int]:
        """Wait up to `timeout` seconds for updates to finish in any process; the chats they
        were of (empty when none did). One caller at a time: it has a connection of its own."""
        try:
            if self._listener is None:
                self._listener = self._listen()
            connection = self._listener
            if not connection.notifies:
                readable, _, _ = select.select([connection], [], [], timeout)
                if readable:
                    connection.poll()
            chats = {int(note.payload) for note in connection.notifies if note.payload}
            connection.notifies.clear()
        except Exception:  # the driver's own errors: the connection is the driver's
            logger.warning("chat turns: listening failed; listening again", exc_info=True)
            self._stop_listening()
            time.sleep(timeout)  # the callers wait as long, then look at their turns anyway
            return set()
        return chats

    def _listen(self) -> Any:
        """A connection of its own that listens (peewee builds no LISTEN: the driver's)."""
        parsed = parse_url(self._url)
        database = PostgresqlDatabase(parsed.pop("database"), thread_safe=False, **parsed)
        connection = database.connection()
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"LISTEN {CHANNEL}")
        return connection

    def _stop_listening(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):
                self._listener.close()
            self._listener = None

    def close(self) -> None:
        self._stop_listening()
        with self._guard:
            if not self._db.is_closed():
                self._db.close()  # the running lock goes with the connection

    def _row(self, update_id: int) -> dict[str, Any]:
        (row,) = _ROW.rows(self._db, update=update_id)
        return dict(row)

    def _running(self) -> set[int]:
        """The numbers of the processes running now (each holds its lock while it runs)."""
        return {int(objid) for (objid,) in _RUNNING.rows(self._db)}

    def _take_over(self, update_id: int) -> None:
        _TAKE_OVER.execute(self._db, update=update_id, worker=self.worker)

    def _prune(self) -> None:
        turn = ChatTurn
        with self._transaction():
            cutoff = datetime.now(UTC) - KEPT
            turn.delete().where(turn.arrived_at < cutoff).execute(self._db)

    def _transaction(self) -> _Guarded:
        return _Guarded(self)


class _Guarded:
    """One transaction on the turns' connection, one thread at a time; a broken connection
    is opened again (and the running lock taken again) for the next call."""

    def __init__(self, turns: PostgresChatTurns) -> None:
        self._turns = turns
        self._atomic: Any = None

    def __enter__(self) -> None:
        turns = self._turns
        turns._guard.acquire()
        try:
            if turns._db.is_closed():
                turns._connect()
            self._atomic = turns._db.atomic()
            self._atomic.__enter__()
        except BaseException:
            turns._guard.release()
            raise

    def __exit__(self, *exc_info: Any) -> None:
        turns = self._turns
        try:
            self._atomic.__exit__(*exc_info)
        except Exception:
            logger.warning("chat turns: the connection failed; it is opened again", exc_info=True)
            turns._db.close()
            raise
        finally:
            turns._guard.release()
