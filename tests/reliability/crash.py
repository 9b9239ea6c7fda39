"""A crash loop over `postmind chat`: feed a scripted conversation, SIGKILL the process at
a random moment, and check that everything it printed before dying is stored."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import cysqlite

from tests.e2e.conftest import POSTMIND, clean_env

USER = 77
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
DRAFT = re.compile(r"^Draft v(\d+) \(post (\d+)\)", re.MULTILINE)


@dataclass
class Seen:
    """What users were shown across the runs, to be found again in the database."""

    drafts: dict[int, int] = field(default_factory=dict)  # post id -> version
    said: list[str] = field(default_factory=list)  # lines whose answer was printed


def run_and_kill(database: Path, lines: list[str], kill_after: float, seen: Seen) -> str:
    """Start `postmind chat`, feed `lines` 20 ms apart, SIGKILL it `kill_after` seconds after
    its greeting."""
    process = subprocess.Popen(
        [str(POSTMIND), "chat", "--user-id", str(USER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=clean_env(POSTMIND_DATABASE_URL=f"sqlite:///{database}", POSTMIND_DRAFTS_PER_HOUR="0"),
    )
    assert process.stdin is not None and process.stdout is not None
    chunks: list[bytes] = []
    greeted = threading.Event()

    def read(stdout: IO[bytes]) -> None:
        for chunk in iter(stdout.readline, b""):
            chunks.append(chunk)
            greeted.set()
        greeted.set()

    reader = threading.Thread(target=read, args=(process.stdout,))
    reader.start()
    # The clock starts at the greeting, so a slow machine's start-up does not eat the run
    # (kills during start-up and migration are the migration tests' business).
    greeted.wait(60)
    started = time.monotonic()
    try:
        for line in lines:
            if time.monotonic() - started >= kill_after:
                break
            process.stdin.write(line.encode() + b"\n")
            process.stdin.flush()
            time.sleep(0.02)
        time.sleep(max(0.0, kill_after - (time.monotonic() - started)))
    except BrokenPipeError:
        pass
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    reader.join(10)
    printed = b"".join(chunks).decode(errors="replace")
    drafts = [(int(v), int(p)) for v, p in DRAFT.findall(printed)]
    for version, post_id in drafts:
        seen.drafts[post_id] = version
    # The chat answers each line with one draft, in order: as many lines were handled.
    seen.said += lines[: len(drafts)]
    return printed


def check(database: Path, seen: Seen) -> None:
    """Every draft shown and every line answered is stored; the file is clean."""
    db = cysqlite.connect(str(database))
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master").fetchall()}
        if "posts" not in tables:
            # Killed before the schema's one transaction committed (a slow start): the file
            # holds no tables at all, and nothing can have been shown yet.
            assert not tables - {"sqlite_sequence"}, f"a half-made schema: {sorted(tables)}"
            assert not seen.drafts and not seen.said, "shown before the schema was stored"
            return
        stored = dict(db.execute("SELECT id, version FROM posts").fetchall())
        said = [r[0] for r in db.execute(
            "SELECT content FROM chat_history WHERE role = 'user' ORDER BY id"
        ).fetchall()]  # fmt: skip
    finally:
        db.close()
    lost = {p: v for p, v in seen.drafts.items() if stored.get(p) != v}
    assert not lost, f"drafts shown but not stored: {lost}"
    missing = [line for line in seen.said if line not in said]
    assert not missing, f"lines answered but not stored: {missing}"


def crash_loop(database: Path, runs: int, seed: int) -> Seen:
    """`runs` killed runs, then one that finishes: the conversation goes on."""
    rng = random.Random(seed)
    seen = Seen()
    for run in range(runs):
        lines = [BRIEF] if run == 0 else []
        lines += [f"make it warmer, run {run} line {i}" for i in range(8)]
        run_and_kill(database, lines, rng.uniform(0.3, 1.5), seen)
        if database.exists():
            check(database, seen)
    last = subprocess.run(
        [str(POSTMIND), "chat", "--user-id", str(USER)],
        input="and mention the croissants\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env(POSTMIND_DATABASE_URL=f"sqlite:///{database}", POSTMIND_DRAFTS_PER_HOUR="0"),
    )
    assert last.returncode == 0, last.stdout + last.stderr
    versions = [int(v) for v, _ in DRAFT.findall(last.stdout)]
    assert versions and versions[0] > max(seen.drafts.values(), default=0), last.stdout
    return seen
