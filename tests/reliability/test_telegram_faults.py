"""Bot API faults through the real bot: flood waits, long drafts, "message is not modified"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import ApiError, FakeTelegram, flood_wait
from tests.fake_openai import FakeOpenAI, Reply

ANN = 601
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"


def start_bot(fake: FakeTelegram, database: Path, workdir: Path, **env: str) -> BotProcess:
    return BotProcess(fake, f"sqlite:///{database}", workdir, **env).start()


def stored_posts(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        return [r[0] for r in db.execute("SELECT content FROM posts ORDER BY id")]


def drafts_sent(fake: FakeTelegram, user: int) -> list[str]:
    return [m["text"] for m in fake.bot_messages(user) if m["text"].startswith("Draft v")]


@pytest.mark.parametrize("timedelta_form", [False, True], ids=["int", "timedelta"])
def test_a_flood_wait_on_the_draft_sends_it_once_after_the_wait(
    fake: FakeTelegram, database: Path, tmp_path: Path, timedelta_form: bool
) -> None:
    env = {"PTB_TIMEDELTA": "true"} if timedelta_form else {}
    bot = start_bot(fake, database, tmp_path, **env)
    try:
        fake.fail_next("sendMessage", flood_wait(1))
        fake.send_text(ANN, BRIEF)
        fake.wait_for(lambda: drafts_sent(fake, ANN) or None, timeout=15)
    finally:
        bot.stop()

    tries = [c for c in fake.calls_of("sendMessage") if c.params.get("chat_id") == ANN]
    assert len(tries) == 2  # the refused one, then the one sent after the wait
    assert tries[1].at - tries[0].at >= 1.0
    assert len(drafts_sent(fake, ANN)) == 1
    assert len(stored_posts(database)) == 1
    assert "Traceback" not in bot.log


def test_a_draft_refused_twice_is_still_stored(
    fake: FakeTelegram, database: Path, tmp_path: Path
) -> None:
    bot = start_bot(fake, database, tmp_path)
    try:
        fake.fail_next("sendMessage", flood_wait(1), flood_wait(1))
        fake.send_text(ANN, BRIEF)
        fake.wait_for(lambda: len(fake.calls_of("sendMessage")) >= 2 or None, timeout=15)
    finally:
        bot.stop()

    assert len(stored_posts(database)) == 1  # committed before it was sent


def test_a_10000_character_draft_is_split_and_stored_whole(
    fake: FakeTelegram, database: Path, tmp_path: Path
) -> None:
    post = " ".join(f"Fresh bread & <rolls> no. {n} 🥖" for n in range(400))
    assert len(post) >= 10_000
    with FakeOpenAI() as llm:
        llm.default = Reply(post)
        bot = start_bot(
            fake, database, tmp_path,
            POSTMIND_GENERATOR="openai", OPENAI_BASE_URL=llm.base_url, OPENAI_API_KEY="x",
            POSTMIND_CORRECTION_ATTEMPTS="0",  # the long draft is shown exactly as written
        )  # fmt: skip
        try:
            fake.send_text(ANN, BRIEF)
            last = fake.wait_for(
                lambda: next((m for m in fake.bot_messages(ANN) if "reply_markup" in m), None),
                timeout=15,
            )
        finally:
            bot.stop()

    parts = fake.bot_messages(ANN)
    assert (
        len(parts) >= 3 and parts[-1] is not None and last["message_id"] == parts[-1]["message_id"]
    )
    assert all(len(m["text"]) <= 4096 for m in parts)
    shown = " ".join(m["text"] for m in parts).split()
    assert shown[shown.index("Fresh") :] == post.split()  # every word, in order
    assert stored_posts(database) == [post]


def test_message_is_not_modified_is_harmless(
    fake: FakeTelegram, database: Path, tmp_path: Path
) -> None:
    bot = start_bot(fake, database, tmp_path)
    try:
        fake.send_text(ANN, BRIEF)
        first = fake.wait_for(lambda: drafts_sent(fake, ANN) and fake.bot_messages(ANN)[-1])
        not_modified = ApiError(
            400,
            "Bad Request: message is not modified: specified new message content and reply"
            " markup are exactly the same as a current content and reply markup of the message",
        )
        fake.fail_next("editMessageReplyMarkup", not_modified)
        keys = [b["callback_data"] for row in first["reply_markup"]["inline_keyboard"] for b in row]
        data = next(k for k in keys if k.startswith("shorter"))
        fake.press_button(ANN, first["message_id"], data)
        fake.wait_for(lambda: len(drafts_sent(fake, ANN)) >= 2 or None)
    finally:
        bot.stop()

    assert not [m for m in fake.bot_messages(ANN) if "went wrong" in m["text"]]
    assert "Traceback" not in bot.log
