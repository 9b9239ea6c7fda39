"""The files postmind makes are their owner's alone, and a database others can open is said.

Every command runs as a real `postmind` subprocess under the usual umask (022, which would
make a new file world-readable); modes are read back with os.stat. A database that already
exists keeps the mode its owner gave it: postmind warns once per process, naming the fix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_admin_cli import ANN, Writer, mode, ok, run, talk, url, wait_for

BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
LOG_LINE = (
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING infrastructure\.persistence\.peewee\.database: "
)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The commands inherit it: without postmind's care their files would be 0644."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "postmind.db"
    talk(path, {ANN: [BRIEF, ":approve"]}, tmp_path)
    return path


def shared_warning(path: Path, shared: int) -> str:
    return (
        f"{LOG_LINE}the database file {re.escape(str(path))} is open to other users"
        f" \\(mode {shared:04o}\\): make it private with chmod 600 {re.escape(str(path))}"
    )


def test_a_database_restored_to_a_new_path_is_private_and_so_are_its_wal_and_shm(
    db: Path, tmp_path: Path
) -> None:
    backup, restored = tmp_path / "monday.db", tmp_path / "restored" / "postmind.db"
    restored.parent.mkdir()
    ok(run("backup", str(backup), "--database-url", url(db), cwd=tmp_path))

    result = ok(run("restore", str(backup), "--database-url", url(restored), cwd=tmp_path))

    assert result.stderr == ""
    assert mode(backup) == 0o600
    assert {p.name: mode(p) for p in restored.parent.iterdir()} == {"postmind.db": 0o600}
    with Writer(restored, user_id=5, cwd=tmp_path):  # the pool the bot opens too, writing
        wal, shm = Path(f"{restored}-wal"), Path(f"{restored}-shm")
        wait_for(lambda: wal.exists() and shm.exists())
        files = {p.name: mode(p) for p in restored.parent.iterdir()}
    assert files == {"postmind.db": 0o600, "postmind.db-wal": 0o600, "postmind.db-shm": 0o600}
    assert mode(restored) == 0o600


def test_restoring_over_a_database_keeps_its_mode_and_the_safety_copy_is_private(
    db: Path, tmp_path: Path
) -> None:
    backup, damaged = tmp_path / "monday.db", tmp_path / "damaged.db"
    ok(run("backup", str(backup), "--database-url", url(db), cwd=tmp_path))
    damaged.write_bytes(os.urandom(50_000))
    damaged.chmod(0o640)  # shared with a group on purpose: the owner's choice

    ok(run("restore", str(backup), "--database-url", url(damaged), cwd=tmp_path))

    (kept,) = tmp_path.glob("damaged.db.before-restore-*")
    assert mode(kept) == 0o600
    assert mode(damaged) == 0o640


def test_a_copy_into_a_new_sqlite_file_is_private(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"

    ok(run("copy", "--from", url(db), "--to", url(target), cwd=tmp_path))

    assert mode(target) == 0o600


@pytest.mark.parametrize("shared", [0o644, 0o640, 0o604], ids=["0644", "0640", "0604"])
def test_a_database_others_can_read_is_warned_about_once_and_left_as_it_is(
    db: Path, tmp_path: Path, shared: int
) -> None:
    backup = tmp_path / "monday.db"
    ok(run("backup", str(backup), "--database-url", url(db), cwd=tmp_path))
    db.chmod(shared)
    conversation = f"{BRIEF}\n:shorter\n:longer\n:approve\n5\n/stats\n"

    target = ("--database-url", url(db))

    results = [  # chat: the pool and the WAL checkpointer; restore opens the file 4 times
        ok(run("chat", "--user-id", "5", *target, cwd=tmp_path, stdin=conversation)),
        ok(run("restore", str(backup), *target, cwd=tmp_path)),
        ok(run("verify", *target, cwd=tmp_path)),
        ok(run("stats", *target, cwd=tmp_path)),
    ]

    for result in results:
        (line,) = result.stderr.splitlines()
        assert re.fullmatch(shared_warning(db, shared), line), line
    assert mode(db) == shared


def test_a_private_database_is_opened_without_a_word(db: Path, tmp_path: Path) -> None:
    assert mode(db) == 0o600

    results = [
        ok(run("chat", "--user-id", "5", "--database-url", url(db), cwd=tmp_path, stdin=BRIEF)),
        ok(run("verify", "--database-url", url(db), cwd=tmp_path)),
    ]

    assert [r.stderr for r in results] == ["", ""]
