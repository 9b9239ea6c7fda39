"""`postmind bot` end to end: the real python-telegram-bot stack against a fake Bot API server."""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.bot_process import TOKEN, BotProcess
from tests.e2e.fake_telegram import ApiError, FakeTelegram, post_update
from tests.fake_openai import FakeOpenAI, Reply, ServerError

ANN, BOB = 42, 77
BAKERY = "Our bakery opens a second shop on Main Street next Saturday"
JSON = dict[str, Any]


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture
def bot(fake: FakeTelegram, db_url: str, tmp_path: Path) -> Iterator[BotProcess]:
    process = BotProcess(fake, db_url, tmp_path).start()
    yield process
    process.stop()
    assert TOKEN not in process.log  # the token never reaches the logs


def latest(fake: FakeTelegram, user: int, contains: str, count: int = 1) -> JSON:
    """The newest bot message to `user` containing `contains`, once there are `count` such."""
    found = fake.wait_for(
        lambda: (
            (hits := [m for m in fake.bot_messages(user) if contains in m.get("text", "")])
            and len(hits) >= count
            and hits
        )
    )
    return found[-1]


def buttons(message: JSON) -> dict[str, str]:
    """Button data by action name ('approve' -> 'approve:17')."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["callback_data"].split(":")[0]: b["callback_data"] for row in rows for b in row}


def press(fake: FakeTelegram, user: int, message: JSON, action: str) -> None:
    data = buttons(message).get(action) or next(d for d in buttons(message).values() if d == action)
    fake.press_button(user, message["message_id"], data)


def test_a_full_session_brief_feedback_approve_rate(fake: FakeTelegram, bot: BotProcess) -> None:
    fake.send_text(ANN, "/start")
    assert "I draft Facebook posts" in latest(fake, ANN, "Hi!")["text"]
    commands = fake.calls_of("setMyCommands")[-1].params["commands"]
    assert {c["command"] for c in commands} >= {"new", "stats", "forget", "set", "export"}

    fake.send_text(ANN, BAKERY)
    first = latest(fake, ANN, "Draft v1")
    assert "our bakery opens a second shop" in first["text"].casefold()
    assert set(buttons(first)) >= {"approve", "shorter", "casual", "add_cta", "reject"}

    press(fake, ANN, first, "shorter")
    second = latest(fake, ANN, "Draft v2")
    assert "56 words" in second["text"]
    assert "reply_markup" in fake.bot_messages(ANN)[1]  # the older draft keeps its keys

    fake.send_text(ANN, "no emojis please")
    third = latest(fake, ANN, "Draft v3")
    press(fake, ANN, third, "approve")
    asking = latest(fake, ANN, "How happy are you")
    fake.press_button(ANN, asking["message_id"], buttons(asking)["rate"].replace(":1:", ":5:"))
    latest(fake, ANN, "You rated this post 5/5")

    fake.send_text(ANN, "/stats")
    stats = latest(fake, ANN, "Sessions:")["text"]
    assert "Approved posts: 1" in stats and "Average satisfaction: 5.00 / 5" in stats


def test_every_command_answers(fake: FakeTelegram, bot: BotProcess) -> None:
    fake.send_text(ANN, "/help")
    latest(fake, ANN, "/new [brief]")
    fake.send_text(ANN, f"/new {BAKERY}")
    draft = latest(fake, ANN, "Draft v1")
    fake.send_text(ANN, "/sessions")
    assert BAKERY in latest(fake, ANN, "version(s)")["text"]
    fake.send_text(ANN, "/context")
    assert "Open draft: version 1" in latest(fake, ANN, "Your next draft will be")["text"]
    fake.send_text(ANN, "/set length 60")
    latest(fake, ANN, "Set. Length: about 60 words (you set this")
    fake.send_text(ANN, "/set colour blue")
    latest(fake, ANN, "Unknown preference 'colour'")
    fake.send_text(ANN, "/preferences")
    assert "Length: about 60 words" in latest(fake, ANN, "What I know")["text"]
    fake.send_text(ANN, "/reset_preferences")
    latest(fake, ANN, "Forgot 1 preference(s)")
    fake.send_text(ANN, "/export")
    filename, content = fake.wait_for(lambda: fake.documents(ANN))[-1]
    exported = json.loads(content)
    assert filename == f"postmind-export-{ANN}.json"
    assert exported["format"] == "postmind-export" and exported["posts"][0]["id"] == int(
        buttons(draft)["approve"].split(":")[1]
    )
    fake.send_text(ANN, "/new")
    latest(fake, ANN, "New session")
    fake.send_text(ANN, "/nonsense")
    latest(fake, ANN, "/new [brief]", count=2)

    fake.send_text(ANN, "/forget")
    question = latest(fake, ANN, "Erase it all?")
    fake.press_button(ANN, question["message_id"], "forget:yes")
    assert "0 row(s) of yours are left" in latest(fake, ANN, "I erased")["text"]


def test_a_reply_with_rewritten_text_is_an_edit(fake: FakeTelegram, bot: BotProcess) -> None:
    fake.send_text(ANN, BAKERY)
    draft = latest(fake, ANN, "Draft v1")
    mine = "Second shop, Main Street, Saturday. Come by and say hi! #Bakery"

    fake.send_text(ANN, mine, reply_to_message_id=draft["message_id"])

    edited = latest(fake, ANN, "Draft v2")
    assert mine in edited["text"] and "10 words" in edited["text"]


def test_the_session_continues_across_a_restart_and_a_kill(
    fake: FakeTelegram, db_url: str, tmp_path: Path
) -> None:
    first_bot = BotProcess(fake, db_url, tmp_path).start()
    fake.send_text(ANN, BAKERY)
    draft = latest(fake, ANN, "Draft v1")
    assert first_bot.stop(signal.SIGTERM) == 0

    second_bot = BotProcess(fake, db_url, tmp_path).start()
    press(fake, ANN, draft, "shorter")  # a button sent by the previous process
    second = latest(fake, ANN, "Draft v2")
    second_bot.stop(signal.SIGKILL)

    third_bot = BotProcess(fake, db_url, tmp_path).start()
    try:
        press(fake, ANN, second, "approve")
        latest(fake, ANN, "Approved (version 2)")
        fake.send_text(ANN, "/sessions")
        assert "[completed] 2 version(s)" in latest(fake, ANN, "version(s)")["text"]
    finally:
        third_bot.stop()


def test_two_users_interleaved_each_get_their_own_drafts(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    fake.send_text(ANN, BAKERY)
    fake.send_text(BOB, "We are hiring two baristas")
    ann, bob = latest(fake, ANN, "Draft v1"), latest(fake, BOB, "Draft v1")
    press(fake, ANN, ann, "shorter")
    press(fake, BOB, bob, "approve")

    assert "our bakery" in latest(fake, ANN, "Draft v2")["text"].casefold()
    latest(fake, BOB, "Approved (version 1)")
    assert not [m for m in fake.bot_messages(ANN) if "baristas" in m.get("text", "")]


def test_forged_and_foreign_buttons_are_refused(fake: FakeTelegram, bot: BotProcess) -> None:
    fake.send_text(ANN, BAKERY)
    ann_draft = latest(fake, ANN, "Draft v1")
    fake.send_text(BOB, "We are hiring two baristas")
    bob_draft = latest(fake, BOB, "Draft v1")
    ann_post = buttons(ann_draft)["approve"].split(":")[1]

    # Bob presses, on his own message, a button forged to name Ann's post.
    answers = len(fake.calls_of("answerCallbackQuery"))
    for data in (f"approve:{ann_post}", f"shorter:{ann_post}", "explode:1", "rate:9:1"):
        fake.press_button(BOB, bob_draft["message_id"], data, require_button=False)
    refusals = [
        fake.wait_for(lambda i=i: fake.calls_of("answerCallbackQuery")[answers + i]).params
        for i in range(4)
    ]

    assert [r["text"] for r in refusals] == [
        f"You have no draft number {ann_post}.",
        f"You have no draft number {ann_post}.",
        "That button is not valid any more.",
        "That button is not valid any more.",
    ]
    assert "Draft v2" not in str(fake.bot_messages(ANN))


def test_a_user_outside_the_allowed_list_is_refused_and_nothing_is_stored(
    fake: FakeTelegram, db_url: str, tmp_path: Path
) -> None:
    bot = BotProcess(fake, db_url, tmp_path, POSTMIND_ALLOWED_USERS=str(ANN)).start()
    try:
        fake.send_text(BOB, BAKERY)
        assert "this bot is private" in latest(fake, BOB, "Sorry")["text"]
        fake.send_text(ANN, BAKERY)
        latest(fake, ANN, "Draft v1")
    finally:
        bot.stop()

    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        assert db.execute("SELECT id FROM users").fetchall() == [(ANN,)]
        assert db.execute(
            "SELECT COUNT(*) FROM chat_history WHERE user_id = ?", (BOB,)
        ).fetchone() == (0,)
    db.close()
    assert len(fake.bot_messages(BOB)) == 1


@pytest.mark.parametrize("given_in", ["--secret-token", ".env"])
def test_webhook_mode_checks_the_secret_token(
    fake: FakeTelegram, db_url: str, tmp_path: Path, given_in: str
) -> None:
    port = _free_port()
    secret = ("--secret-token", "right-secret") if given_in == "--secret-token" else ()
    if given_in == ".env":  # read by the settings, like every other variable
        (tmp_path / ".env").write_text("POSTMIND_WEBHOOK_SECRET=right-secret\n")
    bot = BotProcess(
        fake, db_url, tmp_path,
        "--webhook-url", "https://bot.example.org/telegram",
        "--listen", "127.0.0.1", "--port", str(port), *secret,
    )  # fmt: skip
    bot.start(wait_ready=False)
    try:
        fake.wait_for_call("setWebhook", timeout=30)
        url = f"http://127.0.0.1:{port}/telegram"
        update = fake.build_text_update(ANN, BAKERY)
        assert fake.wait_for(lambda: _status_or_none(url, update, "wrong-secret")) == 403
        assert post_update(url, fake.build_text_update(ANN, BAKERY), "right-secret") == 200
        latest(fake, ANN, "Draft v1")
        assert fake.calls_of("setWebhook")[-1].params["secret_token"] == "right-secret"
    finally:
        bot.stop()
    assert "right-secret" not in bot.log and TOKEN not in bot.log


def _status_or_none(url: str, update: JSON, secret: str) -> int | None:
    try:
        return post_update(url, update, secret)
    except OSError:  # the webhook server is not listening yet
        return None


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_user_text_that_looks_like_html_is_shown_as_written(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    fake.send_text(ANN, "Sale: <b>bread</b> from R&D, 5<6 euros")

    draft = latest(fake, ANN, "Draft v1")  # unescaped, Telegram would refuse or eat the tags

    assert "<b>bread</b> from R&D, 5<6 euros" in draft["text"]


def test_replies_longer_than_a_telegram_message_are_split(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    long_brief = " ".join(["Our bakery news"] * 240)  # 3,839 characters
    for _ in range(2):
        fake.send_text(ANN, f"/new {long_brief}")
    latest(fake, ANN, "Draft v1", count=2)

    fake.send_text(ANN, "/sessions")

    pieces = fake.wait_for(
        lambda: (
            (hits := [m for m in fake.bot_messages(ANN) if "Our bakery news" in m["text"]])
            and len(hits) >= 4
            and hits[2:]
        )
    )
    assert all(len(m["text"]) <= 4096 for m in pieces)
    assert sum(m["text"].split().count("bakery") for m in pieces) == 2 * 240  # nothing lost


def test_many_chats_at_once_and_one_chat_in_order(fake: FakeTelegram, bot: BotProcess) -> None:
    users = range(1000, 1020)
    for user in users:
        fake.send_text(user, f"News number {user}")
    fake.send_text(ANN, BAKERY)
    fake.send_text(ANN, "way too long")
    fake.send_text(ANN, "more professional")

    for user in users:
        assert f"News number {user}" in latest(fake, user, "Draft v1")["text"]
    third = latest(fake, ANN, "Draft v3")
    drafts = [m["text"].split("\n")[0] for m in fake.bot_messages(ANN)]
    assert drafts == [
        "Draft v1 · 80 words · neutral",
        "Draft v2 · 56 words · neutral",
        "Draft v3 · 56 words · formal",
    ]
    assert "reply_markup" in third


def test_two_quick_presses_on_one_draft_give_two_versions_in_order(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    fake.send_text(ANN, BAKERY)
    first = latest(fake, ANN, "Draft v1")
    edits = len(fake.calls_of("editMessageReplyMarkup"))

    press(fake, ANN, first, "formal")
    time.sleep(0.01)
    press(fake, ANN, first, "shorter")  # on v1 again, 10 ms later

    third = latest(fake, ANN, "Draft v3")
    headers = [m["text"].split("\n")[0] for m in fake.bot_messages(ANN) if "Draft v" in m["text"]]
    assert headers == [
        "Draft v1 · 80 words · neutral",
        "Draft v2 · 80 words · formal",
        "Draft v3 · 56 words · formal",  # built on v2: formal, and shorter
    ]
    assert "reply_markup" in third
    assert len(fake.calls_of("editMessageReplyMarkup")) == edits  # no keys taken away
    assert not [m for m in fake.bot_messages(ANN) if "no longer" in m.get("text", "")]


def test_approving_an_older_version_after_newer_ones(fake: FakeTelegram, bot: BotProcess) -> None:
    fake.send_text(ANN, BAKERY)
    first = latest(fake, ANN, "Draft v1")
    press(fake, ANN, first, "shorter")
    press(fake, ANN, latest(fake, ANN, "Draft v2"), "casual")
    latest(fake, ANN, "Draft v3")

    press(fake, ANN, first, "approve")

    assert "Approved (version 1)" in latest(fake, ANN, "Approved")["text"]
    press(fake, ANN, first, "shorter")  # the session has ended: one clear answer, no draft
    answer = fake.wait_for(
        lambda: next(
            (c for c in fake.calls_of("answerCallbackQuery") if c.params.get("show_alert")),
            None,
        )
    )
    assert "session that has ended" in answer.params["text"]
    assert not [m for m in fake.bot_messages(ANN) if "Draft v4" in m.get("text", "")]


def test_a_reply_to_the_first_part_of_a_long_draft_names_it_after_a_restart(
    fake: FakeTelegram, llm: FakeOpenAI, db_url: str, tmp_path: Path
) -> None:
    env = {
        "POSTMIND_GENERATOR": "openai", "OPENAI_BASE_URL": llm.base_url, "OPENAI_API_KEY": "x",
        "POSTMIND_CORRECTION_ATTEMPTS": "0",  # one scripted answer per draft
    }  # fmt: skip
    llm.script(Reply(" ".join(["Fresh bread on Main Street."] * 250)))  # 6,999 characters
    first_bot = BotProcess(fake, db_url, tmp_path, **env).start()
    try:
        fake.send_text(ANN, BAKERY)
        first_part = latest(fake, ANN, "Draft v1")  # the header opens the first part
        fake.wait_for(lambda: len(fake.bot_messages(ANN)) >= 2 or None)
    finally:
        first_bot.stop(signal.SIGTERM)
    assert "reply_markup" not in first_part  # the keys are on the last part only

    second_bot = BotProcess(fake, db_url, tmp_path, **env).start()  # nothing in memory
    try:
        mine = "Second shop, Main Street, Saturday. Come by and say hi! #Bakery"
        fake.send_text(ANN, mine, reply_to_message_id=first_part["message_id"])
        edited = latest(fake, ANN, "Draft v2")
    finally:
        second_bot.stop()

    assert mine in edited["text"]
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        query = "SELECT version, shown_in_message FROM posts ORDER BY version"
        shown = db.execute(query).fetchall()
    assert shown == [(1, first_part["message_id"]), (2, edited["message_id"])]


def test_a_draft_telegram_refused_reaches_the_user_at_their_next_update(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    fake.fail_next("sendMessage", ApiError(500, "Internal Server Error"))
    fake.send_text(ANN, BAKERY)
    fake.wait_for(lambda: fake.calls_of("sendMessage") or None)
    time.sleep(0.5)  # the bot has written the draft, and failed to send it
    assert not [m for m in fake.bot_messages(ANN) if "Draft v1" in m.get("text", "")]

    fake.send_text(ANN, "/help")

    draft = latest(fake, ANN, "Draft v1")
    latest(fake, ANN, "Send a brief to get a draft")  # /help is answered after it
    texts = [m.get("text", "") for m in fake.bot_messages(ANN)]
    note = next(i for i, t in enumerate(texts) if "did not reach you" in t)
    assert texts.index(draft["text"]) == note + 1  # the note, then the draft
    assert any("Send a brief to get a draft" in t for t in texts[note + 2 :])  # then /help
    assert "reply_markup" in draft


@pytest.fixture
def llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def llm_bot(fake: FakeTelegram, llm: FakeOpenAI, db_url: str, tmp_path: Path) -> Iterator[None]:
    """`postmind bot` drafting with the OpenAI generator, against the fake LLM."""
    process = BotProcess(
        fake, db_url, tmp_path,
        POSTMIND_GENERATOR="openai", OPENAI_BASE_URL=llm.base_url, OPENAI_API_KEY="x",
        POSTMIND_CORRECTION_ATTEMPTS="0",  # one scripted answer per draft: no follow-ups
    ).start()  # fmt: skip
    yield
    process.stop()


@pytest.mark.usefixtures("llm_bot")
def test_a_failed_draft_offers_a_retry_button_that_works(
    fake: FakeTelegram, llm: FakeOpenAI
) -> None:
    llm.script(*[ServerError(502)] * 3, Reply("Fresh bread, new shop, Saturday! #Bakery"))

    fake.send_text(ANN, BAKERY)
    failed = latest(fake, ANN, "The writing service failed")
    assert failed["text"] == "The writing service failed. Tap 🔁 Try again."
    assert buttons(failed) == {"retry": "retry"}
    fake.press_button(ANN, failed["message_id"], "retry")

    assert "Fresh bread, new shop" in latest(fake, ANN, "Draft v1")["text"]


@pytest.mark.usefixtures("llm_bot")
def test_a_slow_draft_shows_typing_while_it_is_written(fake: FakeTelegram, llm: FakeOpenAI) -> None:
    llm.script(Reply("Fresh bread, new shop, Saturday! #Bakery", delay=1.0))

    sent = time.monotonic()
    fake.send_text(ANN, BAKERY)
    draft = latest(fake, ANN, "Draft v1")

    typing = fake.calls_of("sendChatAction")
    assert [c.params["action"] for c in typing] == ["typing"]
    assert sent + 0.3 <= typing[0].at < fake.calls_of("sendMessage")[-1].at  # not for 0.3 s
    assert "Fresh bread, new shop" in draft["text"]


def test_a_reply_to_a_message_that_is_not_a_draft_is_ordinary_text(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    fake.send_text(ANN, "/start")
    welcome = latest(fake, ANN, "Hi!")

    fake.send_text(ANN, BAKERY, reply_to_message_id=welcome["message_id"])

    assert "our bakery opens a second shop" in latest(fake, ANN, "Draft v1")["text"].casefold()


def test_free_text_about_tone_content_and_numbers_in_the_bot(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    fake.send_text(ANN, BAKERY)
    assert "· neutral" in latest(fake, ANN, "Draft v1")["text"]

    fake.send_text(ANN, "more fun please, and mention the free croissants")
    second = latest(fake, ANN, "Draft v2")["text"]
    assert "· casual" in second and "the free croissants" in second

    fake.send_text(ANN, "9")
    question = latest(fake, ANN, "Did you mean a rating?")["text"]
    assert question == (
        "Did you mean a rating? Approve the draft first (with its Approve button), then rate"
        " it with the 1-5 buttons under the approved post."
    )

    fake.send_text(ANN, "hmm, not sure")
    third = latest(fake, ANN, "Draft v3")["text"]
    assert "I kept the style and changed the wording" in third
    assert "· casual" in third and "the free croissants" in third
    assert not [m for m in fake.bot_messages(ANN) if "Draft v4" in m.get("text", "")]
