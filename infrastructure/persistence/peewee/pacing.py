"""Send pacing on PostgreSQL, shared by every bot process: a generic cell rate algorithm
(GCRA) per key, one upsert per slot.

A key paced at r messages a second with a burst of b has an emission interval T = 1/r and a
tolerance tau = (b - 1) T, and keeps one number: its theoretical arrival time (TAT, seconds
since the epoch, on the database's clock, so the processes' own clocks do not matter). A
message asked for at t takes the slot max(t, TAT - tau) and moves TAT to max(TAT, t) + T: b at
once from rest, then one every T. Reserving rather than refusing lets the caller sleep until
its slot and send, and two processes asking at once get two different slots (the upsert
takes the key's row lock).
"""

from __future__ import annotations

from peewee import Database, fn

from domain.ports import SendPacing
from infrastructure.persistence.peewee.models import SendSlot

_NOW = fn.date_part("epoch", fn.statement_timestamp())  # one instant per statement


class PostgresSendPacing(SendPacing):
    def __init__(self, database: Database) -> None:
        self._db = database

    def reserve(self, key: str, per_second: float, burst: int) -> float:
        interval = 1.0 / per_second
        tolerance = (max(burst, 1) - 1) * interval
        slot = SendSlot
        query = (
            slot.insert(key=key, at=_NOW + interval)
            .on_conflict(
                conflict_target=[slot.key],
                update={slot.at: fn.GREATEST(slot.at, _NOW) + interval},
            )
            .returning(fn.GREATEST(0, slot.at - interval - tolerance - _NOW))
        )
        with self._db.connection_context():
            (wait,) = next(iter(query.tuples().execute(self._db)))
        return float(wait)

    def hold(self, key: str, seconds: float, per_second: float, burst: int) -> None:
        interval = 1.0 / per_second
        tolerance = (max(burst, 1) - 1) * interval
        until = _NOW + seconds + tolerance  # the first slot then is `seconds` from now
        slot = SendSlot
        query = slot.insert(key=key, at=until).on_conflict(
            conflict_target=[slot.key], update={slot.at: fn.GREATEST(slot.at, until)}
        )
        with self._db.connection_context():
            query.execute(self._db)
