"""`postmind bot` against a Bot API server that holds it to Telegram's flood limits: a crowd
briefing at once is paced, not refused, and a flood wait answered twice still delivers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram, flood_wait

BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
CROWD = range(7001, 7121)  # 120 users
ANN = 42
MAX_FLOOD_SHARE = 0.05  # of the bot's sends that may meet a 429


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:  # Telegram's limits, the default
        yield server


@pytest.fixture
def bot(fake: FakeTelegram, db_url: str, tmp_path: Path) -> Iterator[BotProcess]:
    process = BotProcess(fake, db_url, tmp_path).start()
    yield process
    process.stop()


def drafts(fake: FakeTelegram, user: int) -> list[str]:
    return [m["text"] for m in fake.bot_messages(user) if m["text"].startswith("Draft v")]


def test_120_users_briefing_at_once_all_get_their_draft_within_the_limits(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    for user in CROWD:
        fake.send_text(user, f"{BRIEF}, says user {user}")

    # Paced at Telegram's 30 messages a second, the last draft goes after about 4 s.
    fake.wait_for(lambda: all(drafts(fake, user) for user in CROWD), timeout=60)

    for user in CROWD:
        assert len(drafts(fake, user)) == 1 and f"user {user}" in drafts(fake, user)[0]
    assert fake.flood_waits <= MAX_FLOOD_SHARE * fake.sends, (fake.flood_waits, fake.sends)
    assert "Traceback" not in bot.log


def test_a_flood_wait_answered_twice_in_a_row_still_delivers_the_draft(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    fake.fail_next("sendMessage", flood_wait(1), flood_wait(1))

    fake.send_text(ANN, BRIEF)

    fake.wait_for(lambda: drafts(fake, ANN), timeout=20)
    tries = [c for c in fake.calls_of("sendMessage") if c.params.get("chat_id") == ANN]
    assert len(tries) == 3  # refused, refused, sent
    assert tries[1].at - tries[0].at >= 1.0 and tries[2].at - tries[1].at >= 1.0
    assert len(drafts(fake, ANN)) == 1 and fake.flood_waits == 2
    assert "Traceback" not in bot.log
