"""The same Telegram update delivered twice, as after a crash, is handled once."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram

ANN = 901
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"


def drafts(fake: FakeTelegram) -> list[str]:
    return [m["text"] for m in fake.bot_messages(ANN) if m["text"].startswith("Draft v")]


def counts(database: Path) -> tuple[int, int, int, int]:
    with sqlite3.connect(database) as db:
        return tuple(  # type: ignore[return-value]
            db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("sessions", "chat_history", "posts", "feedback")
        )


def test_an_update_delivered_again_after_a_kill_is_handled_once(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    database = tmp_path / "p.db"
    url = f"sqlite:///{database}"
    bot = BotProcess(fake, url, tmp_path).start()
    brief = fake.send_text(ANN, BRIEF)
    fake.wait_for(lambda: drafts(fake) or None)
    feedback = fake.send_text(ANN, "way too long")
    fake.wait_for(lambda: len(drafts(fake)) >= 2 or None)
    bot.stop(signal.SIGKILL)  # before it could confirm the updates it had
    before = counts(database)

    fake.redeliver(brief)
    fake.redeliver(feedback)
    again = BotProcess(fake, url, tmp_path).start()
    try:
        fake.send_text(ANN, "more casual")  # a new message is still handled
        fake.wait_for(lambda: len(drafts(fake)) >= 3 or None)
    finally:
        again.stop()

    assert [d.split(" ·")[0] for d in drafts(fake)] == ["Draft v1", "Draft v2", "Draft v3"]
    sessions, messages, posts, feedback_rows = counts(database)
    assert (sessions, messages, posts, feedback_rows) == (
        before[0],
        before[1] + 2,  # "more casual" and its draft
        before[2] + 1,
        before[3] + 1,
    )
    assert "was handled before; ignored" in again.log
