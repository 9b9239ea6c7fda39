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
from infrastructure.persistence.peewee.prepared import Prepared, slot

_NOW = fn.date_part("epoch", fn.statement_timestamp())  # one instant per statement
_S = SendSlot
_INTERVAL = slot("interval", _S.at)
_RESERVE = Prepared(  # built once (prepared.py): two of these go with every message
    lambda: (
        _S.insert(key=slot("key", _S.key), at=_NOW + _INTERVAL)
        .on_conflict(conflict_target=[_S.key], update={_S.at: fn.GREATEST(_S.at, _NOW) + _INTERVAL})
        .returning(fn.GREATEST(0, _S.at - _INTERVAL - slot("tolerance", _S.at) - _NOW))
        .tuples()
    )
)
_HOLD = Prepared(
    lambda: _S.insert(key=slot("key", _S.key), at=_NOW + slot("until", _S.at)).on_conflict(
        conflict_target=[_S.key], update={_S.at: fn.GREATEST(_S.at, _NOW + slot("until", _S.at))}
    )
)


class PostgresSendPacing(SendPacing):
    def __init__(self, database: Database) -> None:
        self._db = database

    def reserve(self, key: str, per_second: float, burst: int) -> float:
        interval = 1.0 / per_second
        tolerance = (max(burst, 1) - 1) * interval
        with self._db.connection_context():
            ((wait,),) = _RESERVE.rows(self._db, key=key, interval=interval, tolerance=tolerance)
        return float(wait)

    def hold(self, key: str, seconds: float, per_second: float, burst: int) -> None:
        tolerance = (max(burst, 1) - 1) / per_second
        with self._db.connection_context():  # the first slot then is `seconds` from now
            _HOLD.execute(self._db, key=key, until=seconds + tolerance)
