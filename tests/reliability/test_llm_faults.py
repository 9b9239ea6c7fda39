"""LLM faults through the real bot: the user hears what happened, no half draft is stored,
a retry works, and the commands that need no LLM keep answering while it is down."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_telegram import FakeTelegram
from tests.fake_openai import FakeOpenAI, Hang, Reply, ServerError

ANN, BOB = 501, 502
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
POST = "Fresh bread, a new shop, Saturday on Main Street! #Bakery"
DEADLINE = 2.0  # POSTMIND_OPENAI_DEADLINE for these bots


@pytest.fixture
def bot(fake: FakeTelegram, llm: FakeOpenAI, database: Path, tmp_path: Path) -> Iterator[None]:
    process = BotProcess(
        fake, f"sqlite:///{database}", tmp_path,
        POSTMIND_GENERATOR="openai", OPENAI_BASE_URL=llm.base_url, OPENAI_API_KEY="x",
        POSTMIND_OPENAI_TIMEOUT="1", POSTMIND_OPENAI_RETRIES="2",
        POSTMIND_OPENAI_DEADLINE=str(DEADLINE),
        POSTMIND_CORRECTION_ATTEMPTS="0",  # one scripted answer per draft: no follow-ups
    ).start()  # fmt: skip
    yield
    process.stop()
    assert "Traceback" not in process.log


def said(fake: FakeTelegram, user: int, contains: str, timeout: float = 10.0) -> dict[str, object]:
    """The newest bot message to `user` that contains `contains`, waiting for it."""
    return fake.wait_for(
        lambda: next(
            (m for m in reversed(fake.bot_messages(user)) if contains in m.get("text", "")), None
        ),
        timeout,
    )


def posts(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT COUNT(*) FROM posts").fetchone()[0])


@pytest.mark.usefixtures("bot")
def test_while_the_llm_hangs_other_users_commands_answer_and_the_user_hears_of_it(
    fake: FakeTelegram, llm: FakeOpenAI, database: Path
) -> None:
    llm.default = Hang(30)
    fake.send_text(BOB, "/start")
    said(fake, BOB, "Hi!")

    started = time.monotonic()
    fake.send_text(ANN, BRIEF)
    llm.wait_for_requests(1)
    for command, answer in (
        ("/stats", "Approval rate"),
        ("/sessions", "No sessions yet"),
        ("/preferences", "What I know about your style"),
    ):
        fake.send_text(BOB, command)
        said(fake, BOB, answer, timeout=DEADLINE / 2)  # before Ann's draft gives up
    fake.send_text(BOB, "/export")
    fake.wait_for(lambda: fake.documents(BOB) or None, timeout=DEADLINE / 2)

    failed = said(fake, ANN, "took too long", timeout=DEADLINE + 5)
    assert time.monotonic() - started < DEADLINE + 2  # the deadline held, retries included
    assert posts(database) == 0  # no half draft

    fake.send_text(ANN, "/stats")  # the LLM is still down: Ann's own commands answer too
    said(fake, ANN, "Approval rate")

    llm.default = Reply(POST)
    markup = failed["reply_markup"]
    assert isinstance(markup, dict)
    fake.press_button(ANN, int(str(failed["message_id"])), "retry")
    assert POST in str(said(fake, ANN, "Draft v1")["text"])
    assert posts(database) == 1


@pytest.mark.usefixtures("bot")
def test_a_failing_llm_gets_a_clear_answer_and_a_retry_works(
    fake: FakeTelegram, llm: FakeOpenAI, database: Path
) -> None:
    llm.default = ServerError(503)

    fake.send_text(ANN, BRIEF)
    failed = said(fake, ANN, "The writing service failed")

    assert len(llm.requests) == 3  # the first try and two retries
    assert posts(database) == 0
    llm.default = Reply(POST)
    fake.press_button(ANN, int(str(failed["message_id"])), "retry")
    assert POST in str(said(fake, ANN, "Draft v1")["text"])
