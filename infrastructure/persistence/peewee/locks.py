"""PostgreSQL's advisory locks, as the units of work and the chat turns take them.

SQLite has one writer at a time (`BEGIN IMMEDIATE`, see unit_of_work.py). On PostgreSQL a
writing unit of work locks only what it changes, so that different users write in parallel
across every process that shares the database:

- a unit of work for one user takes WRITE_LOCK shared and the user's own lock exclusive;
- one for no user in particular (cleanup, an admin job) takes WRITE_LOCK exclusive, so it
  waits for every user's writers and they wait for it;
- the shared model calibration, which every user's drafts teach, is locked when a writing
  unit of work reads it (always after the user's lock, so no two wait on each other).

The transaction-scoped locks end with the transaction. The chat turns (turns.py) check a
chat under its transaction-scoped lock, and each bot process holds a session-scoped lock of
its own while it runs: it ends with the connection, so a process killed mid-update is known
to be gone at once.

A key is a namespace and a 32-bit number (the two-key form). A Telegram id can be wider:
it is folded to 32 bits, and two users whose ids fold alike only wait for each other.
"""

from __future__ import annotations

from peewee import Database, Function, IntegerField, Select, TextField, fn

from infrastructure.persistence.peewee.prepared import Prepared, slot

WRITE_LOCK = 7_431_002  # the single-key lock: shared by user units of work, else exclusive
USER_LOCKS = 7_431_003  # namespace of the per-user locks
CALIBRATION_LOCKS = 7_431_004  # namespace of the per-model calibration locks
CHAT_LOCKS = 7_431_005  # namespace of the per-chat locks of the chat turns' checks
WORKER_LOCKS = 7_431_006  # namespace of the locks a bot process holds while it runs


def folded(number: int) -> int:
    """`number` as a signed 32-bit key (what the two-key advisory lock functions take)."""
    return (number + 2**31) % 2**32 - 2**31


# Taken by every writing unit of work: built by peewee once (prepared.py), run with the key.
_ALL = Prepared(lambda: Select(columns=[fn.pg_advisory_xact_lock(WRITE_LOCK)]))
_USER = Prepared(
    lambda: Select(
        columns=[
            fn.pg_advisory_xact_lock_shared(WRITE_LOCK),
            fn.pg_advisory_xact_lock(USER_LOCKS, slot("user", IntegerField())),
        ]
    )
)
_CALIBRATION = Prepared(
    lambda: Select(
        columns=[
            fn.pg_advisory_xact_lock(CALIBRATION_LOCKS, fn.hashtext(slot("model", TextField())))
        ]
    )
)


def lock_everyone(database: Database) -> None:
    """Wait for every writer, and keep them waiting, until the transaction ends."""
    _ALL.execute(database)


def lock_user(database: Database, user_id: int) -> None:
    """Wait for the user's other writers (and any writer for everyone) until it ends."""
    _USER.execute(database, user=folded(user_id))


def lock_calibration(database: Database, model: str) -> None:
    """Hold `model`'s calibration until the transaction ends."""
    _CALIBRATION.execute(database, model=model)


def take(database: Database, *locks: Function) -> None:
    """Wait for each of `locks`, in order, in the current transaction (or session)."""
    database.execute(Select(columns=list(locks)))
