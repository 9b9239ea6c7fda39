"""Load through the real bot: many users at once with a 200 ms LLM, asyncio in debug mode,
`postmind backup` and `postmind export` running beside it from other processes."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.bot_process import BotProcess
from tests.e2e.conftest import POSTMIND, clean_env
from tests.e2e.fake_telegram import FakeTelegram
from tests.fake_openai import FakeOpenAI, Reply

BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
DRAFT = re.compile(r"^Draft v(\d+)")
SLOW_CALLBACK = re.compile(r"Executing .* took \d+\.\d+ seconds")


@dataclass
class User:
    id: int
    said: list[str] = field(default_factory=list)
    versions: list[int] = field(default_factory=list)


@dataclass
class Beside:
    """Admin commands run from other processes while the bot is busy."""

    runs: list[subprocess.CompletedProcess[str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def admin_loop(database: Path, workdir: Path, user: int, beside: Beside) -> None:
    env = clean_env(POSTMIND_DATABASE_URL=f"sqlite:///{database}")
    n = 0
    while not beside.stop.is_set():
        n += 1
        for args in (
            ["backup", str(workdir / f"backup-{n}.db")],
            ["export", "--user", str(user), "--out", str(workdir / f"export-{n}.json")],
        ):
            beside.runs.append(
                subprocess.run(
                    [str(POSTMIND), *args], capture_output=True, text=True, timeout=60, env=env
                )
            )


def drafts_of(fake: FakeTelegram, user: int) -> list[int]:
    texts = (m.get("text", "") for m in fake.bot_messages(user))
    return [int(m[1]) for t in texts if (m := DRAFT.match(t))]


def run_load(tmp_path: Path, users: int, turns: int) -> None:
    database = tmp_path / "postmind.db"
    with FakeTelegram() as fake, FakeOpenAI() as llm:
        llm.default = Reply(delay=0.2)
        bot = BotProcess(
            fake, f"sqlite:///{database}", tmp_path,
            POSTMIND_GENERATOR="openai", OPENAI_BASE_URL=llm.base_url, OPENAI_API_KEY="x",
            POSTMIND_DRAFTS_PER_HOUR="0", PYTHONASYNCIODEBUG="1",
            POSTMIND_CORRECTION_ATTEMPTS="0",  # one 200 ms answer per draft, as before
        ).start()  # fmt: skip
        crowd = [User(5000 + n) for n in range(users)]
        beside = Beside()
        admin = threading.Thread(target=admin_loop, args=(database, tmp_path, crowd[0].id, beside))
        try:
            admin.start()
            for user in crowd:
                user.said.append(f"{BRIEF}, for user {user.id}")
                fake.send_text(user.id, user.said[-1])
            deadline = time.monotonic() + 60 + turns * 3
            while any(len(u.versions) < turns for u in crowd):
                assert time.monotonic() < deadline, "replies stopped coming"
                for user in crowd:
                    got = drafts_of(fake, user.id)
                    if len(got) > len(user.versions):
                        user.versions = got
                        if len(got) == len(user.said) < turns:
                            user.said.append(f"make it warmer, turn {len(got)}")
                            fake.send_text(user.id, user.said[-1])
                time.sleep(0.02)
            twice = crowd[-1]  # two messages 10 ms apart: one new draft each, in order
            for text in ("shorter please", "and more casual"):
                twice.said.append(text)
                fake.send_text(twice.id, text)
                time.sleep(0.01)
            fake.wait_for(lambda: len(drafts_of(fake, twice.id)) >= turns + 2 or None, 30)
            twice.versions = drafts_of(fake, twice.id)
        finally:
            beside.stop.set()
            admin.join(120)
            bot.stop()

    for user in crowd:
        expected = list(range(1, len(user.said) + 1))
        assert user.versions == expected, f"user {user.id}: drafts {user.versions}"
    with sqlite3.connect(database) as db:
        for user in crowd:
            said = [r[0] for r in db.execute(
                "SELECT content FROM chat_history WHERE user_id = ? AND role = 'user' ORDER BY id",
                (user.id,),
            )]  # fmt: skip
            assert said == user.said, f"user {user.id}: history out of order or incomplete"
            versions = [r[0] for r in db.execute(
                "SELECT version FROM posts WHERE user_id = ? ORDER BY id", (user.id,)
            )]  # fmt: skip
            assert versions == list(range(1, len(user.said) + 1))  # never a duplicate
    failed = [r for r in beside.runs if r.returncode != 0]
    assert beside.runs and not failed, failed[:1]
    slow = SLOW_CALLBACK.findall(bot.log)
    assert not slow, f"the event loop was blocked: {slow[:3]}"
    assert "Traceback" not in bot.log


def test_ten_users_five_turns_with_backup_and_export_beside(tmp_path: Path) -> None:
    run_load(tmp_path, users=10, turns=5)


@pytest.mark.long
def test_fifty_users_twenty_turns_with_backup_and_export_beside(tmp_path: Path) -> None:
    run_load(tmp_path, users=50, turns=20)
