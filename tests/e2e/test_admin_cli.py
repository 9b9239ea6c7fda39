"""The admin commands of `postmind` on real SQLite files, as an operator and a script see them.

Every command runs as a real subprocess. The databases are filled by piping conversations
into `postmind chat`, and read back with the standard library's sqlite3 (read-only), so each
test checks what is really on disk, not what the command says about it. Independent commands
run side by side to keep the file fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from infrastructure.persistence.peewee.migrations import LATEST_VERSION
from tests.e2e.conftest import POSTMIND, clean_env

V1_FIXTURE = Path(__file__).parents[1] / "fixtures" / "postmind-v1.db"
USER_TABLES = ("sessions", "chat_history", "posts", "feedback", "user_preferences")  # user_id
TABLES = ("users", *USER_TABLES, "calibrations")
Rows = list[tuple[Any, ...]]
Snapshot = dict[str, Rows]

ANN, BOB, CAROL = 42, 7, 99
CONVERSATIONS = {
    ANN: [
        "Our bakery opens a second shop on Main Street next Saturday",
        ":shorter",
        ":approve",
        "4",
        "Summer opening hours for the cafe by the river",
        ":reject",
        "Autumn tasting menu with local apple pies",
        "way too long",
        ":approve",
        "5",
    ],
    BOB: ["Garden party next week at the city library", "more professional", ":approve", "5"],
    CAROL: ["Winter sale at the bike shop downtown", ":add_cta"],  # left open: an active session
}


# --- running postmind ------------------------------------------------------------------------


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def start(
    args: Sequence[str],
    *,
    cwd: Path,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(POSTMIND), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=clean_env(),
        preexec_fn=preexec_fn,
    )


def finish(process: subprocess.Popen[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    out, err = process.communicate(stdin, timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def run(
    *args: str,
    cwd: Path,
    stdin: str = "",
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    return finish(start(args, cwd=cwd, preexec_fn=preexec_fn), stdin)


def run_all(*commands: Sequence[str], cwd: Path) -> list[subprocess.CompletedProcess[str]]:
    """Run independent commands side by side; results in the order given."""
    processes = [start(args, cwd=cwd) for args in commands]
    return [finish(p) for p in processes]


def chat(db: Path, user_id: int) -> list[str]:
    return ["chat", "--user-id", str(user_id), "--database-url", url(db)]


def talk(db: Path, conversations: dict[int, list[str]], cwd: Path) -> None:
    """Pipe each user's conversation into `postmind chat`, the users side by side."""
    processes = {u: start(chat(db, u), cwd=cwd) for u in conversations}
    for user, process in processes.items():
        result = finish(process, "\n".join(conversations[user]) + "\n")
        assert result.returncode == 0, result.stderr
        assert result.stdout.rstrip().endswith("Bye."), result.stdout


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The one error line of a failed command (and no traceback)."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("postmind: "), lines[0]
    return lines[0]


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(ok(result).stdout)


# --- reading the files back ------------------------------------------------------------------


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """Read-only; immutable (no -wal/-shm left behind) unless a writer may be at work."""
    live = Path(f"{path}-wal").exists()
    uri = f"file:{path}?mode=ro" + ("" if live else "&immutable=1")
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        yield connection


def rows(path: Path, table: str, where: str = "1") -> Rows:
    with reading(path) as db:
        return db.execute(f'SELECT * FROM "{table}" WHERE {where} ORDER BY 1, 2').fetchall()


def snapshot(path: Path) -> Snapshot:
    """Every row of every table the database has (an old schema lacks the newer ones)."""
    with reading(path) as db:
        have = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    return {table: rows(path, table) for table in TABLES if table in have}


def kept(now: Snapshot, before: Snapshot) -> Snapshot:
    """`now` with only the tables and the leading columns `before` had (migrations add
    columns at the end of a row)."""
    return {
        table: [row[: len(found[0])] for row in now[table]] if found else now[table]
        for table, found in before.items()
    }


def counts(path: Path) -> dict[str, int]:
    return {table: len(found) for table, found in snapshot(path).items()}


