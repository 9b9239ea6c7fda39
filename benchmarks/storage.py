"""Storage under load: our adapter against raw sqlite3, as the data grows, and at start-up.

Three questions, each answered against baselines measured in the same run:

1. What does the adapter cost? Each storage operation of a conversation runs through our
   adapter (PeeweeUnitOfWork and the real repositories for writes, building domain objects
   as the use cases do; the real use cases from the container for session start and the
   reads), through the same units of work with the repositories as they were before the
   peewee models (every statement hand-written SQL text: benchmarks/handwritten.py), and as
   SQL written by hand on a stdlib sqlite3 connection with the same pragmas
   (WAL, synchronous=NORMAL, foreign keys, BEGIN IMMEDIATE for writes). The three alternate
   call by call in one process, each on its own copy of the same file, on a small database
   (1k users) and a large one (100k users, 2M messages; see benchmarks/_data.py); the two
   sizes take turns block by block. A turn is what a feedback turn writes in one unit of
   work: two messages, the next post version, the old one superseded, the session's and
   the user's counters (with the reads that building the domain objects needs); feedback is
   a feedback row and three preference upserts; session start is StartSession.
   The hand-written SQL is what a careful person would write: counters incremented in SQL,
   only changed columns updated, no reads beyond what a write needs, no mapping of rows to
   objects (and no analysis for /stats). The ratio is the whole price of the domain objects
   and peewee. The stdlib links an older SQLite than cysqlite (see database.py). The budget
   is what a user could feel: every write at most 2 ms at p50 and 10 ms at p99 through the
   adapter, next to an LLM answer of a second.
2. Does a write get slower as data grows? A turn against the number of users and against
   the length of the session, beside python-telegram-bot's PicklePersistence (one user's
   change, then a flush) and a store that rewrites a session's whole JSON history per save.
3. Does start-up or memory depend on the size of the database? `postmind stats` and an
   open of the container, in fresh processes, on the small and the large file (warm OS
   cache: both were just written).

    make bench-storage      # under two minutes on 2 cores; building the large file is 40 s
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from dependency_injector import providers

from application.requests import Act, Context, New, Stats
from benchmarks._data import BRIEF, DRAFT, MEASURED, Census, Shape, build
from benchmarks.handwritten import HandwrittenUnitOfWork
from domain.actions import Action
from domain.feedback import Feedback, FeedbackKind
from domain.messages import Message, Role
from domain.posts import Generated, Post
from domain.preferences import Preference, PreferenceSource
from domain.users import Counts
from infrastructure.config import Settings
from infrastructure.container import Container
from infrastructure.persistence.peewee.database import PRAGMAS, sqlite_version
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork

SMALL = Shape(1_000)
LARGE = Shape(100_000, long_sessions=40)
BLOCKS = 5  # the small and the large database take turns, block by block
WARMUP = 10  # rounds per block, not counted
READ_ROUNDS = 500
WRITE_ROUNDS = 750
BLOCK_USERS = WARMUP + WRITE_ROUNDS // BLOCKS  # 5 blocks of 160: 800 of the 1k small users
GROWTH_ROUNDS = 200
USE_CASE_ROUNDS = 100
REFERENCE_ROUNDS = 15  # PicklePersistence flushes per size: each rewrites every user's data
STARTS = 3  # fresh processes per command and database
EVERYONE_TIMEOUT = 20.0  # seconds for `postmind stats` over every user of the large file
SEED = 20261127

WRITE_P50_MS = 2.0  # every write through our adapter, on either database
WRITE_P99_MS = 10.0
READ_GROWTH = 1.5  # large/small at p50
WRITE_GROWTH = 1.3  # large/small at p50
START_SECONDS = 2.0
START_MB = 150.0

ROOT = Path(__file__).resolve().parent.parent
Timings = dict[str, list[float]]  # seconds per call, by name


@dataclass(frozen=True, slots=True)
class Target:
    """A user to work on: their active session and its open draft when the file was built."""

    user_id: int
    session_id: int
    post_id: int


# --- the two sides -------------------------------------------------------------------------


class Ours:
    """Our adapter on one file: the container's unit of work factory, clock and use cases;
    with `unit_of_work`, those units of work in place of the container's."""

    def __init__(self, path: Path, unit_of_work: type[PeeweeUnitOfWork] | None = None) -> None:
        settings = Settings(database_url=f"sqlite:///{path}", generator="offline")
        self._container = Container(settings=settings)
        if unit_of_work is not None:
            database = self._container.database()
            self._container.uow_factory.override(providers.Object(partial(unit_of_work, database)))
        self._bus = self._container.bus()
        self._uow = self._container.uow_factory()
        self._clock = self._container.clock()
        self.database = self._container.database()

    def close(self) -> None:
        self._container.shutdown_resources()

    def stats(self, target: Target, round_: int) -> None:
        self._bus.handle(Stats(target.user_id))

    def context(self, target: Target, round_: int) -> None:
        self._bus.handle(Context(target.user_id))

    def turn(self, target: Target, round_: int) -> None:
        """What a feedback turn writes: what was said, the next version, the counters."""
        with self._uow() as uow:
            now = self._clock.now()
            session = uow.sessions.get(target.session_id)
            latest = uow.posts.latest_for_session(target.session_id)
            user = uow.users.get(target.user_id)
            assert session is not None and latest is not None and user is not None
            uow.messages.add(Message(target.session_id, user.id, Role.USER, ":shorter", now))
            uow.posts.update(latest.supersede())
            post = uow.posts.add(
                Post.draft(
                    session_id=target.session_id,
                    user_id=target.user_id,
                    version=latest.version + 1,
                    style=latest.style,
                    generated=Generated(_draft(latest.version + 1), "offline", "offline-v1", 40),
                    latency_ms=3,
                    now=now,
                    measured=DRAFT_METRICS,  # measured by the checker, before the transaction
                )
            )
            uow.messages.add(Message(target.session_id, user.id, Role.ASSISTANT, post.content, now))
            uow.sessions.update(session.turned())
            uow.users.update(user.counted(Counts(drafts=1)).touched(now))
            uow.commit()

    def feedback(self, target: Target, round_: int) -> None:
        """A feedback row and what it taught: three preferences upserted."""
        with self._uow() as uow:
            now = self._clock.now()
            uow.feedback.add(
                Feedback(
                    target.user_id,
                    target.session_id,
                    target.post_id,
                    FeedbackKind.ACTION,
                    now,
                    signals=("shorter",),
                )
            )
            learned = [
                Preference(key, value, 0.7, 5, PreferenceSource.LEARNED, now)
                for key, value in _learned(round_)
            ]
            uow.preferences.save(target.user_id, learned)
            uow.commit()

    def session_start(self, target: Target, round_: int) -> None:
        self._bus.handle(New(target.user_id))

    def give_feedback(self, target: Target, round_: int) -> None:
        """The real feedback turn: the Act handler, then the offline draft through DraftWriter."""
        self._bus.handle(Act(target.user_id, Action.SHORTER))

    def explain(self, sql: str, params: object) -> str:
        with self.database.connection_context():
            rows = self.database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        return "; ".join(str(row[3]) for row in rows)


