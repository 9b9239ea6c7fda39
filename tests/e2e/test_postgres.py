"""PostgreSQL end to end: several postmind processes on one server, the admin commands, and
copying a deployment SQLite -> PostgreSQL -> SQLite without losing or changing a row."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest

from infrastructure.persistence.peewee.migrations import LATEST_VERSION
from tests.e2e.conftest import POSTMIND, Run, clean_env
from tests.postgres import fresh_schema

BRIEFS = [f"News number {n} from our bakery on Main Street" for n in range(12)]


@pytest.fixture
def pg_url() -> Iterator[str]:
    with fresh_schema() as url:
        yield url


def _script(rounds: int) -> str:
    lines = []
    for n in range(rounds):
        lines += [BRIEFS[n % len(BRIEFS)], "way too long", ":casual", ":approve", "4"]
    return "\n".join(lines) + "\n"


def _counts(url: str, user: int) -> dict[str, int]:
    with psycopg2.connect(url) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT sessions_count, drafts_count, approved_count, ratings_count FROM users"
            " WHERE id = %s",
            (user,),
        )
        sessions, drafts, approved, ratings = cursor.fetchone()
        cursor.execute("SELECT COUNT(*) FROM sessions WHERE user_id = %s", (user,))
        (session_rows,) = cursor.fetchone()
        cursor.execute(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE status = 'approved'), COUNT(rating)"
            " FROM posts WHERE user_id = %s",
            (user,),
        )
        post_rows, approved_rows, rated_rows = cursor.fetchone()
    db.close()
    return {
        "sessions": sessions - session_rows,
        "drafts": drafts - post_rows,
        "approved": approved - approved_rows,
        "ratings": ratings - rated_rows,
        "approved_rows": approved_rows,
    }


def test_processes_racing_on_one_user_and_on_different_users_lose_no_update(
    pg_url: str, tmp_path: Path
) -> None:
    env = clean_env(POSTMIND_DATABASE_URL=pg_url)
    runs = [(7, 6), (7, 6), (8, 6), (9, 6)]  # two processes share user 7
    processes = [
        subprocess.Popen(
            [str(POSTMIND), "chat", "--user-id", str(user)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env=env,
        )
        for user, _ in runs
    ]
    outputs = [
        p.communicate(_script(rounds), timeout=120)
        for p, (_, rounds) in zip(processes, runs, strict=True)
    ]

    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in out + err and "could not" not in err
    for user in (7, 8, 9):
        counts = _counts(pg_url, user)
        # every counter equals the rows it counts: no increment was lost
        assert (counts["sessions"], counts["drafts"], counts["approved"], counts["ratings"]) == (
            0,
            0,
            0,
            0,
        )
    assert _counts(pg_url, 8)["approved_rows"] == 6 and _counts(pg_url, 9)["approved_rows"] == 6
    assert _counts(pg_url, 7)["approved_rows"] >= 6  # interleaved, each approval is one post


def test_migrate_on_postgres_reports_what_it_did(pg_url: str, run_postmind: Run) -> None:
    env = clean_env(POSTMIND_DATABASE_URL=pg_url)

    created = run_postmind("migrate", env=env)
    again = json.loads(run_postmind("migrate", "--json", env=env).stdout)

    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == f"Created a new database at schema version {LATEST_VERSION}."
    assert again["applied"] == [] and again["schema_version"] == LATEST_VERSION


def test_admin_commands_work_on_postgres_and_backup_points_to_pg_dump(
    pg_url: str, run_postmind: Run
) -> None:
    env = clean_env(POSTMIND_DATABASE_URL=pg_url)
    run_postmind("chat", "--user-id", "7", stdin=_script(2), env=env)
    run_postmind("chat", "--user-id", "8", stdin=_script(1), env=env)

    verify = json.loads(run_postmind("verify", "--json", env=env).stdout)
    stats = json.loads(run_postmind("stats", "--user", "7", "--json", env=env).stdout)
    exported = json.loads(run_postmind("export", "--user", "7", env=env).stdout)
    migrated = json.loads(run_postmind("migrate", "--json", env=env).stdout)
    cleanup = run_postmind("cleanup", "--older-than", "30", "--json", env=env)
    forget = json.loads(run_postmind("forget", "--user", "8", "--yes", "--json", env=env).stdout)
    backup = run_postmind("backup", "/tmp/x.db", env=env)
    restore = run_postmind("restore", "/tmp/x.db", env=env)

    assert verify["ok"] is True and verify["row_counts"]["users"] == 2
    assert stats["approved_posts"] == 2 and stats["sessions"] == 2
    assert exported["format"] == "postmind-export" and len(exported["posts"]) == 6
    assert migrated["applied"] == [] and cleanup.returncode == 0
    assert forget["rows_left"] == 0
    assert backup.returncode == 2 and "pg_dump" in backup.stderr
    assert restore.returncode == 2 and "pg_restore" in restore.stderr
    assert "password" not in backup.stderr + restore.stderr


def test_a_copy_sqlite_to_postgres_to_sqlite_keeps_every_export_identical(
    pg_url: str, run_postmind: Run, tmp_path: Path
) -> None:
    first, second = f"sqlite:///{tmp_path / 'first.db'}", f"sqlite:///{tmp_path / 'second.db'}"
    for user in (7, 8, 9):
        run_postmind("chat", "--user-id", str(user), stdin=_script(2) + "Unfinished brief\n",
                     env=clean_env(POSTMIND_DATABASE_URL=first))  # fmt: skip

    there = run_postmind("copy", "--from", first, "--to", pg_url, "--json")
    back = run_postmind("copy", "--from", pg_url, "--to", second, "--json")
    again = run_postmind("copy", "--from", first, "--to", second)

    assert there.returncode == 0, there.stderr
    assert back.returncode == 0, back.stderr
    assert json.loads(there.stdout)["row_counts"] == json.loads(back.stdout)["row_counts"]
    assert again.returncode == 2 and "already holds data" in again.stderr
    for user in ("7", "8", "9"):
        exports = [
            run_postmind("export", "--user", user, env=clean_env(POSTMIND_DATABASE_URL=url)).stdout
            for url in (first, pg_url, second)
        ]
        assert exports[0] == exports[1] == exports[2]
    # new rows after a copy get fresh ids on PostgreSQL (its sequences moved past the copy)
    more = run_postmind("chat", "--user-id", "7", stdin="Another brief\n",
                        env=clean_env(POSTMIND_DATABASE_URL=pg_url))  # fmt: skip
    assert more.returncode == 0 and "Traceback" not in more.stdout + more.stderr
    assert "Draft v2 (post 22)" in more.stdout  # feedback on the open draft: post ids 1-21 copied