def dump_digest(path: Path) -> str:
    with reading(path) as db:
        return hashlib.sha256("\n".join(db.iterdump()).encode()).hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_database(source: Path, target: Path) -> Path:
    """A copy as private as postmind makes its files (a shared one is warned about)."""
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
            os.chmod(f"{target}{suffix}", 0o600)
    return target


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


# --- databases -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def populated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three users' conversations; built once, copied by each test that changes it."""
    directory = tmp_path_factory.mktemp("populated")
    db = directory / "postmind.db"
    talk(db, {ANN: CONVERSATIONS[ANN]}, directory)  # creates and migrates the file
    talk(db, {u: c for u, c in CONVERSATIONS.items() if u != ANN}, directory)
    return db


@pytest.fixture
def db(populated: Path, tmp_path: Path) -> Path:
    return copy_database(populated, tmp_path / "postmind.db")


@pytest.fixture
def v1_db(tmp_path: Path) -> Path:
    """A copy of a database an older postmind wrote (schema version 1, data from 2026-01)."""
    return copy_database(V1_FIXTURE, tmp_path / "old.db")


@pytest.fixture
def junk(tmp_path: Path) -> Path:
    path = tmp_path / "junk.db"
    path.write_bytes(os.urandom(50_000))
    return path


# --- users and sessions ----------------------------------------------------------------------


def test_users_and_sessions_list_what_is_stored(populated: Path, tmp_path: Path) -> None:
    target = ("--database-url", url(populated))
    users, sessions, users_table, sessions_table = run_all(
        ("users", "--json", *target),
        ("sessions", "--user", str(ANN), "--json", *target),
        ("users", *target),
        ("sessions", "--user", str(ANN), *target),
        cwd=tmp_path,
    )

    listed = {u["user_id"]: u for u in as_json(users)}
    assert set(listed) == {ANN, BOB, CAROL}
    for user_id, user in listed.items():
        stored = rows(populated, "sessions", f"user_id = {user_id}")
        assert user["sessions"] == len(stored)
        assert user["posts"] == len(rows(populated, "posts", f"user_id = {user_id}"))
    assert (listed[ANN]["sessions"], listed[ANN]["posts"], listed[ANN]["approved_posts"]) == (
        3,
        5,
        2,
    )

    newest_first = [
        r[0]
        for r in sorted(
            rows(populated, "sessions", f"user_id = {ANN}"), key=lambda r: r[4], reverse=True
        )
    ]
    listed_sessions = as_json(sessions)
    assert [s["session_id"] for s in listed_sessions] == newest_first
    assert [s["started_at"] for s in listed_sessions] == sorted(
        (s["started_at"] for s in listed_sessions), reverse=True
    )
    assert [s["status"] for s in listed_sessions] == ["completed", "abandoned", "completed"]
    assert listed_sessions[-1]["brief"] == CONVERSATIONS[ANN][0]

    for table in (ok(users_table), ok(sessions_table)):
        assert table.stderr == ""
    assert all(str(u) in users_table.stdout for u in (ANN, BOB, CAROL))
    assert "abandoned" in sessions_table.stdout and "completed" in sessions_table.stdout


# --- backup ----------------------------------------------------------------------------------


def test_backup_into_a_directory_and_to_a_file_name_copies_every_row(
    db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    named = tmp_path / "named.db"

    into_folder, to_file = run_all(
        ("backup", str(folder), "--database-url", url(db)),
        ("backup", str(named), "--json", "--database-url", url(db)),
        cwd=tmp_path,
    )

    assert "Backed up to" in ok(into_folder).stdout
    (stamped,) = folder.iterdir()
    assert re.fullmatch(r"postmind-\d{8}-\d{6}\.db", stamped.name)
    report = as_json(to_file)
    assert report["path"] == str(named) and report["schema_version"] == LATEST_VERSION
    assert report["row_counts"] == counts(db)
    source = snapshot(db)
    for backup in (stamped, named):
        assert mode(backup) == 0o600
        assert snapshot(backup) == source

    checks = run_all(
        *(("verify", "--json", "--database-url", url(b)) for b in (stamped, named)),
        cwd=tmp_path,
    )
    for check in checks:
        verified = as_json(check)
        assert verified["ok"] is True and verified["integrity"] == "ok"
        assert verified["row_counts"] == counts(db)


def test_backup_refuses_to_overwrite_an_existing_file(db: Path, tmp_path: Path) -> None:
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"yesterday's backup")

    error = refused(run("backup", str(existing), "--database-url", url(db), cwd=tmp_path))

    assert "already exists" in error
    assert existing.read_bytes() == b"yesterday's backup"