class Raw:
    """Hand-written SQL on a stdlib sqlite3 connection with our pragmas."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)  # we say BEGIN ourselves
        for name, value in PRAGMAS:
            self.db.execute(f"PRAGMA {name} = {value}")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _transaction(self, kind: str) -> Iterator[sqlite3.Connection]:
        self.db.execute(f"BEGIN {kind}")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def _write(self) -> Iterator[tuple[sqlite3.Connection, str]]:
        """A write transaction (taken up front, as ours) and the time its rows are stamped."""
        with self._transaction("IMMEDIATE") as db:
            yield db, _now()

    def stats(self, target: Target, round_: int) -> None:
        with self._transaction("DEFERRED") as db:
            db.execute("SELECT * FROM users WHERE id = ?", (target.user_id,)).fetchone()
            db.execute(
                "SELECT * FROM posts WHERE user_id = ? AND status = 'approved'"
                " ORDER BY created_at DESC, id DESC",
                (target.user_id,),
            ).fetchall()
            db.execute(
                "SELECT * FROM feedback WHERE user_id = ? ORDER BY id", (target.user_id,)
            ).fetchall()

    def context(self, target: Target, round_: int) -> None:
        with self._transaction("DEFERRED") as db:
            db.execute("SELECT * FROM users WHERE id = ?", (target.user_id,)).fetchone()
            db.execute(
                "SELECT * FROM user_preferences WHERE user_id = ? ORDER BY key", (target.user_id,)
            ).fetchall()
            session = db.execute(
                "SELECT * FROM sessions WHERE user_id = ? AND status = 'active'"
                " ORDER BY started_at DESC, id DESC LIMIT 1",
                (target.user_id,),
            ).fetchone()
            db.execute(
                "SELECT * FROM chat_history WHERE session_id = ? ORDER BY id", (session[0],)
            ).fetchall()
            db.execute(
                "SELECT * FROM posts WHERE session_id = ? ORDER BY version DESC LIMIT 1",
                (session[0],),
            ).fetchone()

    def turn(self, target: Target, round_: int) -> None:
        with self._write() as (db, now):
            post_id, version, style = db.execute(
                "SELECT id, version, style FROM posts WHERE session_id = ?"
                " ORDER BY version DESC LIMIT 1",
                (target.session_id,),
            ).fetchone()
            db.execute("UPDATE posts SET status = 'superseded' WHERE id = ?", (post_id,))
            content = _draft(version + 1)
            db.execute(  # the same columns as ours, the measurement included
                "INSERT INTO posts (session_id, user_id, version, content, style, status,"
                " generator, model, prompt_tokens, latency_ms, created_at, measured_words,"
                " measured_emoji, measured_hashtags, measured_cta, measured_formality)"
                " VALUES (?, ?, ?, ?, ?, 'draft', 'offline', 'offline-v1', 40, 3, ?,"
                " ?, ?, ?, ?, ?)",
                (target.session_id, target.user_id, version + 1, content, style, now, *_MEASURED),
            )
            db.executemany(
                "INSERT INTO chat_history (session_id, user_id, role, content, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (target.session_id, target.user_id, "user", ":shorter", now),
                    (target.session_id, target.user_id, "assistant", content, now),
                ],
            )
            db.execute(
                "UPDATE sessions SET turn_count = turn_count + 1 WHERE id = ?",
                (target.session_id,),
            )
            db.execute(
                "UPDATE users SET drafts_count = drafts_count + 1, last_active_at = ? WHERE id = ?",
                (now, target.user_id),
            )

    def feedback(self, target: Target, round_: int) -> None:
        with self._write() as (db, now):
            db.execute(
                "INSERT INTO feedback (user_id, session_id, post_id, kind, signals, created_at)"
                " VALUES (?, ?, ?, 'action', '[\"shorter\"]', ?)",
                (target.user_id, target.session_id, target.post_id, now),
            )
            db.executemany(
                "INSERT INTO user_preferences (user_id, key, value, confidence,"
                " evidence_count, source, updated_at) VALUES (?, ?, ?, 0.7, 5, 'learned', ?)"
                " ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value,"
                " confidence = excluded.confidence, evidence_count = excluded.evidence_count,"
                " source = excluded.source, updated_at = excluded.updated_at",
                [(target.user_id, key, json.dumps(value), now) for key, value in _learned(round_)],
            )

    def session_start(self, target: Target, round_: int) -> None:
        with self._write() as (db, now):
            db.execute(
                "UPDATE sessions SET status = 'abandoned', ended_at = ?"
                " WHERE user_id = ? AND status = 'active'",
                (now, target.user_id),
            )
            db.execute(
                "INSERT INTO sessions (user_id, status, started_at) VALUES (?, 'active', ?)",
                (target.user_id, now),
            )
            db.execute(
                "UPDATE users SET sessions_count = sessions_count + 1, last_active_at = ?"
                " WHERE id = ?",
                (now, target.user_id),
            )

    def targets(self, shape: Shape, user_ids: list[int]) -> list[Target]:
        """Each user's active session and its open draft, as built."""
        found = []
        for user_id in user_ids:
            session_id = shape.active_session(user_id)
            (post_id,) = self.db.execute(
                "SELECT MAX(id) FROM posts WHERE session_id = ?", (session_id,)
            ).fetchone()
            found.append(Target(user_id, session_id, post_id))
        return found


