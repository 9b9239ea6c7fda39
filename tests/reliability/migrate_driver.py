"""Migrate DATABASE with the process ending at statement K (see faults.py).

    python -m tests.reliability.migrate_driver DATABASE K

Exits 3 where the fault struck, 0 when the migration got through first.
"""

from __future__ import annotations

import sys

from infrastructure.persistence.peewee.database import BUSY_TIMEOUT_MS, PRAGMAS
from infrastructure.persistence.peewee.migrations import migrate
from tests.reliability.faults import Fault, FaultyDatabase


def main() -> None:
    path, k = sys.argv[1], int(sys.argv[2])
    database = FaultyDatabase(path, pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000)
    database.fault = Fault()
    with database.connection_context():
        database.fault.arm(k, exit=True)
        migrate(database)


if __name__ == "__main__":
    main()
