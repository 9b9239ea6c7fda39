"""POSTMIND_ALLOWED_USERS keeps everyone else out of every table and every LLM call:
messages, commands, button presses and edited messages alike."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from infrastructure.persistence.peewee.admin import TABLES
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram
from tests.fake_openai import FakeOpenAI

ANN, MALLORY = 801, 802
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
MARKER = "mallory-was-here-5521"


def test_a_user_outside_the_list_reaches_no_table_and_no_llm_call(tmp_path: Path) -> None:
    database = tmp_path / "p.db"
    with FakeTelegram() as fake, FakeOpenAI() as llm:
        bot = BotProcess(
            fake, f"sqlite:///{database}", tmp_path,
            POSTMIND_ALLOWED_USERS=str(ANN), POSTMIND_GENERATOR="openai",
            OPENAI_BASE_URL=llm.base_url, OPENAI_API_KEY="x",
            POSTMIND_CORRECTION_ATTEMPTS="0",  # Ann's draft is exactly one LLM call
        ).start()  # fmt: skip
        try:
            fake.send_text(ANN, BRIEF)
            fake.wait_for(lambda: any("Draft v1" in m["text"] for m in fake.bot_messages(ANN)))
            first = fake.send_text(MALLORY, f"{BRIEF} {MARKER}")
            for command in ("/start", "/stats", f"/new {MARKER}", "/export", "/set length 60"):
                fake.send_text(MALLORY, command)
            ann_draft = fake.bot_messages(ANN)[-1]
            approve = next(
                b["callback_data"]
                for row in ann_draft["reply_markup"]["inline_keyboard"]
                for b in row
                if b["callback_data"].startswith("approve")
            )
            refused = fake.wait_for(lambda: fake.bot_messages(MALLORY) or None)[0]
            # Ann's button, forged onto a message in Mallory's chat
            fake.press_button(MALLORY, refused["message_id"], approve, require_button=False)
            fake.edit_text(MALLORY, first["message"]["message_id"], f"edited {MARKER}")
            refusals = fake.wait_for(
                lambda: (
                    (said := [m for m in fake.bot_messages(MALLORY) if "private" in m["text"]])
                    and len(said) >= 7
                    and said
                ),
                timeout=15,
            )
            alerts = [c for c in fake.calls_of("answerCallbackQuery") if c.params.get("show_alert")]
        finally:
            bot.stop()
        prompts = [str(r.body) for r in llm.requests]

    assert len(refusals) == 7  # a brief, five commands and the edit, each refused once
    assert len(alerts) == 1  # and the press, with an alert
    assert len(prompts) == 1 and MARKER not in prompts[0]  # Ann's draft only
    with sqlite3.connect(database) as db:
        for table in TABLES:
            column = "id" if table == "users" else "user_id"
            found = db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (MALLORY,))
            assert found.fetchone() == (0,), table
        (approved,) = db.execute("SELECT COUNT(*) FROM posts WHERE status = 'approved'").fetchone()
    assert approved == 0  # the forged press approved nothing of Ann's
    assert MARKER.encode() not in database.read_bytes()