def _now() -> str:
    """Now, as MomentField stores it."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


_MEASURED = (MEASURED.words, MEASURED.emoji, MEASURED.hashtags, int(MEASURED.cta), "neutral")
DRAFT_METRICS = MEASURED  # every _draft(version) measures alike: the DRAFT and one token


def _draft(version: int) -> str:
    return f"{DRAFT} (v{version})"


def _version(parts: tuple[int, ...]) -> str:
    return ".".join(map(str, parts))


def _learned(round_: int) -> list[tuple[str, float]]:
    """Three preferences that change every round, so every upsert writes."""
    return [("length", 60.0 - round_ % 40), ("formality", -0.3), ("emoji", float(round_ % 5))]


# --- measuring -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    writes: bool
    rounds: int
    call: Callable[[Ours | Raw], Callable[[Target, int], None]]


OPERATIONS = (
    Operation("/stats read", False, READ_ROUNDS, lambda side: side.stats),
    Operation("/context read", False, READ_ROUNDS, lambda side: side.context),
    Operation("turn", True, WRITE_ROUNDS, lambda side: side.turn),
    Operation("feedback", True, WRITE_ROUNDS, lambda side: side.feedback),
    Operation("session start", True, WRITE_ROUNDS, lambda side: side.session_start),
)  # in this order: reads first, session start (which abandons the session) last


def alternate(calls: dict[str, Callable[[int], object]], rounds: int, warmup: int) -> Timings:
    """Seconds per call of each callable, one call each per round in a rotating order."""
    names = list(calls)
    timings: Timings = {name: [] for name in names}
    for round_ in range(warmup + rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            started = time.perf_counter()
            calls[name](round_)
            elapsed = time.perf_counter() - started
            if round_ >= warmup:
                timings[name].append(elapsed)
    return timings


def on(targets: list[Target], step: Callable[[Target, int], None]) -> Callable[[int], None]:
    """A step that works on the round's target (round-robin over `targets`)."""
    return lambda round_: step(targets[round_ % len(targets)], round_)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    ordered = sorted(values)
    return 1000 * ordered[max(0, round(q / 100 * len(ordered)) - 1)]


