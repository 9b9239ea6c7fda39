"""Why writing units of work use BEGIN IMMEDIATE: deferred vs immediate under 8 threads.

Each thread runs read-then-write units of work (read a user, bump a counter) on one
SQLite file through the real peewee adapter. With a deferred BEGIN, a reader that
upgrades to a writer while another connection holds the write lock gets 'database is
locked' at once (WAL does not run the busy handler for that upgrade); IMMEDIATE takes the
write lock up front and waits in the busy handler instead.

    make bench-locking
"""

from __future__ import annotations

import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from domain.errors import StorageError
from domain.users import Counts, User
from infrastructure.persistence.peewee.database import open_sqlite
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork

THREADS = 8
UNITS = 100


class DeferredUnitOfWork(PeeweeUnitOfWork):
    """The adapter as it would be with peewee's default transactions."""

    def __enter__(self) -> Self:
        self._db.connect(reuse_if_open=True)
        self._db.begin()
        return self


def run(kind: type[PeeweeUnitOfWork], directory: Path) -> tuple[int, int, float]:
    database = open_sqlite(directory / f"{kind.__name__}.db")
    now = datetime.now(UTC)
    with PeeweeUnitOfWork(database) as uow:
        uow.users.add(User(1, now, now))
        uow.commit()
    failed = 0
    lock = threading.Lock()

    def work() -> None:
        nonlocal failed
        for _ in range(UNITS):
            try:
                with kind(database) as uow:
                    user = uow.users.get(1)
                    assert user is not None
                    uow.users.update(user.counted(Counts(drafts=1)))
                    uow.commit()
            except StorageError:
                with lock:
                    failed += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    with PeeweeUnitOfWork(database) as uow:
        user = uow.users.get(1)
        counted = user.drafts_count if user else 0
    database.close_all()
    return failed, counted, elapsed


def main() -> None:
    total = THREADS * UNITS
    print(f"{THREADS} threads x {UNITS} read-then-write units of work on one SQLite file")
    header = ("BEGIN", "failed", "lost %", "counter", "seconds", "time ratio")
    print("{:<10} {:>8} {:>7} {:>8} {:>8} {:>10}".format(*header))
    with tempfile.TemporaryDirectory() as scratch:
        baseline = None
        for name, kind in (("IMMEDIATE", PeeweeUnitOfWork), ("DEFERRED", DeferredUnitOfWork)):
            failed, counted, elapsed = run(kind, Path(scratch))
            baseline = baseline or elapsed
            print(
                f"{name:<10} {failed:>8} {100 * failed / total:>6.1f}% {counted:>8}"
                f" {elapsed:>8.2f} {elapsed / baseline:>10.2f}"
            )


if __name__ == "__main__":
    main()
