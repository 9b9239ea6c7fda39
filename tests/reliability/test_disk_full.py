"""A full disk (RLIMIT_FSIZE on the running `postmind chat`): a clear error, earlier data
intact, reads keep answering, and writes resume when space returns."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

from tests.e2e.conftest import POSTMIND, clean_env

BRIEF = "Our bakery opens a second shop on Main Street next Saturday"


class Chat:
    """`postmind chat` in a subprocess, fed line by line, its output collected."""

    def __init__(self, database: Path) -> None:
        self.process = subprocess.Popen(
            [str(POSTMIND), "chat", "--user-id", "9"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=clean_env(POSTMIND_DATABASE_URL=f"sqlite:///{database}"),
            # A full disk, not a killed process: without this SIGXFSZ would end it.
            preexec_fn=lambda: signal.signal(signal.SIGXFSZ, signal.SIG_IGN),
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.append(raw.decode(errors="replace").rstrip("\n"))

    def say(self, text: str, expect: str, timeout: float = 20.0) -> str:
        """Send a line; the first new output line containing `expect`."""
        assert self.process.stdin is not None
        seen = len(self.lines)
        self.process.stdin.write(text.encode() + b"\n")
        self.process.stdin.flush()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = next((line for line in self.lines[seen:] if expect in line), None)
            if found is not None:
                return found
            time.sleep(0.02)
        raise AssertionError(f"no {expect!r} after {text!r}: {self.lines[seen:]}")

    def limit_file_size(self, limit: int) -> None:
        hard = resource.RLIM_INFINITY  # only the soft limit moves, so it can come back up
        resource.prlimit(self.process.pid, resource.RLIMIT_FSIZE, (limit, hard))

    def close(self) -> str:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(30)
        return "\n".join(self.lines)


def test_a_full_disk_is_a_clear_error_and_writes_resume_when_space_returns(
    tmp_path: Path,
) -> None:
    database = tmp_path / "postmind.db"
    chat = Chat(database)
    try:
        chat.say(BRIEF, "Draft v1")
        chat.limit_file_size(16 * 1024)  # every file is past this: no byte more can be written

        error = chat.say("make it warmer", "!")
        stats = chat.say("/stats", "Sessions")

        chat.limit_file_size(resource.RLIM_INFINITY)
        resumed = chat.say("make it warmer", "Draft v2")
    finally:
        output = chat.close()

    assert "disk is full" in error or "disk I/O" in error, error
    assert "Traceback" not in output
    assert "1" in stats
    assert resumed.startswith("Draft v2")
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        versions = [r[0] for r in db.execute("SELECT version FROM posts ORDER BY id")]
    assert versions == [1, 2]
