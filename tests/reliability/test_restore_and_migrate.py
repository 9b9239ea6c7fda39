"""Restore and migrate under faults: a hot WAL, bad sources, and kill -9 at every step."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from infrastructure.persistence.peewee.migrations import LATEST_VERSION
from tests.e2e.conftest import postmind as run_postmind
from tests.reliability.faults import clean, state

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "tests" / "fixtures" / "postmind-v1.db"  # see tests/fixtures/make_v1_database.py
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"


def postmind(*args: str, database: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_postmind(*args, database_url=f"sqlite:///{database}", stdin=stdin)


def digest(*paths: Path) -> str:
    return hashlib.sha256(
        b"".join(p.read_bytes() if p.exists() else b"-" for p in paths)
    ).hexdigest()


def wal(path: Path) -> Path:
    return Path(f"{path}-wal")


HOT_WAL = """
import os, sys, cysqlite
db = cysqlite.connect(sys.argv[1])
db.execute("PRAGMA wal_autocheckpoint = 0")
db.execute("INSERT INTO users (id, created_at, last_active_at) VALUES (999, 'x', 'x')")
db.execute("UPDATE chat_history SET content = 'written after the backup'")
os._exit(9)  # as kill -9 would: the WAL is left hot, never checkpointed
"""


def test_restore_over_a_hot_wal_gives_exactly_the_backups_contents(tmp_path: Path) -> None:
    live, backup = tmp_path / "live.db", tmp_path / "backup.db"
    assert postmind("chat", database=live, stdin=f"{BRIEF}\n:shorter\n").returncode == 0
    assert postmind("backup", str(backup), database=live).returncode == 0
    wanted = state(backup)
    subprocess.run([sys.executable, "-c", HOT_WAL, str(live)], check=False, timeout=30)
    assert wal(live).stat().st_size > 0  # committed frames nobody checkpointed

    restored = postmind("restore", str(backup), database=live)

    assert restored.returncode == 0, restored.stderr
    assert state(live) == wanted
    assert clean(live)


def corrupted(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 4096, 7):
        data[offset] ^= 0x5A
    target.write_bytes(bytes(data))
    return target


def truncated(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[: len(source.read_bytes()) // 2])
    return target


def not_sqlite(source: Path, target: Path) -> Path:
    target.write_bytes(b"This is a note, not a database.\n" * 200)
    return target


def from_the_future(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    with sqlite3.connect(target) as db:
        db.execute(
            "INSERT INTO schema_version VALUES (?, 'from the future', '2030-01-01')",
            (LATEST_VERSION + 1,),
        )
    return target


@pytest.mark.parametrize("spoil", [corrupted, truncated, not_sqlite, from_the_future])
def test_a_bad_source_is_refused_and_the_live_database_is_byte_identical(
    tmp_path: Path, spoil: object
) -> None:
    live, backup = tmp_path / "live.db", tmp_path / "backup.db"
    assert postmind("chat", database=live, stdin=f"{BRIEF}\n:shorter\n").returncode == 0
    assert postmind("backup", str(backup), database=live).returncode == 0
    subprocess.run([sys.executable, "-c", HOT_WAL, str(live)], check=False, timeout=30)
    source = spoil(backup, tmp_path / "spoiled.db")  # type: ignore[operator]
    before = digest(live, wal(live))

    refused = postmind("restore", str(source), database=live)

    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr and refused.stderr.strip(), refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert digest(live, wal(live)) == before
    assert not list(tmp_path.glob("*.before-restore-*"))


def schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()


def version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)


@pytest.mark.parametrize("start", ["version 1", pytest.param("empty", marks=pytest.mark.long)])
def test_a_kill_at_every_step_of_migrate_leaves_the_old_or_the_new_schema(
    tmp_path: Path, start: str
) -> None:
    base = tmp_path / "base.db"
    if start == "version 1":
        shutil.copyfile(V1, base)
    else:
        sqlite3.connect(base).close()
    old = schema(base)
    new_file = tmp_path / "new.db"
    shutil.copyfile(base, new_file)
    assert postmind("migrate", database=new_file).returncode == 0
    new = schema(new_file)
    kills = 0
    for k in range(1, 200):
        work = tmp_path / "work.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(base, work)
        done = subprocess.run(
            [sys.executable, "-m", "tests.reliability.migrate_driver", str(work), str(k)],
            capture_output=True, text=True, timeout=60, cwd=ROOT,
        )  # fmt: skip
        if done.returncode == 0:
            break
        assert done.returncode == 3, done.stderr
        kills += 1
        found = schema(work)
        assert found in (old, new), f"kill at step {k}: a partial schema"
        if found == new:
            assert version(work) == LATEST_VERSION
        assert clean(work), f"kill at step {k}: the database is not clean"
    else:
        pytest.fail("migrate never got through")

    assert kills >= 3
