"""PostgreSQL's advisory locks, as the units of work and the chat turns take them.

SQLite has one writer at a time (`BEGIN IMMEDIATE`, see unit_of_work.py). On PostgreSQL a
writing unit of work locks only what it changes, so that different users write in parallel
across every process that shares the database:

- a unit of work for one user takes WRITE_LOCK shared and the user's own lock exclusive;
- one for no user in particular (cleanup, an admin job) takes WRITE_LOCK exclusive, so it
  waits for every user's writers and they wait for it;
- the shared model calibration, which every user's drafts teach, is locked when a writing
  unit of work reads it (always after the user's lock, so no two wait on each other).

The transaction-scoped locks end with the transaction; the session-scoped chat locks of
`ChatTurns` end with the connection, so a worker killed mid-update frees them at once.

A key is a namespace and a 32-bit number (the two-key form). A Telegram id can be wider:
it is folded to 32 bits, and two users whose ids fold alike only wait for each other.
"""

from __future__ import annotations

from peewee import Database, Function, Select, fn

WRITE_LOCK = 7_431_002  # the single-key lock: shared by user units of work, else exclusive
USER_LOCKS = 7_431_003  # namespace of the per-user locks
CALIBRATION_LOCKS = 7_431_004  # namespace of the per-model calibration locks
CHAT_LOCKS = 7_431_005  # namespace of the per-chat locks held while an update is handled


def folded(number: int) -> int:
    """`number` as a signed 32-bit key (what the two-key advisory lock functions take)."""
    return (number + 2**31) % 2**32 - 2**31


def user_lock(user_id: int) -> Function:
    return fn.pg_advisory_xact_lock(USER_LOCKS, folded(user_id))


def calibration_lock(model: str) -> Function:
    return fn.pg_advisory_xact_lock(CALIBRATION_LOCKS, fn.hashtext(model))


def take(database: Database, *locks: Function) -> None:
    """Wait for each of `locks`, in order, in the current transaction."""
    database.execute(Select(columns=list(locks)))