def test_a_failed_backup_prints_exactly_its_error_line_on_stderr(db: Path, tmp_path: Path) -> None:
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"")

    result = run("backup", str(existing), "--database-url", url(db), cwd=tmp_path)

    assert result.stderr == f"postmind: {existing} already exists: choose a new name.\n"


class Writer:
    """A `postmind chat` fed an endless stream of briefs, committing until stopped."""

    def __init__(self, db: Path, user_id: int, cwd: Path) -> None:
        self._process = subprocess.Popen(
            [str(POSTMIND), *chat(db, user_id)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,  # never read while it runs: a full pipe would stall it
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env=clean_env(),
        )
        self._feeder = threading.Thread(target=self._feed, daemon=True)

    def _feed(self) -> None:
        assert self._process.stdin is not None
        try:
            for n in range(1_000_000):
                self._process.stdin.write(f"Brief {n}: fresh bread on Main Street\n:approve\n")
                self._process.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            return  # stopped

    def __enter__(self) -> Writer:
        self._feeder.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._process.terminate()
        self._feeder.join(timeout=30)  # its next write meets the closed pipe
        _, err = self._process.communicate(timeout=30)
        assert "Traceback" not in err and "locked" not in err, err


def wait_for(condition: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def live_history(db: Path) -> Rows:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as live:
        return live.execute("SELECT * FROM chat_history ORDER BY id").fetchall()


def test_a_backup_taken_while_another_process_writes_holds_every_earlier_commit(
    db: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "hot.db"
    before = len(rows(db, "chat_history"))

    with Writer(db, user_id=5, cwd=tmp_path):
        wait_for(lambda: len(live_history(db)) >= before + 100)
        committed = live_history(db)  # every message committed before the backup starts
        result = run("backup", str(backup), "--json", "--database-url", url(db), cwd=tmp_path)
        after = len(live_history(db))

    ok(result)
    assert after > len(committed), "the writer should have kept committing during the backup"
    last_id = committed[-1][0]
    copied = rows(backup, "chat_history")
    assert [r for r in copied if r[0] <= last_id] == committed
    verified = as_json(run("verify", "--json", "--database-url", url(backup), cwd=tmp_path))
    assert verified["ok"] is True and verified["integrity"] == "ok"
    assert verified["foreign_key_problems"] == 0
    assert verified["row_counts"]["chat_history"] == len(copied) >= len(committed)


# --- restore ---------------------------------------------------------------------------------


def test_restore_brings_the_backup_back_and_keeps_the_replaced_database(
    db: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "monday.db"
    ok(run("backup", str(backup), "--database-url", url(db), cwd=tmp_path))
    talk(db, {BOB: ["Book swap on Sunday at the library", ":approve", "3"]}, tmp_path)
    newer = snapshot(db)
    assert newer != snapshot(backup)

    report = as_json(run("restore", str(backup), "--json", "--database-url", url(db), cwd=tmp_path))

    assert snapshot(db) == snapshot(backup)
    assert report["row_counts"] == counts(backup)
    (kept,) = tmp_path.glob("postmind.db.before-restore-*")
    assert report["safety_copy"] == str(kept)
    assert snapshot(kept) == newer
    assert mode(kept) == 0o600
    assert as_json(run("verify", "--json", "--database-url", url(db), cwd=tmp_path))["ok"]


def test_restore_refuses_a_file_that_is_not_a_postmind_backup(
    db: Path, junk: Path, tmp_path: Path
) -> None:
    unrelated = tmp_path / "unrelated.db"
    with closing(sqlite3.connect(unrelated)) as other:
        other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        other.commit()
    empty = tmp_path / "empty.db"
    empty.touch()
    before = dump_digest(db)

    results = run_all(
        *(("restore", str(s), "--database-url", url(db)) for s in (junk, unrelated, empty)),
        cwd=tmp_path,
    )

    for source, result in zip((junk, unrelated, empty), results, strict=True):
        error = refused(result)
        assert str(source.name) in error and "backup" in error, error
    assert dump_digest(db) == before
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_restore_replaces_a_corrupted_database_and_keeps_the_damaged_file(
    db: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "good.db"
    ok(run("backup", str(backup), "--database-url", url(db), cwd=tmp_path))
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(os.urandom(50_000))
    damaged_bytes = damaged.read_bytes()

    ok(run("restore", str(backup), "--database-url", url(damaged), cwd=tmp_path))

    assert snapshot(damaged) == snapshot(backup)
    kept = [p for p in tmp_path.glob("damaged.db.before-restore-*")]
    assert [p.read_bytes() for p in kept] == [damaged_bytes]


# --- verify and migrate ----------------------------------------------------------------------


def test_verify_reports_a_sound_database_with_its_row_counts(db: Path, tmp_path: Path) -> None:
    as_text, as_data = run_all(
        ("verify", "--database-url", url(db)),
        ("verify", "--json", "--database-url", url(db)),
        cwd=tmp_path,
    )

    assert "integrity: ok" in ok(as_text).stdout
    report = as_json(as_data)
    assert {"ok", "integrity", "foreign_key_problems", "schema_version", "row_counts"} <= set(
        report
    )
    assert report["ok"] is True and report["integrity"] == "ok"
    assert report["foreign_key_problems"] == 0 and report["schema_version"] == LATEST_VERSION
    assert report["row_counts"] == counts(db)


def test_migrate_says_what_each_step_changed(v1_db: Path, tmp_path: Path) -> None:
    target = ("--database-url", url(v1_db))

    first = run("migrate", *target, cwd=tmp_path)
    second = run("migrate", *target, cwd=tmp_path)

    assert first.returncode == 0, first.stderr
    lines = first.stdout.strip().splitlines()
    assert lines[0] == f"Migrated from schema version 1 to {LATEST_VERSION}:"
    assert [line.split()[0] for line in lines[1:]] == [str(v) for v in range(2, LATEST_VERSION + 1)]
    assert "drafts measured" in lines[-4]  # version 4's step
    assert "chat message showing each draft" in lines[-3]  # version 5's
    assert "asked to mention or leave out" in lines[-2]  # version 6's
    assert "chat turns and send pacing" in lines[-1]  # version 7's
    assert "nothing to do" in second.stdout


def test_migrate_upgrades_a_version_1_database_once_and_keeps_every_row(
    v1_db: Path, tmp_path: Path
) -> None:
    target = ("--database-url", url(v1_db))
    original = snapshot(v1_db)

    old = run("verify", *target, cwd=tmp_path)
    first = as_json(run("migrate", "--json", *target, cwd=tmp_path))
    second = as_json(run("migrate", "--json", *target, cwd=tmp_path))
    verified, stats = run_all(
        ("verify", "--json", *target),
        ("stats", "--user", str(ANN), "--json", *target),
        cwd=tmp_path,
    )

    assert old.returncode == 1 and "Traceback" not in old.stderr
    assert "postmind migrate" in old.stdout + old.stderr
    upgrades = list(range(2, LATEST_VERSION + 1))
    assert first["applied"] == upgrades and first["schema_version"] == LATEST_VERSION
    assert first["from_version"] == 1 and len(first["descriptions"]) == len(upgrades)
    assert second == {
        "applied": [],
        "schema_version": LATEST_VERSION,
        "descriptions": [],
        "from_version": LATEST_VERSION,
    }
    assert as_json(verified)["ok"] is True
    assert kept(snapshot(v1_db), original) == original  # every row, every value
    assert rows(v1_db, "posts", "status = 'approved'")[0][4] == "Draft 2 #Bakery #News"
    with reading(v1_db) as db:  # every old draft measured by today's yardstick
        measured = db.execute("SELECT content, measured_words, measured_hashtags FROM posts")
        assert [(w, h) for _, w, h in measured] == [(2, 2)] * 3
    counters = as_json(stats)
    assert (counters["sessions"], counters["posts"], counters["approved_posts"]) == (2, 3, 1)
    assert counters["avg_satisfaction"] == 5.0
    assert counters["first_attempt_fit_rate"] == 0.0  # 2-word drafts asked to be 56 words


def test_verify_reports_a_damaged_page_as_an_integrity_problem(db: Path, tmp_path: Path) -> None:
    with reading(db) as source:
        (root,) = source.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'chat_history'"
        ).fetchone()
        (page_size,) = source.execute("PRAGMA page_size").fetchone()
    with db.open("r+b") as file:  # the root page of chat_history, zeroed
        file.seek((root - 1) * page_size)
        file.write(bytes(page_size))

    result = run("verify", "--json", "--database-url", url(db), cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["integrity"] != "ok"


# --- cleanup ---------------------------------------------------------------------------------


def test_cleanup_dry_run_reports_and_the_real_run_removes_exactly_that(
    v1_db: Path, tmp_path: Path
) -> None:
    if (datetime.now(UTC) - datetime(2026, 1, 3, tzinfo=UTC)).days <= 31:
        pytest.skip("the clock must be well past the fixture's data (2026-01)")
    talk(v1_db, {k: v for k, v in CONVERSATIONS.items() if k in (ANN, BOB)}, tmp_path)
    target = ("--database-url", url(v1_db))
    before = snapshot(v1_db)
    user_stats = ("stats", "--user", str(ANN), "--json", *target)

    stats_before, dry = run_all(
        user_stats, ("cleanup", "--older-than", "30", "--dry-run", "--json", *target), cwd=tmp_path
    )
    dry_report = as_json(dry)
    assert snapshot(v1_db) == before
    real_report = as_json(run("cleanup", "--older-than", "30", "--json", *target, cwd=tmp_path))
    after = snapshot(v1_db)
    stats_after = run(*user_stats, cwd=tmp_path)

    cutoff = datetime.fromisoformat(real_report["cutoff"])
    old = {
        s[0]
        for s in before["sessions"]
        if s[3] == "abandoned" and datetime.fromisoformat(s[5]) < cutoff
    }
    completed = {s[0] for s in before["sessions"] if s[3] == "completed"}
    assert old == {2}  # the fixture's abandoned session; today's stays
    history = [
        m
        for m in before["chat_history"]
        if m[1] not in old and not (m[1] in completed and datetime.fromisoformat(m[5]) < cutoff)
    ]
    assert after["sessions"] == [s for s in before["sessions"] if s[0] not in old]
    assert after["chat_history"] == history
    assert after["posts"] == [p for p in before["posts"] if p[1] not in old]
    assert after["feedback"] == [f for f in before["feedback"] if f[2] not in old]
    assert after["users"] == before["users"]
    assert after["user_preferences"] == before["user_preferences"]
    approved = [p for p in before["posts"] if p[6] == "approved"]
    assert approved and all(p in after["posts"] for p in approved)

    tables = {
        "sessions_removed": "sessions",
        "messages_removed": "chat_history",
        "posts_removed": "posts",
        "feedback_removed": "feedback",
    }
    gone = {key: len(before[t]) - len(after[t]) for key, t in tables.items()}
    assert {key: dry_report[key] for key in tables} == gone
    assert {key: real_report[key] for key in tables} == gone
    assert (gone["sessions_removed"], gone["messages_removed"]) == (1, 8)
    assert dry_report["dry_run"] is True and real_report["dry_run"] is False

    counters = ("sessions", "posts", "approved_posts", "avg_satisfaction")
    assert {k: as_json(stats_after)[k] for k in counters} == {
        k: as_json(stats_before)[k] for k in counters
    }


CLEANUP_KEYS = {
    "cutoff",
    "dry_run",
    "sessions_removed",
    "messages_removed",
    "posts_removed",
    "feedback_removed",
}


@pytest.fixture(scope="module")
def aged_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The old database (data from 2026-01) with today's three conversations (one of them left
    open); built once, copied by each test."""
    if (datetime.now(UTC) - datetime(2026, 1, 3, tzinfo=UTC)).days <= 31:
        pytest.skip("the clock must be well past the fixture's data (2026-01)")
    directory = tmp_path_factory.mktemp("aged")
    db = copy_database(V1_FIXTURE, directory / "aged.db")
    talk(db, {ANN: CONVERSATIONS[ANN]}, directory)  # migrates the file first
    talk(db, {u: c for u, c in CONVERSATIONS.items() if u != ANN}, directory)
    return db


@pytest.fixture
def aged(aged_once: Path, tmp_path: Path) -> Path:
    return copy_database(aged_once, tmp_path / "aged.db")


def sessions_of(before: Snapshot, status: str) -> set[int]:
    return {s[0] for s in before["sessions"] if s[3] == status}


def cut_off_within(report: dict[str, Any], earliest: datetime, latest: datetime) -> bool:
    return earliest <= datetime.fromisoformat(report["cutoff"]) <= latest


def test_cleanup_older_than_0_with_dry_run_reports_everything_that_could_go_and_keeps_it(
    aged: Path, tmp_path: Path
) -> None:
    target = ("--database-url", url(aged))
    before = snapshot(aged)
    started = datetime.now(UTC)

    as_data, as_text = run_all(
        ("cleanup", "--older-than", "0", "--dry-run", "--json", *target),
        ("cleanup", "--older-than", "0", "--dry-run", *target),
        cwd=tmp_path,
    )

    finished = datetime.now(UTC)
    assert snapshot(aged) == before
    abandoned, completed = sessions_of(before, "abandoned"), sessions_of(before, "completed")
    assert len(abandoned) == 2 and sessions_of(before, "active")  # old and today's; one open
    report = as_json(as_data)
    assert set(report) == CLEANUP_KEYS
    assert cut_off_within(report, started, finished)
    assert {key: report[key] for key in CLEANUP_KEYS - {"cutoff"}} == {
        "dry_run": True,
        "sessions_removed": len(abandoned),
        "messages_removed": len(
            [m for m in before["chat_history"] if m[1] in abandoned | completed]
        ),
        "posts_removed": len([p for p in before["posts"] if p[1] in abandoned]),
        "feedback_removed": len([f for f in before["feedback"] if f[2] in abandoned]),
    }
    assert ok(as_text).stdout.startswith(f"Would remove {len(abandoned)} abandoned session(s)")


def test_cleanup_older_than_takes_hours_and_weeks_and_a_bare_number_is_days(
    aged: Path, tmp_path: Path
) -> None:
    copies = {age: copy_database(aged, tmp_path / f"{age}.db") for age in ("12h", "2w")}
    before = snapshot(aged)
    started = datetime.now(UTC)

    in_hours, in_weeks, in_days, in_bare_days = run_all(
        *(("cleanup", "--older-than", age, "--json", "--database-url", url(copies[age]))
          for age in copies),
        ("cleanup", "--older-than", " 30D ", "--dry-run", "--json", "--database-url", url(aged)),
        ("cleanup", "--older-than", "30", "--dry-run", "--json", "--database-url", url(aged)),
        cwd=tmp_path,
    )  # fmt: skip

    finished = datetime.now(UTC)
    old, old_completed = 2, 1  # the fixture's sessions, from 2026-01; today's all stay
    expected = {
        **before,
        "sessions": [s for s in before["sessions"] if s[0] != old],
        "chat_history": [m for m in before["chat_history"] if m[1] not in (old, old_completed)],
        "posts": [p for p in before["posts"] if p[1] != old],
        "feedback": [f for f in before["feedback"] if f[2] != old],
    }
    removed = {
        "sessions_removed": 1,
        "messages_removed": 8,
        "posts_removed": 1,
        "feedback_removed": 0,
    }
    for result, age in ((in_hours, timedelta(hours=12)), (in_weeks, timedelta(weeks=2))):
        report = as_json(result)
        assert set(report) == CLEANUP_KEYS and report["dry_run"] is False
        assert cut_off_within(report, started - age, finished - age)
        assert {key: report[key] for key in removed} == removed
    for copy in copies.values():
        assert snapshot(copy) == expected
    month = timedelta(days=30)
    for report in (as_json(in_days), as_json(in_bare_days)):
        assert cut_off_within(report, started - month, finished - month)
        assert report["dry_run"] is True and {key: report[key] for key in removed} == removed
    assert snapshot(aged) == before


def test_cleanup_refuses_older_than_0_without_dry_run_and_deletes_nothing(
    aged: Path, tmp_path: Path
) -> None:
    before = snapshot(aged)

    result = run(
        "cleanup", "--older-than", "0", "--json", "--database-url", url(aged), cwd=tmp_path
    )

    assert result.returncode == 2 and result.stdout == ""
    error = refused(result)
    assert "--older-than" in error and "at least 1h" in error and "--dry-run" in error
    assert snapshot(aged) == before


@pytest.mark.parametrize("age", ["soon", "-5", "1.5d", "3m", "99999w", ""])
def test_cleanup_refuses_what_is_not_a_length_of_time_in_one_line(
    db: Path, tmp_path: Path, age: str
) -> None:
    before = snapshot(db)

    result = run(
        "cleanup", "--older-than", age, "--dry-run", "--database-url", url(db), cwd=tmp_path
    )

    error = refused(result)
    assert result.returncode == 2
    assert error.startswith("postmind: --older-than takes 12h, 30d, 2w"), error
    assert error.endswith(f"not {age!r}."), error
    assert snapshot(db) == before


def test_cleanup_help_lists_the_forms_of_older_than(tmp_path: Path) -> None:
    shown = ok(run("cleanup", "--help", cwd=tmp_path)).stdout

    words = " ".join(re.sub(r"[│╭╮╰╯─]", " ", shown).split())  # the option's text, unwrapped
    assert "12h, 30d or 2w (hours, days, weeks), or a bare number of days" in words
    assert "at least 1h, or 0 (everything) with --dry-run" in words


# --- export and forget -----------------------------------------------------------------------


def test_export_writes_the_users_document_to_a_private_file_or_to_stdout(
    db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "ann.json"
    target = ("--database-url", url(db))

    to_file, to_stdout, unknown, unknown_to_file = run_all(
        ("export", "--user", str(ANN), "--out", str(out), *target),
        ("export", "--user", str(ANN), *target),
        ("export", "--user", "999", *target),
        ("export", "--user", "999", "--out", str(tmp_path / "nobody.json"), *target),
        cwd=tmp_path,
    )

    ok(to_file)
    assert mode(out) == 0o600
    document = json.loads(out.read_text())
    assert json.loads(ok(to_stdout).stdout) == document
    assert (document["format"], document["version"]) == ("postmind-export", 1)
    assert document["user"]["id"] == ANN
    stored = rows(db, "posts", f"user_id = {ANN}")
    assert [(p["id"], p["version"], p["status"], p["content"]) for p in document["posts"]] == [
        (p[0], p[3], p[6], p[4]) for p in stored
    ]
    assert len(document["sessions"]) == len(rows(db, "sessions", f"user_id = {ANN}"))
    assert len(document["messages"]) == len(rows(db, "chat_history", f"user_id = {ANN}"))
    assert len(document["preferences"]) == len(rows(db, "user_preferences", f"user_id = {ANN}"))
    for result in (unknown, unknown_to_file):
        assert "999" in refused(result)
    assert not (tmp_path / "nobody.json").exists()


def test_forget_needs_yes_then_erases_every_row_of_the_user_only(db: Path, tmp_path: Path) -> None:
    target = ("--database-url", url(db))
    before = snapshot(db)
    others = {t: rows(db, t, f"user_id != {ANN}") for t in USER_TABLES}
    assert all(others.values())

    unconfirmed = run("forget", "--user", str(ANN), *target, cwd=tmp_path)
    assert "--yes" in refused(unconfirmed)
    assert snapshot(db) == before

    result = as_json(run("forget", "--user", str(ANN), "--yes", "--json", *target, cwd=tmp_path))

    assert result["rows_left"] == 0 and result["sessions_erased"] == 3
    assert rows(db, "users") == [u for u in before["users"] if u[0] != ANN]
    for table in USER_TABLES:
        assert rows(db, table, f"user_id = {ANN}") == [], table
        assert rows(db, table) == others[table], table
    with reading(db) as after:
        assert after.execute("PRAGMA foreign_key_check").fetchall() == []


# --- errors ----------------------------------------------------------------------------------


def test_commands_refuse_a_missing_database_and_create_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    folder = tmp_path / "backups"
    folder.mkdir()
    target = ("--database-url", url(missing))

    results = run_all(
        ("verify", *target), ("users", *target), ("backup", str(folder), *target), cwd=tmp_path
    )

    for result in results:
        assert "no database" in refused(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups"]
    assert list(folder.iterdir()) == []


def test_stats_refuses_a_missing_database_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"

    result = run("stats", "--json", "--database-url", url(missing), cwd=tmp_path)

    assert not missing.exists()
    assert "no database" in refused(result)


def test_commands_refuse_an_unknown_url_scheme(tmp_path: Path) -> None:
    target = ("--database-url", "ftp://example.com/postmind.db")

    results = run_all(
        ("verify", *target), ("users", *target), ("backup", str(tmp_path / "b.db"), *target),
        ("stats", *target), cwd=tmp_path,
    )  # fmt: skip

    for result in results:
        assert "ftp" in refused(result)
    assert list(tmp_path.iterdir()) == []


def test_commands_refuse_a_file_that_is_not_a_database_and_leave_it_alone(
    junk: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    before = file_digest(junk)
    target = ("--database-url", url(junk))

    results = run_all(
        ("verify", *target), ("users", *target), ("backup", str(folder), *target),
        ("stats", *target), ("migrate", *target), cwd=tmp_path,
    )  # fmt: skip

    for result in results:
        assert "not a database" in refused(result)
    assert file_digest(junk) == before
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "junk.db"]


def test_backup_into_a_read_only_directory_is_refused(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a read-only directory is still writable")
        error = refused(run("backup", str(folder), "--database-url", url(db), cwd=tmp_path))
        assert str(folder) in error
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
    assert ok(run("verify", "--database-url", url(db), cwd=tmp_path))


def small_file_limit() -> None:
    """In the child: files may not grow past 20,000 bytes, as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


@pytest.mark.parametrize("source_in_use", [False, True], ids=["idle", "in-use"])
def test_backup_on_a_full_disk_fails_cleanly(db: Path, tmp_path: Path, source_in_use: bool) -> None:
    assert db.stat().st_size > 20_000
    folder = tmp_path / "backups"
    folder.mkdir()
    before = dump_digest(db)

    with ExitStack() as stack:
        if source_in_use:  # another process holds it open, as the running bot does
            reader = stack.enter_context(closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)))
            reader.execute("SELECT COUNT(*) FROM users").fetchone()
        into_folder, to_file = (
            run("backup", str(dest), "--database-url", url(db),
                cwd=tmp_path, preexec_fn=small_file_limit)
            for dest in (folder, tmp_path / "full.db")
        )  # fmt: skip

    for result in (into_folder, to_file):
        assert re.search(r"disk|space|full", refused(result), re.IGNORECASE)
    assert list(folder.iterdir()) == []
    assert not (tmp_path / "full.db").exists()
    assert dump_digest(db) == before
    assert as_json(run("verify", "--json", "--database-url", url(db), cwd=tmp_path))["ok"]