class _Queries(logging.Handler):
    """Collects the (sql, params) peewee logs at DEBUG."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[tuple[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, tuple) and str(record.msg[0]).startswith("SELECT"):
            self.seen.append(record.msg)


def read_plans(ours: Ours, target: Target) -> list[tuple[str, str, str]]:
    """(read, table, EXPLAIN QUERY PLAN) of every query /stats and /context run."""
    peewee_log = logging.getLogger("peewee")
    handler, level = _Queries(), peewee_log.level
    plans = []
    peewee_log.addHandler(handler)
    peewee_log.setLevel(logging.DEBUG)
    try:
        for name, read in (("/stats", ours.stats), ("/context", ours.context)):
            handler.seen.clear()
            read(target, 0)
            for sql, params in list(handler.seen):
                table = re.search(r'FROM "?(\w+)', sql)
                plans.append((name, table.group(1) if table else "?", ours.explain(sql, params)))
    finally:
        peewee_log.removeHandler(handler)
        peewee_log.setLevel(level)
    return plans


@dataclass(frozen=True, slots=True)
class Database:
    """One size: our file, the hand-written adapter's and raw sqlite3's copies of it, and
    the users to work on, shuffled."""

    name: str
    shape: Shape
    path: Path
    sql_path: Path
    census: Census
    raw: Raw
    targets: list[Target]


SIDES = {"ours": "peewee", "sql": "hand-written SQL", "raw": "raw sqlite3"}


def prepare(scratch: Path, name: str, shape: Shape) -> Database:
    path = scratch / f"{name}.db"
    census = build(path, shape)
    shutil.copyfile(path, scratch / f"{name}-raw.db")
    shutil.copyfile(path, scratch / f"{name}-sql.db")
    users = list(range(shape.long_sessions + 1, shape.users + 1))
    random.Random(SEED).shuffle(users)
    raw = Raw(scratch / f"{name}-raw.db")
    wanted = BLOCKS * BLOCK_USERS + 2 * (WARMUP + GROWTH_ROUNDS)
    targets = raw.targets(shape, users[:wanted])
    return Database(name, shape, path, scratch / f"{name}-sql.db", census, raw, targets)


@dataclass(frozen=True, slots=True)
class Results:
    operations: dict[str, dict[str, Timings]]  # by database, then operation, then side
    plans: dict[str, list[tuple[str, str, str]]]  # by database
    growth: Timings  # on the large database: turns on short and long sessions


def compare(databases: list[Database]) -> Results:
    """Every operation, the three sides alternating, in blocks that alternate the databases.

    Our adapter binds one database per process, so the sizes cannot alternate call by call:
    they take turns in BLOCKS blocks instead, which spreads a slow minute over both.
    Each block works on users of its own, so no block reads a session another abandoned.
    """
    operations: dict[str, dict[str, Timings]] = {
        db.name: {op.name: {side: [] for side in SIDES} for op in OPERATIONS} for db in databases
    }
    plans = {}
    for block in range(BLOCKS):
        for db in databases[:: 1 if block % 2 == 0 else -1]:
            users = db.targets[block * BLOCK_USERS : (block + 1) * BLOCK_USERS]
            ours, sql = Ours(db.path), Ours(db.sql_path, HandwrittenUnitOfWork)
            try:
                if db.name not in plans:
                    plans[db.name] = read_plans(ours, users[0])
                for op in OPERATIONS:
                    calls = {
                        "ours": on(users, op.call(ours)),
                        "sql": on(users, op.call(sql)),
                        "raw": on(users, op.call(db.raw)),
                    }
                    for side, timing in alternate(calls, op.rounds // BLOCKS, WARMUP).items():
                        operations[db.name][op.name][side] += timing
            finally:
                ours.close()
                sql.close()
    large = databases[-1]
    return Results(operations, plans, session_growth(large))


def session_growth(db: Database) -> Timings:
    """Turns on sessions of ten messages and of a thousand, alternating, fresh users each."""
    fresh = db.targets[BLOCKS * BLOCK_USERS :]
    short, others = fresh[: WARMUP + GROWTH_ROUNDS], fresh[WARMUP + GROWTH_ROUNDS :]
    long = db.raw.targets(db.shape, list(range(1, db.shape.long_sessions + 1)))
    ours = Ours(db.path)
    try:
        calls = {
            "ours short": on(short, ours.turn),
            "raw short": on(short, db.raw.turn),
            "ours long": on(long, ours.turn),
            "raw long": on(long, db.raw.turn),
        }
        turns = alternate(calls, GROWTH_ROUNDS, WARMUP)
        calls = {
            "use case short": on(others, ours.give_feedback),
            "use case long": on(long, ours.give_feedback),
        }
        return turns | alternate(calls, USE_CASE_ROUNDS, WARMUP)
    finally:
        ours.close()


# --- the references: python-telegram-bot's PicklePersistence, a naive JSON store -----------


def user_data(user_id: int, version: int) -> dict[str, object]:
    """One user's state as a PTB bot would keep it: counters, preferences, the open session."""
    messages = [
        {"role": "user", "content": BRIEF if k == 0 else ":shorter", "at": _now()}
        if k % 2 == 0
        else {"role": "assistant", "content": f"{DRAFT} v{k}-{user_id}", "at": _now()}
        for k in range(10)
    ]
    return {
        "counters": {"sessions": 2, "drafts": 10 + version, "approved": 1, "ratings": 1},
        "preferences": {k: {"value": 1.0, "confidence": 0.6, "evidence": 4} for k in "abcde"},
        "session": {"brief": BRIEF, "version": 5 + version, "messages": messages},
    }


