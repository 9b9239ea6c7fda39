"""The fake Bot API server, driven by a real `telegram.Bot` over loopback HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import time
import urllib.request
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyParameters,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Conflict, EndPointNotFound, RetryAfter

from tests.e2e.fake_telegram import FakeTelegram, flood_wait, post_update
from tests.e2e.flood_limits import TELEGRAM, FloodLimits

TOKEN = "123:TEST"
ANN = 42
KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Shorter", callback_data="shorter")],
        [InlineKeyboardButton("Approve", callback_data="approve")],
    ]
)


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(token=TOKEN, base_url=fake.base_url) as client:
        yield client


async def test_get_me_describes_the_bot_named_by_the_token(fake: FakeTelegram, bot: Bot) -> None:
    me = await bot.get_me()

    assert me.id == 123 and me.is_bot and me.username == fake.bot_username
    assert me.can_join_groups is True and me.supports_inline_queries is False
    assert fake.tokens_seen == {TOKEN}
    assert fake.calls_of("getMe")  # `async with bot` already asked once


async def test_a_keyboard_round_trips_and_the_call_is_recorded(
    fake: FakeTelegram, bot: Bot
) -> None:
    sent = await bot.send_message(ANN, "Pick one", reply_markup=KEYBOARD)

    assert sent.reply_markup == KEYBOARD
    assert sent.chat.id == ANN and sent.from_user is not None and sent.from_user.is_bot
    call = fake.calls_of("sendMessage")[-1]
    assert call.token == TOKEN
    assert call.params == {
        "chat_id": ANN,
        "text": "Pick one",
        "reply_markup": KEYBOARD.to_dict(),
    }
    [stored] = fake.bot_messages(ANN)
    assert Message.de_json(stored, bot) == sent and stored["reply_markup"] == KEYBOARD.to_dict()


async def test_text_that_looks_like_json_stays_text(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(ANN, "123")

    assert sent.text == "123"
    assert fake.calls_of("sendMessage")[-1].params["text"] == "123"


async def test_message_ids_grow_per_chat(bot: Bot) -> None:
    first = await bot.send_message(ANN, "one")
    second = await bot.send_message(ANN, "two")
    elsewhere = await bot.send_message(7, "one")

    assert (first.message_id, second.message_id, elsewhere.message_id) == (1, 2, 1)


async def test_editing_text_updates_the_stored_message_and_drops_the_keyboard(
    fake: FakeTelegram, bot: Bot
) -> None:
    sent = await bot.send_message(ANN, "Draft v1", reply_markup=KEYBOARD)

    edited = await bot.edit_message_text("Draft v2", chat_id=ANN, message_id=sent.message_id)

    assert isinstance(edited, Message) and edited.text == "Draft v2"
    [stored] = fake.bot_messages(ANN)
    assert stored["text"] == "Draft v2" and "reply_markup" not in stored
    assert "edit_date" in stored


async def test_editing_the_keyboard_alone_keeps_the_text(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(ANN, "Draft v1", reply_markup=KEYBOARD)

    await bot.edit_message_reply_markup(chat_id=ANN, message_id=sent.message_id)

    assert fake.bot_messages(ANN)[0]["text"] == "Draft v1"
    assert "reply_markup" not in fake.bot_messages(ANN)[0]


async def test_editing_a_missing_message_is_a_bad_request(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("nope", chat_id=ANN, message_id=99)


async def test_an_edit_that_changes_nothing_is_not_modified(bot: Bot) -> None:
    sent = await bot.send_message(ANN, "Same", reply_markup=KEYBOARD)

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "Same", chat_id=ANN, message_id=sent.message_id, reply_markup=KEYBOARD
        )


async def test_html_is_parsed_like_telegram(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(ANN, "<b>Tea</b> &amp; cake &lt;3\n", parse_mode=ParseMode.HTML)

    assert sent.text == "Tea & cake <3"
    with pytest.raises(BadRequest, match='Can\'t parse entities: unsupported start tag "br"'):
        await bot.send_message(ANN, "Tea<br>cake", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="Can't parse entities: can't find end tag"):
        await bot.send_message(ANN, "<b>open", parse_mode=ParseMode.HTML)
    assert len(fake.bot_messages(ANN)) == 1


async def test_oversized_text_and_callback_data_are_rejected(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(ANN, "x" * 4097)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(ANN, "hi", reply_markup=too_long)


async def test_updates_carry_a_command_and_a_button_press_until_confirmed(
    fake: FakeTelegram, bot: Bot
) -> None:
    sent = await bot.send_message(ANN, "Draft", reply_markup=KEYBOARD)
    fake.send_text(ANN, "/start", username="ann")
    fake.press_button(ANN, sent.message_id, "approve")

    command, press = await bot.get_updates(timeout=0)

    assert command.message is not None and command.message.text == "/start"
    assert command.message.entities == (MessageEntity(MessageEntity.BOT_COMMAND, 0, 6),)
    assert command.effective_user is not None and command.effective_user.username == "ann"
    assert command.effective_chat is not None and command.effective_chat.type == "private"
    query = press.callback_query
    assert query is not None and query.data == "approve" and query.from_user.id == ANN
    assert query.message is not None and query.message.message_id == sent.message_id
    assert await query.answer("Approved")
    assert await bot.get_updates(offset=command.update_id + 1, timeout=0) == (press,)
    assert await bot.get_updates(offset=press.update_id + 1, timeout=0) == ()


async def test_a_user_reply_carries_the_bot_message_and_a_bot_reply_the_user_message(
    fake: FakeTelegram, bot: Bot
) -> None:
    sent = await bot.send_message(ANN, "How long?")
    update = fake.send_text(ANN, "Short", reply_to_message_id=sent.message_id)
    [received] = await bot.get_updates(timeout=0)

    assert received.message is not None and received.message.reply_to_message == sent
    answer = await bot.send_message(
        ANN, "Got it", reply_parameters=ReplyParameters(update["message"]["message_id"])
    )
    assert answer.reply_to_message == received.message
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(ANN, "Lost", reply_parameters=ReplyParameters(999))


async def test_a_long_poll_returns_as_soon_as_an_update_arrives(
    fake: FakeTelegram, bot: Bot
) -> None:
    before = len(fake.calls)
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.to_thread(fake.wait_for_call, "getUpdates", after=before, timeout=3)
    await asyncio.sleep(0.2)
    fake.send_text(ANN, "hello")

    [update] = await poll

    assert update.message is not None and update.message.text == "hello"
    assert time.monotonic() - started < 2


async def test_a_long_poll_with_nothing_queued_waits_out_its_timeout(bot: Bot) -> None:
    started = time.monotonic()

    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 3


async def test_a_second_poller_ends_the_first_with_a_conflict(fake: FakeTelegram, bot: Bot) -> None:
    before = len(fake.calls)
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.to_thread(fake.wait_for_call, "getUpdates", after=before, timeout=3)
    async with Bot(token=TOKEN, base_url=fake.base_url) as other:
        assert await other.get_updates(timeout=0) == ()

    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_an_uploaded_document_is_recorded_with_its_content(
    fake: FakeTelegram, bot: Bot
) -> None:
    content = b"line one\r\n--not-a-boundary\r\n\x00\xff binary tail\r\n"

    sent = await bot.send_document(ANN, content, filename="post.txt", caption="Your post")

    assert sent.document is not None and sent.document.file_name == "post.txt"
    assert sent.document.file_size == len(content) and sent.caption == "Your post"
    assert fake.documents(ANN) == [("post.txt", content)]
    upload = fake.calls_of("sendDocument")[-1].files["document"]
    assert upload.mime_type == "text/plain" and upload.content == content
    again = await bot.send_document(ANN, sent.document.file_id)
    assert fake.documents(ANN)[-1] == ("post.txt", content) and again.document is not None
    await bot.send_document(ANN, b"x", filename='Résumé "final".txt')
    assert fake.documents(ANN)[-1] == ('Résumé "final".txt', b"x")


async def test_an_unknown_method_is_a_telegram_error_not_a_hang(
    fake: FakeTelegram, bot: Bot
) -> None:
    with pytest.raises(EndPointNotFound):
        await asyncio.wait_for(bot.do_api_request("noSuchMethod"), timeout=5)
    assert "404 Not Found" in fake.describe_recent_calls()


async def test_commands_can_be_set_read_and_deleted(bot: Bot) -> None:
    commands = [BotCommand("start", "Begin"), BotCommand("stats", "Your numbers")]

    assert await bot.set_my_commands(commands)
    assert await bot.get_my_commands() == tuple(commands)
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "Begin")])


async def test_chat_actions_and_callback_answers_are_checked(bot: Bot) -> None:
    assert await bot.send_chat_action(ANN, ChatAction.TYPING)
    with pytest.raises(BadRequest, match="Wrong parameter action"):
        await bot.send_chat_action(ANN, "dancing")
    with pytest.raises(BadRequest, match="query id is invalid"):
        await bot.answer_callback_query("no-such-query")


async def test_polling_while_a_webhook_is_set_is_a_conflict(fake: FakeTelegram, bot: Bot) -> None:
    fake.send_text(ANN, "queued")
    assert await bot.set_webhook("https://bot.example/hook", secret_token="s3cret")
    assert (await bot.get_webhook_info()).url == "https://bot.example/hook"

    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)

    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates(timeout=0) == ()
    assert await bot.close() and await bot.log_out()


def test_post_update_sends_json_with_the_secret_header(fake: FakeTelegram) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            secret = self.headers.get("X-Telegram-Bot-Api-Secret-Token")
            received.append((secret, json.loads(body)))
            self.send_response(200 if secret == "s3cret" else 403)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Hook) as hook:
        threading.Thread(target=hook.serve_forever, args=(0.05,), daemon=True).start()
        url = f"http://127.0.0.1:{hook.server_address[1]}/hook"
        update = fake.build_text_update(ANN, "/start")

        assert post_update(url, update, "s3cret") == 200
        assert post_update(url, update, None) == 403
        hook.shutdown()

    assert received == [("s3cret", update), (None, update)]
    assert fake.pending_update_count == 0 and fake.next_update_id == update["update_id"] + 1


def test_stop_ends_a_pending_long_poll(fake: FakeTelegram) -> None:
    url = f"{fake.base_url}{TOKEN}/getUpdates?timeout=30"
    finished = threading.Event()

    def poll() -> None:
        with contextlib.suppress(OSError):  # the connection may be cut rather than answered
            urllib.request.urlopen(urllib.request.Request(url, method="POST"), timeout=30)
        finished.set()

    threading.Thread(target=poll, daemon=True).start()
    fake.wait_for_call("getUpdates", timeout=3)
    started = time.monotonic()

    fake.stop()

    assert finished.wait(timeout=3) and time.monotonic() - started < 2


def test_wait_for_fails_with_the_recent_calls(fake: FakeTelegram) -> None:
    fake.handle(f"/bot{TOKEN}/sendMessage", "", b"chat_id=42&text=hi")

    with pytest.raises(AssertionError, match=r"(?s)no matching editMessageText.*#0 sendMessage"):
        fake.wait_for_call("editMessageText", timeout=0.1)
    with pytest.raises(AssertionError, match="last raised IndexError"):
        fake.wait_for(lambda: fake.bot_messages(ANN)[1], timeout=0.1)
    assert fake.wait_for(lambda: fake.bot_messages(ANN)[0])["text"] == "hi"


def test_button_presses_must_match_a_button_unless_forged(fake: FakeTelegram) -> None:
    fake.handle(
        f"/bot{TOKEN}/sendMessage",
        "application/json",
        json.dumps({"chat_id": ANN, "text": "hi", "reply_markup": KEYBOARD.to_dict()}).encode(),
    )

    with pytest.raises(ValueError, match="no button"):
        fake.press_button(ANN, 1, "delete-everything")
    forged = fake.build_callback_update(ANN, 1, "delete-everything", require_button=False)
    assert forged["callback_query"]["data"] == "delete-everything"


def call(fake: FakeTelegram, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """A Bot API request straight to the fake: (HTTP status, answer)."""
    return fake.handle(f"/bot{TOKEN}/{method}", "application/json", json.dumps(params).encode())


def send(fake: FakeTelegram, chat_id: int) -> tuple[int, dict[str, Any]]:
    return call(fake, "sendMessage", chat_id=chat_id, text="hi")


def test_a_chat_gets_a_short_burst_then_telegrams_429(fake: FakeTelegram) -> None:
    burst = [send(fake, ANN)[0] for _ in range(TELEGRAM.chat_burst)]

    assert burst == [200] * TELEGRAM.chat_burst
    assert send(fake, ANN) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        },
    )
    assert send(fake, 7)[0] == 200  # another chat has its own allowance
    assert (fake.flood_waits, fake.sends) == (1, TELEGRAM.chat_burst + 2)
    assert len(fake.bot_messages(ANN)) == TELEGRAM.chat_burst  # the refused one is not stored


def test_the_bot_is_held_to_about_30_messages_a_second_in_all(fake: FakeTelegram) -> None:
    statuses = [send(fake, chat)[0] for chat in range(1, TELEGRAM.burst + 2)]

    assert statuses == [200] * TELEGRAM.burst + [429]


def test_edits_chat_actions_and_answers_do_not_count(fake: FakeTelegram) -> None:
    for _ in range(TELEGRAM.chat_burst):
        send(fake, ANN)
    query = fake.press_button(ANN, 1, "x", require_button=False)["callback_query"]

    for n in range(10):
        assert call(fake, "editMessageText", chat_id=ANN, message_id=1, text=f"{n}")[0] == 200
    assert call(fake, "sendChatAction", chat_id=ANN, action="typing")[0] == 200
    assert call(fake, "answerCallbackQuery", callback_query_id=query["id"])[0] == 200
    assert call(fake, "getUpdates", timeout=0)[0] == 200
    assert send(fake, ANN)[0] == 429 and fake.sends == TELEGRAM.chat_burst + 1


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # int retry_after
async def test_ptb_reads_the_429_as_a_flood_wait(fake: FakeTelegram, bot: Bot) -> None:
    fake.fail_next("sendMessage", flood_wait(3))

    with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
        await bot.send_message(ANN, "hi")

    assert fake.flood_waits == 1


def test_the_limits_can_be_loosened_or_turned_off() -> None:
    with FakeTelegram(flood_limits=None) as unlimited:
        assert {send(unlimited, ANN)[0] for _ in range(50)} == {200}
    fast = FloodLimits(per_chat_per_second=20.0, chat_burst=1)
    with FakeTelegram(flood_limits=fast) as loose:
        assert [send(loose, ANN)[0] for _ in range(2)] == [200, 429]
        time.sleep(1 / 20 + 0.01)  # one token back

        assert send(loose, ANN)[0] == 200 and loose.flood_waits == 1


def test_flood_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        FloodLimits(per_second=0)


# -- webhook delivery ----------------------------------------------------------------------

BOB = 7
HOLD = None  # a Receiver answer: keep the request until `release` is set, then answer 200


@dataclass(frozen=True)
class Received:
    path: str
    secret: str | None
    content_type: str
    update: dict[str, Any]


class Receiver:
    """A webhook on loopback that records what it is sent. It answers `answers` in turn (a
    status, or HOLD), then `then` to every later request."""

    def __init__(
        self, answers: Sequence[int | None] = (), then: int | None = 200, port: int = 0
    ) -> None:
        self.requests: list[Received] = []
        self.held = 0  # requests waiting for `release` now
        self.release = threading.Event()
        self._answers = list(answers)
        self._then = then
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/hook"

    def __enter__(self) -> Receiver:
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Hook(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received = Received(
                    self.path,
                    self.headers.get("X-Telegram-Bot-Api-Secret-Token"),
                    self.headers.get("Content-Type", ""),
                    json.loads(body),
                )
                with receiver._lock:
                    receiver.requests.append(received)
                    answers = receiver._answers
                    status = answers.pop(0) if answers else receiver._then
                    receiver.held += status is HOLD
                if status is HOLD:
                    receiver.release.wait(timeout=10)
                    with receiver._lock:
                        receiver.held -= 1
                with contextlib.suppress(OSError):  # the fake gave up waiting, or stopped
                    self.send_response(200 if status is HOLD else status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Hook


def webhook_info(fake: FakeTelegram) -> dict[str, Any]:
    status, answer = call(fake, "getWebhookInfo")
    assert status == 200
    result: dict[str, Any] = answer["result"]
    return result


def ids(updates: Iterable[dict[str, Any]]) -> list[int]:
    return [update["update_id"] for update in updates]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_webhook_gets_each_queued_update_as_json_with_the_secret(fake: FakeTelegram) -> None:
    first = fake.send_text(ANN, "/start")  # queued before the webhook was set: delivered too
    with Receiver() as hook:
        assert call(fake, "setWebhook", url=hook.url, secret_token="s3cret")[0] == 200
        second = fake.send_text(BOB, "hello")

        fake.wait_for(lambda: fake.pending_update_count == 0 and len(hook.requests) == 2)

        info = webhook_info(fake)
    received = sorted(hook.requests, key=lambda r: r.update["update_id"])
    assert [r.update for r in received] == [first, second]
    assert {(r.path, r.secret, r.content_type) for r in received} == {
        ("/hook", "s3cret", "application/json")
    }
    assert sorted((d.update_id, d.outcome) for d in fake.deliveries) == [
        (first["update_id"], 200),
        (second["update_id"], 200),
    ]
    assert info == {
        "url": hook.url,
        "has_custom_certificate": False,
        "pending_update_count": 0,
        "max_connections": 40,
    }
    assert call(fake, "getUpdates", timeout=0)[0] == 409  # still no polling beside a webhook


def test_updates_of_one_chat_are_in_flight_at_once(fake: FakeTelegram) -> None:
    with Receiver(then=HOLD) as hook:
        call(fake, "setWebhook", url=hook.url)
        one = fake.send_text(ANN, "one")
        time.sleep(0.01)
        two = fake.send_text(ANN, "two")

        fake.wait_for(lambda: hook.held == 2)  # both arrived, neither answered

        assert sorted(fake.webhook_in_flight) == ids([one, two])
        assert fake.pending_update_count == 2 == webhook_info(fake)["pending_update_count"]
        hook.release.set()
        fake.wait_for(lambda: fake.pending_update_count == 0)
    assert fake.webhook_in_flight == [] and sorted(ids(r.update for r in hook.requests)) == ids(
        [one, two]
    )


def test_max_connections_caps_the_requests_in_flight(fake: FakeTelegram) -> None:
    with Receiver(then=HOLD) as hook:
        call(fake, "setWebhook", url=hook.url, max_connections=1)
        one = fake.send_text(ANN, "one")
        two = fake.send_text(BOB, "two")
        fake.wait_for(lambda: hook.held)
        time.sleep(0.3)  # time for a second request, were it allowed

        assert [r.update for r in hook.requests] == [one] and fake.webhook_in_flight == ids([one])
        assert webhook_info(fake)["max_connections"] == 1
        hook.release.set()
        fake.wait_for(lambda: fake.pending_update_count == 0)
    assert [r.update for r in hook.requests] == [one, two]  # in update_id order


def test_with_chat_order_a_chat_waits_for_its_previous_update() -> None:
    with FakeTelegram(webhook_chat_order=True) as fake, Receiver(then=HOLD) as hook:
        call(fake, "setWebhook", url=hook.url)
        one, two = fake.send_text(ANN, "one"), fake.send_text(ANN, "two")
        other = fake.send_text(BOB, "hi")
        fake.wait_for(lambda: hook.held == 2)
        time.sleep(0.3)  # time for ANN's second, were it allowed

        assert sorted(ids(r.update for r in hook.requests)) == ids([one, other])
        hook.release.set()
        fake.wait_for(lambda: fake.pending_update_count == 0)
    assert len(hook.requests) == 3 and hook.requests[-1].update == two


def test_an_update_answered_with_an_error_is_sent_again_until_answered_2xx() -> None:
    with (
        FakeTelegram(webhook_retry_delay=0.05) as fake,
        Receiver(answers=[500, 502]) as hook,
    ):
        call(fake, "setWebhook", url=hook.url)
        update = fake.send_text(ANN, "hello")

        fake.wait_for(lambda: fake.pending_update_count == 0)

        info = webhook_info(fake)
    assert [(d.update_id, d.outcome) for d in fake.deliveries] == [
        (update["update_id"], 500),
        (update["update_id"], 502),
        (update["update_id"], 200),
    ]
    assert [r.update for r in hook.requests] == [update] * 3
    assert info["last_error_message"] == "Wrong response from the webhook: 502 Bad Gateway"
    assert abs(info["last_error_date"] - time.time()) < 60


def test_a_webhook_that_is_down_is_tried_again_and_reported() -> None:
    port = free_port()  # nothing listens there
    with FakeTelegram(webhook_retry_delay=0.05) as fake:
        call(fake, "setWebhook", url=f"http://127.0.0.1:{port}/hook")
        update = fake.send_text(ANN, "hello")
        fake.wait_for(lambda: len(fake.deliveries) >= 2)

        info = webhook_info(fake)
        assert info["last_error_message"] == "Connection refused"
        assert info["pending_update_count"] == 1 == fake.pending_update_count
        assert {d.outcome for d in fake.deliveries} == {"Connection refused"}
        with Receiver(port=port) as hook:  # the webhook comes up
            fake.wait_for(lambda: fake.pending_update_count == 0)
    assert [r.update for r in hook.requests] == [update]
    assert fake.deliveries[-1][:2] == (update["update_id"], 200)


def test_a_webhook_that_answers_too_late_is_tried_again() -> None:
    with (
        FakeTelegram(webhook_retry_delay=0.05, webhook_timeout=0.5) as fake,
        Receiver(answers=[HOLD]) as hook,
    ):
        call(fake, "setWebhook", url=hook.url)
        fake.send_text(ANN, "hello")

        fake.wait_for(lambda: fake.pending_update_count == 0)

        assert webhook_info(fake)["last_error_message"] == "Read timeout expired"
    outcomes = [d.outcome for d in fake.deliveries]
    assert outcomes[0] == "Read timeout expired" and outcomes[-1] == 200
    assert len(hook.requests) == len(outcomes)


def test_delete_webhook_stops_delivery_but_a_request_in_flight_finishes(
    fake: FakeTelegram,
) -> None:
    with Receiver(answers=[HOLD]) as hook:
        call(fake, "setWebhook", url=hook.url)  # no secret this time
        first = fake.send_text(ANN, "one")
        fake.wait_for(lambda: hook.held)

        assert call(fake, "deleteWebhook")[0] == 200
        second = fake.send_text(ANN, "two")
        hook.release.set()
        fake.wait_for(lambda: fake.deliveries)
        time.sleep(0.3)  # time for the second, were the webhook still set

    assert [r.update for r in hook.requests] == [first] and hook.requests[0].secret is None
    assert [(d.update_id, d.outcome) for d in fake.deliveries] == [(first["update_id"], 200)]
    assert webhook_info(fake)["url"] == "" and fake.pending_update_count == 1
    assert call(fake, "getUpdates", timeout=0)[1]["result"] == [second]  # polling again


def test_stop_cuts_the_requests_in_flight_and_ends_the_delivery_threads() -> None:
    fake = FakeTelegram().start()
    with Receiver(then=HOLD) as hook:
        call(fake, "setWebhook", url=hook.url)
        fake.send_text(ANN, "hello")
        fake.wait_for(lambda: hook.held)
        ours = [t for t in threading.enumerate() if t.name.startswith("fake-telegram-webhook")]
        started = time.monotonic()

        fake.stop()

        assert time.monotonic() - started < 4 and len(ours) >= 2  # the dispatcher, a sender
        assert not [t for t in ours if t.is_alive()]
    assert fake.pending_update_count == 1  # cut, not answered: still queued
