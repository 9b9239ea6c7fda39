"""Forged callback data changes nothing: garbage, oversized, malformed or another user's."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram

ANN, EVE = 1001, 1002
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
FORGED = [
    "",
    "\x00\xff\ufffd",
    "'; DROP TABLE posts; --",
    "approve",
    "approve:",
    "approve:-1",
    "approve:1:2:3",
    "approve:" + "9" * 100,  # over Telegram's 64 bytes, as a forged update could carry
    "approve:" + "9" * 50,  # within 64 bytes, but beyond any id storage holds
    f"rate:5:{2**63}",
    "x" * 300,
    "rate:5:",
    "rate:0:1",
    "forget:yes:1",
    "retry:1",
]


def rows_digest(database: Path) -> str:
    with sqlite3.connect(database) as db:
        dump = "\n".join(db.iterdump())
    return hashlib.sha256(dump.encode()).hexdigest()


def shown_everywhere(database: Path) -> bool:
    """Every draft's chat message is stored (the bot records it just after sending)."""
    with sqlite3.connect(database) as db:
        return not db.execute("SELECT 1 FROM posts WHERE shown_in_message IS NULL").fetchall()


def test_forged_presses_are_refused_and_change_no_row(tmp_path: Path) -> None:
    database = tmp_path / "p.db"
    with FakeTelegram() as fake:
        bot = BotProcess(fake, f"sqlite:///{database}", tmp_path).start()
        try:
            for user in (ANN, EVE):
                fake.send_text(user, BRIEF)
            fake.wait_for(
                lambda: (
                    all(
                        any("Draft v1" in m["text"] for m in fake.bot_messages(u))
                        for u in (ANN, EVE)
                    )
                    or None
                )
            )
            fake.wait_for(lambda: shown_everywhere(database) or None)  # stored as shown
            eves = fake.bot_messages(EVE)[-1]["message_id"]
            keys = fake.bot_messages(ANN)[-1]["reply_markup"]["inline_keyboard"]
            anns = [b["callback_data"] for row in keys for b in row]  # Ann's real buttons
            forged = [*FORGED, *anns]
            before = rows_digest(database)
            answered = len(fake.calls_of("answerCallbackQuery"))
            for data in forged:  # all pressed in Eve's chat
                fake.press_button(EVE, eves, data, require_button=False)
            answers = fake.wait_for(
                lambda: (
                    (calls := fake.calls_of("answerCallbackQuery")[answered:])
                    and len(calls) >= len(forged)
                    and calls
                ),
                timeout=15,
            )
            after = rows_digest(database)
        finally:
            bot.stop()

    refused = [a.params.get("show_alert") for a in answers]
    assert refused == [True] * len(forged)  # each one refused, out loud
    assert after == before
    assert "Traceback" not in bot.log