async def _pickle_flushes(directory: Path, sizes: tuple[int, int]) -> Timings:
    from telegram.ext import ExtBot, PicklePersistence

    stores = {}
    for size in sizes:
        store = PicklePersistence(directory / f"ptb-{size}.pickle", on_flush=True)
        store.set_bot(ExtBot("123456:benchmark"))
        for user_id in range(1, size + 1):
            await store.update_user_data(user_id, user_data(user_id, 0))
        await store.flush()
        stores[f"{size:,} users"] = store
    timings: Timings = {name: [] for name in stores}
    for round_ in range(1, REFERENCE_ROUNDS + 1):
        for name in list(stores)[:: 1 if round_ % 2 else -1]:
            changed = user_data(round_, round_)
            started = time.perf_counter()
            await stores[name].update_user_data(round_, changed)
            await stores[name].flush()
            timings[name].append(time.perf_counter() - started)
    return timings


def pickle_flushes(directory: Path) -> Timings:
    """PicklePersistence: one user's change, then a flush, at 1k and at 10k users."""
    return asyncio.run(_pickle_flushes(directory, (1_000, 10_000)))


def json_saves(directory: Path) -> Timings:
    """A naive store: every save rewrites the session's whole history as one JSON file."""

    turn = [
        {"role": "user", "content": ":shorter", "at": _now()},
        {"role": "assistant", "content": DRAFT, "at": _now()},
    ]

    def save(size: int, round_: int) -> None:
        history = turn * (size // 2 + 1)  # what the session held, and the turn to save
        path = directory / f"session-{size}.json"
        path.with_suffix(".tmp").write_text(json.dumps(history, ensure_ascii=False))
        os.replace(path.with_suffix(".tmp"), path)

    calls = {f"{size:,} messages": partial(save, size) for size in (10, 1_000)}
    return alternate(calls, GROWTH_ROUNDS, WARMUP)


# --- start-up and memory, in fresh processes -----------------------------------------------

# A small parent for each measured process: Linux starts a child's peak RSS at its parent's
# (the exec'ed image inherits the high-water mark), so measuring from this big process
# would report our own size for every child.
MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
try:
    done = subprocess.run(sys.argv[2:], capture_output=True, timeout=float(sys.argv[1]))
    finished, output = done.returncode == 0, done.stdout.decode(errors="replace")
except subprocess.TimeoutExpired:
    finished, output = False, ""
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps([seconds, peak, finished, output]))
"""
OPEN = """
import json, sys, time
from application.requests import Stats
from infrastructure.config import Settings
from infrastructure.container import Container
started = time.perf_counter()
container = Container(settings=Settings(database_url=sys.argv[1], generator="offline"))
container.bus().handle(Stats(int(sys.argv[2])))
print(json.dumps(time.perf_counter() - started))
container.shutdown_resources()
"""


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    megabytes: float  # peak resident memory
    finished: bool  # False: killed at the timeout


def run_child(command: list[str], timeout: float, own_clock: bool = False) -> Run:
    """Run `command` in a fresh process; with `own_clock`, the seconds it prints itself."""
    env = {**os.environ, "POSTMIND_GENERATOR": "offline"}
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, str(timeout), *command],
        capture_output=True, text=True, cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    seconds, megabytes, finished, output = json.loads(measured.stdout)
    return Run(json.loads(output) if own_clock and finished else seconds, megabytes, finished)


def start_ups(paths: dict[str, Path], user_id: int) -> dict[str, dict[str, list[Run]]]:
    """Each command STARTS times per database, small and large alternating."""
    postmind = str(Path(sys.executable).with_name("postmind"))
    stats = [postmind, "stats", "--json", "--database-url"]
    commands = {
        f"`postmind stats --user {user_id} --json`": ([*stats[:2], "--user", str(user_id),
                                                      *stats[2:]], False),
        "open container + database + one /stats, imports excluded": (
            [sys.executable, "-c", OPEN], True),
        "`postmind stats --json` (every user)": (stats, False),
    }  # fmt: skip
    runs: dict[str, dict[str, list[Run]]] = {}
    for label, (command, own_clock) in commands.items():
        runs[label] = {name: [] for name in paths}
        for _ in range(STARTS):
            for name, path in paths.items():
                url = f"sqlite:///{path}"
                arguments = [*command, url, str(user_id)] if own_clock else [*command, url]
                if label.endswith("(every user)") and name == "large" and runs[label][name]:
                    continue  # once is enough: it reads the whole file, for minutes
                runs[label][name].append(run_child(arguments, EVERYONE_TIMEOUT, own_clock))
    return runs


# --- reporting -----------------------------------------------------------------------------


class Report:
    """Prints markdown tables and keeps the verdict on every target."""

    def __init__(self) -> None:
        self.verdicts: list[bool] = []

    def met(self, ok: bool) -> str:
        self.verdicts.append(ok)
        return "yes" if ok else "**no**"

    @staticmethod
    def table(header: tuple[str, ...], rows: list[tuple[str, ...]], left: int = 1) -> None:
        """A markdown table; the first `left` columns are text, the others numbers."""
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" if i < left else "---:" for i in range(len(header))) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print()


def ms(value: float) -> str:
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def p50(values: list[float]) -> float:
    return percentile(values, 50)


def print_operations(report: Report, results: Results) -> None:
    print(
        "## 1. Our adapter on peewee models, against the hand-written SQL it replaced"
        " and raw sqlite3 (ms per operation)"
    )
    print()
    rows = []
    for name, by_operation in results.operations.items():
        for op in OPERATIONS:
            ours, sql, raw = (by_operation[op.name][side] for side in SIDES)
            fast = p50(ours) <= WRITE_P50_MS and percentile(ours, 99) <= WRITE_P99_MS
            rows.append((
                name, op.name, ms(p50(ours)), ms(percentile(ours, 99)), ms(p50(sql)),
                ms(percentile(sql, 99)), ms(p50(raw)), ms(percentile(raw, 99)),
                f"{p50(ours) / p50(sql):.2f}x", f"{p50(ours) / p50(raw):.1f}x",
                f"p50 <= {WRITE_P50_MS:g}, p99 <= {WRITE_P99_MS:g}" if op.writes else "-",
                report.met(fast) if op.writes else "-",
            ))  # fmt: skip
    header = ("database", "operation", "peewee p50", "peewee p99", "SQL text p50", "SQL text p99")
    header = (*header, "raw p50", "raw p99", "peewee/SQL text p50", "peewee/raw p50")
    report.table((*header, "budget (ms)", "met?"), rows, left=2)


def print_reads(report: Report, results: Results) -> None:
    small, large = results.operations["small"], results.operations["large"]
    plans = results.plans["small"]
    same = [s == g for s, g in zip(plans, results.plans["large"], strict=True)]
    rows = []
    for op in (op for op in OPERATIONS if not op.writes):
        ours = [p50(size[op.name]["ours"]) for size in (small, large)]
        raw = [p50(size[op.name]["raw"]) for size in (small, large)]
        mine = [ok for ok, plan in zip(same, plans, strict=True) if op.name.startswith(plan[0])]
        rows.append((
            op.name, ms(ours[0]), ms(ours[1]), f"{ours[1] / ours[0]:.2f}", f"<= {READ_GROWTH:g}",
            report.met(ours[1] / ours[0] <= READ_GROWTH), f"{raw[1] / raw[0]:.2f}",
            f"{sum(mine)} of {len(mine)}",
        ))  # fmt: skip
    print("Reads as the data grows (p50 ms, 1k -> 100k users, the same history per user):")
    print()
    header = ("read", "ours small", "ours large", "large/small", "target", "met?")
    report.table((*header, "raw large/small", "same query plans"), rows)
    print("Our reads' query plans (EXPLAIN QUERY PLAN on the small file, against the large):")
    print()
    rows = [(*plan, "yes" if ok else "**no**") for plan, ok in zip(plans, same, strict=True)]
    report.table(("read", "table", "plan", "same on large?"), rows, left=3)


def print_growth(report: Report, results: Results, pickled: Timings, saved: Timings) -> None:
    print("## 2. Write cost as the data grows (p50 ms)")
    print()
    turns = [results.operations[name]["turn"] for name in ("small", "large")]
    grown = results.growth
    users, length = "users 1k -> 100k", "session 10 -> 1,000 messages"
    measured = [
        ("postmind (adapter)", "turn", users, turns[0]["ours"], turns[1]["ours"], True),
        ("hand-written SQL", "turn", users, turns[0]["sql"], turns[1]["sql"], False),
        ("raw sqlite3", "turn", users, turns[0]["raw"], turns[1]["raw"], False),
        ("postmind (adapter)", "turn", length, grown["ours short"], grown["ours long"], True),
        ("raw sqlite3", "turn", length, grown["raw short"], grown["raw long"], False),
        # Not a write alone: it also reads up to HISTORY_LIMIT (200) messages for the prompt,
        # by design, so it grows up to 200 messages and is flat beyond.
        ("postmind (use cases)", "the Act handler + offline draft, prompt reads <= 200 messages",
         length, grown["use case short"], grown["use case long"], False),
        ("PTB PicklePersistence", "one user's change + flush", "users 1k -> 10k",
         pickled["1,000 users"], pickled["10,000 users"], False),
        ("naive JSON file", "save a turn: rewrite the history", length,
         saved["10 messages"], saved["1,000 messages"], False),
    ]  # fmt: skip
    rows = []
    for store, write, axis, small, large, targeted in measured:
        ratio = p50(large) / p50(small)
        verdict = report.met(ratio <= WRITE_GROWTH) if targeted else "-"
        target = f"<= {WRITE_GROWTH:g}" if targeted else "-"
        rows.append(
            (store, write, axis, ms(p50(small)), ms(p50(large)), f"{ratio:.2f}", target, verdict)
        )
    header = ("store", "write", "grows with", "small", "large", "large/small", "target", "met?")
    report.table(header, rows, left=3)


def print_start_ups(report: Report, runs: dict[str, dict[str, list[Run]]]) -> None:
    print("## 3. Start-up and memory in fresh processes (median seconds, peak RSS MB)")
    print()
    rows = []
    for label, by_size in runs.items():
        seconds = {n: statistics.median(r.seconds for r in rs) for n, rs in by_size.items()}
        memory = {n: max(r.megabytes for r in rs) for n, rs in by_size.items()}
        done = {n: all(r.finished for r in rs) for n, rs in by_size.items()}
        shown = {n: f"{s:.2f}" if done[n] else f"> {s:.0f} (killed)" for n, s in seconds.items()}
        peak = {n: f"{m:.0f}" if done[n] else f"> {m:.0f}" for n, m in memory.items()}
        bound = "" if done["large"] else "> "  # killed: the ratio is a lower bound
        growth = f"{bound}{seconds['large'] / seconds['small']:.2f}"
        fast = all(done.values()) and max(seconds.values()) < START_SECONDS
        lean = max(memory.values()) < START_MB
        rows.append((
            label, shown["small"], shown["large"], growth,
            report.met(fast), peak["small"], peak["large"], report.met(lean),
        ))  # fmt: skip
    header = ("what", "small s", "large s", "large/small", f"< {START_SECONDS:g} s?")
    report.table((*header, "small MB", "large MB", f"< {START_MB:g} MB?"), rows)


def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        databases = [prepare(directory, "small", SMALL), prepare(directory, "large", LARGE)]
        try:
            results = compare(databases)
        finally:
            for db in databases:
                db.raw.close()
        pickled, saved = pickle_flushes(directory), json_saves(directory)
        runs = start_ups({db.name: db.path for db in databases}, SMALL.users)
    print("# Storage: our adapter, raw sqlite3 and the data's growth")
    print()
    for db in databases:
        c = db.census
        print(
            f"- {db.name}: {c.users:,} users, {c.sessions:,} sessions, {c.messages:,} messages,"
            f" {c.posts:,} posts, {c.feedback:,} feedback rows, {c.megabytes:,.0f} MB,"
            f" built in {c.seconds:.1f} s"
        )
    ours, raw = _version(sqlite_version()), sqlite3.sqlite_version
    print(f"- SQLite: ours (cysqlite) {ours}, raw sqlite3 (stdlib) {raw}")
    print(
        f"- {BLOCKS} blocks per size, alternating; in each, {WARMUP} warm-up rounds, then"
        f" {READ_ROUNDS // BLOCKS} per read and {WRITE_ROUNDS // BLOCKS} per write"
    )
    print()
    report = Report()
    print_operations(report, results)
    print_reads(report, results)
    print_growth(report, results, pickled, saved)
    print_start_ups(report, runs)
    print(
        f"{sum(report.verdicts)} of {len(report.verdicts)} targets met;"
        f" total {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
