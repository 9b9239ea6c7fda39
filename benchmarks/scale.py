"""Scaling out on PostgreSQL: writers of different users in parallel, and 1, 2 or 3 bot workers.

1. Lock wait. Eight threads, each one user, each running conversation-turn units of work
   (read the user, add a message, count a draft, commit) against PostgreSQL. Before this
   change every writing unit of work took one advisory lock for the whole database; that is
   still what a unit of work for no user in particular takes (`uow()`), so both run here, in
   alternating rounds: "one lock for all" (`uow()`) and "per user" (`uow(user_id=...)`, what
   every conversation handler now asks for). Reported: the time to get the lock (BEGIN and
   the lock, p50/p99) and the units of work per second.
2. Workers. N `postmind bot` webhook workers (N = 1, 2, 3) behind the round-robin proxy of
   the tests, the fake Bot API (Telegram's flood limits) delivering each update to the proxy
   as Telegram would, the offline generator, one PostgreSQL database. Thirty users, each
   sending a burst of two messages 10 ms apart and the next burst once both drafts came,
   eight bursts each. Reported: updates per second, p50/p99 from an update's send to its
   draft, the workers' CPU per update, and the 429s met. The baseline, in the same run: one
   bot polling, which shares no chat turns or pacing. The bot's 30 messages a second and
   each chat's one a second are Telegram's: N workers share them (README "Scaling out"), so
   N buys headroom and survival of a worker, not more messages than Telegram allows.

Needs PostgreSQL: POSTMIND_TEST_POSTGRES_URL (as the tests), else it says so and stops.

    make bench-scale        # or: .venv/bin/python -m benchmarks.scale
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peewee import Database

from benchmarks.bot import cpu_seconds, percentile, print_table, widen_listen_backlog
from domain.sessions import Session
from domain.users import Counts
from infrastructure.persistence.peewee.database import open_postgres
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork
from tests.contract.builders import a_message, given_session
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.workers import deployment
from tests.postgres import ENV, fresh_schema

THREADS = 8
UNITS = 150  # per thread and round
ROUNDS = 3  # of each way of locking, alternating
WORKERS = (1, 2, 3)
USERS = range(9001, 9031)
BURSTS = 8
GAP = 0.010
FEEDBACK = ("shorter", "more casual", "add an emoji", "no hashtags", "longer", "more formal")
TIMEOUT = 60.0


# --- 1. lock wait -----------------------------------------------------------------------------


@dataclass
class LockRun:
    waits: list[float] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)


def lock_round(
    database: Database, sessions: dict[int, Session], per_user: bool, run: LockRun
) -> None:
    """THREADS users' turns at once; each unit's wait for its lock, and the units a second."""
    barrier = threading.Barrier(THREADS)
    waits: list[list[float]] = [[] for _ in range(THREADS)]

    def user(index: int) -> None:
        user_id = index + 1
        barrier.wait()
        for unit in range(UNITS):
            asked = time.perf_counter()
            # No user: the one lock for every writer, as every unit of work took it before.
            with PeeweeUnitOfWork(database, user_id=user_id if per_user else None) as uow:
                waits[index].append(time.perf_counter() - asked)
                found = uow.users.get(user_id)
                assert found is not None
                uow.messages.add(a_message(sessions[user_id], f"turn {unit}"))
                uow.users.update(found.counted(Counts(drafts=1)))
                uow.commit()

    threads = [threading.Thread(target=user, args=(i,)) for i in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.rates.append(THREADS * UNITS / (time.perf_counter() - started))
    run.waits += [w for per_thread in waits for w in per_thread]


def measure_locks(url: str) -> tuple[LockRun, LockRun]:
    database = open_postgres(url)
    try:

        def factory(**options: Any) -> PeeweeUnitOfWork:
            return PeeweeUnitOfWork(database, **options)

        sessions = {u: given_session(factory, u) for u in range(1, THREADS + 1)}
        global_lock, per_user = LockRun(), LockRun()
        for _ in range(ROUNDS):
            lock_round(database, sessions, False, global_lock)
            lock_round(database, sessions, True, per_user)
        return global_lock, per_user
    finally:
        database.close_all()


def print_locks(global_lock: LockRun, per_user: LockRun) -> None:
    def row(name: str, run: LockRun) -> tuple[str, ...]:
        return (
            name,
            f"{percentile(run.waits, 50) * 1000:.2f} / {percentile(run.waits, 99) * 1000:.2f}",
            f"{statistics.median(run.rates):.0f}",
        )

    ratio = statistics.median(per_user.rates) / statistics.median(global_lock.rates)
    print_table(
        f"Lock wait: {THREADS} users writing at once on PostgreSQL, {UNITS} turns each, "
        f"{ROUNDS} rounds of each (median)",
        ("locking", "wait for the lock p50 / p99 (ms)", "units of work / s", "note"),
        [
            (*row("one lock for all (before)", global_lock), "every writer in one queue"),
            (*row("per user (now)", per_user), f"{ratio:.2f}x the units of work a second"),
        ],
    )


# --- 2. workers ---------------------------------------------------------------------------


@dataclass
class WorkerRun:
    name: str
    seconds: float
    updates: int
    latencies: list[float]
    cpu: float
    unanswered: int
    flood_waits: int


def drafts(fake: FakeTelegram, user: int) -> int:
    return sum(1 for m in fake.bot_messages(user) if m["text"].startswith("Draft v"))


def drive(fake: FakeTelegram) -> tuple[list[float], int]:
    latencies: list[float] = []
    unanswered = 0
    lock = threading.Lock()

    def person(user: int) -> None:
        nonlocal unanswered
        texts = [f"Our shop number {user} opens on Main Street next Saturday"]
        texts += [FEEDBACK[n % len(FEEDBACK)] for n in range(2 * BURSTS - 1)]
        for burst in range(BURSTS):
            before = drafts(fake, user)
            sent = time.monotonic()
            fake.send_text(user, texts[2 * burst])
            time.sleep(GAP)
            fake.send_text(user, texts[2 * burst + 1])
            deadline = sent + TIMEOUT
            got = before
            while got < before + 2 and time.monotonic() < deadline:
                time.sleep(0.01)
                now = drafts(fake, user)
                with lock:
                    latencies.extend([time.monotonic() - sent] * (now - got))
                got = now
            if got < before + 2:
                with lock:
                    unanswered += 1

    threads = [threading.Thread(target=person, args=(user,)) for user in USERS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, unanswered


def measure_workers(count: int, workdir: Path) -> WorkerRun:
    with (
        fresh_schema() as url,
        FakeTelegram() as fake,
        deployment(fake, url, workdir, workers=count) as deployed,
    ):
        name = f"{count} webhook worker{'s' if count > 1 else ''}"
        return measured(name, fake, [w.process.pid for w in deployed.workers if w.process])


def measure_polling(workdir: Path) -> WorkerRun:
    """The baseline: one bot polling, which shares no turns or pacing (one process can poll)."""
    with fresh_schema() as url, FakeTelegram() as fake:
        bot = BotProcess(fake, url, workdir).start()
        try:
            assert bot.process is not None
            return measured("1 bot polling (baseline)", fake, [bot.process.pid])
        finally:
            bot.stop()


def measured(name: str, fake: FakeTelegram, pids: list[int]) -> WorkerRun:
    cpu_before = sum(cpu_seconds(pid) for pid in pids)
    started = time.monotonic()
    latencies, unanswered = drive(fake)
    seconds = time.monotonic() - started
    cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
    updates = len(USERS) * BURSTS * 2
    return WorkerRun(name, seconds, updates, latencies, cpu, unanswered, fake.flood_waits)


def print_workers(runs: list[WorkerRun]) -> None:
    base = runs[0]
    rows: list[tuple[str, ...]] = []
    for run in runs:
        rate = run.updates / run.seconds
        rows.append(
            (
                run.name,
                f"{rate:.1f}",
                f"{rate / (base.updates / base.seconds):.2f}x",
                f"{percentile(run.latencies, 50):.2f} / {percentile(run.latencies, 99):.2f}",
                f"{run.cpu / run.updates * 1000:.1f}",
                str(run.unanswered),
                str(run.flood_waits),
            )
        )
    print_table(
        f"Workers: {len(USERS)} users x {BURSTS} bursts of two messages 10 ms apart, "
        "offline generator, Telegram's flood limits",
        (
            "bot",
            "updates / s",
            "vs polling",
            "send to draft p50 / p99 (s)",
            "worker CPU per update (ms)",
            "bursts not answered",
            "429s",
        ),
        rows,
    )


def main() -> None:
    if not os.environ.get(ENV):
        print(f"{ENV} is not set: bench-scale needs PostgreSQL (as the tests do).")
        sys.exit(0)
    widen_listen_backlog()
    with fresh_schema() as url:
        global_lock, per_user = measure_locks(url)
    print_locks(global_lock, per_user)
    with tempfile.TemporaryDirectory() as scratch:
        runs = [measure_polling(Path(scratch))]
        runs += [measure_workers(count, Path(scratch)) for count in WORKERS]
    print_workers(runs)


if __name__ == "__main__":
    main()
