"""A fake Telegram Bot API server on loopback, for end-to-end tests of the real PTB stack.

Why a server and not a patched `Bot`: the bot under test runs unchanged, through httpx, PTB's
request encoding and its `de_json`; only the far end of the wire is ours. It is standard library
only and runs in a background thread, so sync tests, async tests and subprocesses can all share it.

The wire format, as python-telegram-bot 22 sends it: every call is a POST to
`{base_url}{token}/{method}`, form-urlencoded (multipart when a file is uploaded), strings sent
raw and every other value JSON-encoded. A form value therefore cannot say its own type, so the
server keeps the documented string parameters (`text`, `data`, ...) as strings and JSON-decodes
the rest, falling back to the raw string. JSON bodies are accepted too.

Where a bot could get it wrong, the fake answers as Telegram does: HTML parse mode is parsed
(unsupported or unbalanced tags are the real 400 "can't parse entities") and tags are removed from
the stored text; text is stripped and limited to 4096 characters; callback data is limited to
64 bytes; an edit that changes nothing is "message is not modified"; editing text without a
`reply_markup` drops the inline keyboard; a second `getUpdates` ends the first with 409; polling
while a webhook is set is 409; PTB maps an unknown method's 404 to `InvalidToken`. Flood limits
are enforced (tests/e2e/flood_limits.py: about 30 new messages a second in all, about one a
second per chat with a short burst) with the real 429 and `parameters.retry_after`; a test may
loosen them or turn them off (`flood_limits=None`), and `flood_waits` counts the 429s given.
Webhooks are delivered as Telegram delivers them: once `setWebhook` names a URL, background
threads POST each queued update there as JSON (with `X-Telegram-Bot-Api-Secret-Token` when a
secret was set), up to `max_connections` at once, in update_id order of dispatch and, unless
`webhook_chat_order` is asked for, without waiting for a chat's earlier update to be answered.
An update leaves the queue only when answered 2xx; a refused or broken connection, a timeout or
another status is retried after `webhook_retry_delay` and shows in `getWebhookInfo` as
`last_error_date` and `last_error_message`. `deleteWebhook` stops delivery (requests in flight
finish), `stop()` cuts it, and `deliveries` records every attempt. Only loopback URLs are
contacted, over HTTP or HTTPS without certificate checks (the real API takes only HTTPS URLs of
public addresses; a local Bot API server, like this fake, takes any); `post_update` still lets
a test post an update of its own.
Not modelled: groups and channels, inline mode, file downloads, MarkdownV2 validation, entities
in bot messages, and the webhook's growing backoff, `Retry-After` and method-in-the-answer.
"""

from __future__ import annotations

import contextlib
import copy
import email
import http.client
import itertools
import json
import logging
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from email.message import Message as MimeHeaders
from http.server import BaseHTTPRequestHandler
from typing import Any, Concatenate, NamedTuple, ParamSpec, TypeVar
from urllib.parse import parse_qsl, urlsplit

from tests.e2e.flood_limits import TELEGRAM, FloodControl, FloodLimits, is_message
from tests.loopback_fake import FakeServer, LoopbackFake, read_body

logger = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")
JSON = dict[str, Any]

# Parameters the Bot API types as String: never JSON-decoded, so "123" or "true" stay text.
STRING_PARAMS = frozenset(
    {
        "action", "business_connection_id", "callback_query_id", "caption", "data",
        "description", "document", "emoji", "inline_message_id", "ip_address", "language_code",
        "message_effect_id", "name", "parse_mode", "photo", "secret_token", "short_description",
        "text", "thumbnail", "title", "url",
    }
)  # fmt: skip
CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip
HTML_TAGS = frozenset(
    {
        "a", "b", "blockquote", "code", "del", "em", "i", "ins", "pre", "s", "span", "strike",
        "strong", "tg-emoji", "tg-spoiler", "u",
    }
)  # fmt: skip
MAX_TEXT = 4096
MAX_CAPTION = 1024
POLL_STEP = 0.05  # long polls and wait_for re-check this often, so stop() never waits long
WEBHOOK_MAX_CONNECTIONS = 40  # setWebhook's default; it takes 1-100
WEBHOOK_RETRY_DELAY = 0.5  # seconds before a failed delivery is tried again (Telegram: longer)
WEBHOOK_TIMEOUT = 10.0  # seconds a webhook has to answer
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_PATH = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)/?$")
_COMMAND = re.compile(r"/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
_FORM_ESCAPE = re.compile(r"%(22|[01][0-9A-F])")
_HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """One file part of a multipart request."""

    filename: str
    content: bytes
    mime_type: str


@dataclass(frozen=True, slots=True)
class Call:
    """One Bot API request as received, parameters decoded; `at` is `time.monotonic()`."""

    method: str
    params: dict[str, Any]
    at: float
    token: str = ""
    files: dict[str, UploadedFile] = field(default_factory=dict)


class Delivery(NamedTuple):
    """One attempt to POST an update to the webhook; times are `time.monotonic()`.

    `outcome` is the HTTP status answered (2xx took the update off the queue) or, when no
    answer came, the error as `getWebhookInfo` words it ("Connection refused", ...).
    """

    update_id: int
    outcome: int | str
    at: float  # when the request went out
    done: float  # when the answer (or the error) came


class ApiError(Exception):
    """A Bot API failure, answered as {"ok": false, "error_code", "description"}."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters  # ResponseParameters, e.g. {"retry_after": 3}


def flood_wait(seconds: int) -> ApiError:
    """What the Bot API answers a bot that sends too fast."""
    return ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})


@dataclass
class _Chat:
    info: JSON
    next_message_id: int = 1
    messages: dict[int, JSON] = field(default_factory=dict)
    bot_message_ids: list[int] = field(default_factory=list)
    documents: list[tuple[str, bytes]] = field(default_factory=list)


def _queued(
    build: Callable[Concatenate[FakeTelegram, P], JSON],
) -> Callable[Concatenate[FakeTelegram, P], JSON]:
    """A method that takes what `build` takes and queues the update it builds."""

    def queue(fake: FakeTelegram, /, *args: P.args, **kwargs: P.kwargs) -> JSON:
        return fake._enqueue(build(fake, *args, **kwargs))

    return queue


class FakeTelegram(LoopbackFake):
    """The Bot API for private chats: records calls, stores bot messages, queues user updates
    for getUpdates or delivers them to the webhook.

    `webhook_retry_delay` is how long a failed delivery waits before it is tried again,
    `webhook_timeout` how long a webhook has to answer. With `webhook_chat_order` a chat's
    updates go one at a time, the next only once the previous was answered 2xx (a user's button
    presses form a queue of their own), as telegram-bot-api's WebhookActor orders them; without
    it (the default) nothing waits per chat, the harder case for a bot behind a load balancer.
    """

    def __init__(
        self,
        *,
        bot_first_name: str = "Postmind Test Bot",
        bot_username: str = "postmind_test_bot",
        valid_tokens: Collection[str] | None = None,
        flood_limits: FloodLimits | None = TELEGRAM,
        webhook_retry_delay: float = WEBHOOK_RETRY_DELAY,
        webhook_timeout: float = WEBHOOK_TIMEOUT,
        webhook_chat_order: bool = False,
    ) -> None:
        super().__init__(_Handler, "fake-telegram")
        self.webhook_retry_delay = webhook_retry_delay
        self.webhook_timeout = webhook_timeout
        self.webhook_chat_order = webhook_chat_order
        self.bot_first_name = bot_first_name
        self.bot_username = bot_username
        self._valid_tokens = None if valid_tokens is None else frozenset(valid_tokens)
        self._cond = threading.Condition()  # guards all state; notified when updates change
        self._stopping = False  # set by stop(): pending long polls end
        self._calls: list[Call] = []
        self._failures: dict[int, str] = {}  # call index -> "code description"
        self._scripted: dict[str, list[ApiError]] = {}  # method -> errors for its next calls
        self._flood = None if flood_limits is None else FloodControl(flood_limits)
        self._flood_waits = 0  # 429s answered, scripted or earned
        self._sends = 0  # requests for a new message, answered or refused
        self._tokens: set[str] = set()
        self._updates: list[JSON] = []
        self._next_update_id = 100_001
        self._allowed_updates: list[str] = []
        self._poll_generation = 0
        self._chats: dict[int, _Chat] = {}
        self._users: dict[int, JSON] = {}
        self._query_ids: set[str] = set()
        self._files: dict[str, UploadedFile] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._webhook: JSON = {}  # url, secret_token, max_connections; empty when polling
        self._webhook_error: tuple[int, str] | None = None  # (unix time, message) of the last
        # Deliveries: a queued update is known by identity (redeliver queues equal copies); the
        # maps hold it too, so its id() cannot be reused while it is in one of them.
        self._in_flight: dict[int, JSON] = {}
        self._retry_at: dict[int, tuple[JSON, float]] = {}  # failed: when it may go again
        self._deliveries: list[Delivery] = []
        self._dispatcher: threading.Thread | None = None
        self._senders: set[threading.Thread] = set()
        self._connections: set[http.client.HTTPConnection] = set()
        self._serial = itertools.count(1)
        self._methods: dict[str, Callable[[Call], Any]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendDocument": self._send_document,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "close": lambda call: True,
            "logOut": lambda call: True,
        }
        self._by_lower_name = {name.lower(): name for name in self._methods}

    # -- lifecycle -------------------------------------------------------------------------

    def _on_start(self) -> None:
        self._stopping = False
        self._dispatcher = threading.Thread(
            target=self._dispatch_webhook, name="fake-telegram-webhook", daemon=True
        )
        self._dispatcher.start()

    def _on_stop(self) -> None:
        """Wake pending long polls; end webhook delivery, cutting the requests in flight."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._dispatcher is not None:
            self._dispatcher.join(timeout=5)  # it starts no sender once it saw _stopping
            self._dispatcher = None
        with self._cond:
            connections, senders = list(self._connections), list(self._senders)
        for connection in connections:
            if connection.sock is not None:
                with contextlib.suppress(OSError):  # already closed
                    connection.sock.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + 5
        for sender in senders:
            sender.join(timeout=max(0.0, deadline - time.monotonic()))

    @property
    def base_url(self) -> str:
        """What PTB's `base_url` takes: PTB appends the token and `/method`."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- what the bot did ------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    @property
    def tokens_seen(self) -> set[str]:
        with self._cond:
            return set(self._tokens)

    def fail_next(self, method: str, *errors: ApiError) -> None:
        """Answer the next calls of `method` with `errors`, one each, then serve it again.

        `fail_next("sendMessage", *[flood_wait(2)] * 3)` refuses the next three messages with
        429 retry after 2 s, whatever the flood limits say.
        """
        with self._cond:
            self._scripted.setdefault(method, []).extend(errors)

    @property
    def flood_waits(self) -> int:
        """How many requests were answered 429 "Too Many Requests" (scripted ones included)."""
        with self._cond:
            return self._flood_waits

    @property
    def sends(self) -> int:
        """How many requests asked for a new message (sendMessage, sendDocument, ...), refused
        ones included: what `flood_waits` is a share of."""
        with self._cond:
            return self._sends

    def calls_of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def bot_messages(self, chat_id: int) -> list[JSON]:
        """Every message the bot sent to the chat, as it is now (after edits), oldest first."""
        with self._cond:
            chat = self._chats.get(chat_id)
            if chat is None:
                return []
            return [copy.deepcopy(chat.messages[i]) for i in chat.bot_message_ids]

    def documents(self, chat_id: int) -> list[tuple[str, bytes]]:
        """(filename, content) of every document the bot sent to the chat, oldest first."""
        with self._cond:
            chat = self._chats.get(chat_id)
            return list(chat.documents) if chat else []

    @property
    def pending_update_count(self) -> int:
        """Updates not yet taken: not confirmed by getUpdates, or not answered 2xx by the
        webhook (those in flight included)."""
        with self._cond:
            return len(self._updates)

    @property
    def deliveries(self) -> list[Delivery]:
        """Every attempt to POST an update to the webhook, in the order they ended."""
        with self._cond:
            return list(self._deliveries)

    @property
    def webhook_in_flight(self) -> list[int]:
        """The update_ids being POSTed to the webhook now, oldest request first."""
        with self._cond:
            return [update["update_id"] for update in self._in_flight.values()]

    def wait_for(self, predicate: Callable[[], T | None], timeout: float = 10.0) -> T:
        """Poll until `predicate` returns something truthy; fail with the recent calls.

        A LookupError counts as "not yet", so `lambda: fake.bot_messages(42)[-1]` can be polled.
        """
        deadline = time.monotonic() + timeout
        last_error: LookupError | None = None
        while True:
            try:
                result = predicate()
            except LookupError as error:
                last_error, result = error, None
            if result:
                return result
            if time.monotonic() >= deadline:
                raised = f" (last raised {last_error!r})" if last_error else ""
                raise AssertionError(
                    f"condition not met within {timeout:g}s{raised}; {self.describe_recent_calls()}"
                )
            time.sleep(0.02)

    def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] = lambda call: True,
        after: int = 0,
        timeout: float = 10.0,
    ) -> Call:
        """The first call of `method` at index >= `after` in `calls` that satisfies `predicate`."""

        def find() -> Call | None:
            with self._cond:
                candidates = self._calls[after:]
            return next((c for c in candidates if c.method == method and predicate(c)), None)

        try:
            return self.wait_for(find, timeout)
        except AssertionError as error:
            raise AssertionError(f"no matching {method} call (after #{after}): {error}") from None

    def describe_recent_calls(self, count: int = 20) -> str:
        with self._cond:
            start = max(0, len(self._calls) - count)
            recent = list(enumerate(self._calls))[start:]
            lines = [
                f"  #{i} {call.method} {json.dumps(call.params, ensure_ascii=False)[:200]}"
                + (f" -> {self._failures[i]}" if i in self._failures else "")
                for i, call in recent
            ]
        return f"{len(lines)} most recent call(s):\n" + ("\n".join(lines) or "  (none)")

    # -- what users do ---------------------------------------------------------------------

    @property
    def next_update_id(self) -> int:
        with self._cond:
            return self._next_update_id

    def build_text_update(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str = "Ann",
        username: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> JSON:
        """A message update from the user in their private chat; stored, not queued."""
        with self._cond:
            user = self._remember_user(user_id, first_name, username)
            chat = self._chat(user_id)
            message: JSON = {
                "message_id": self._take_message_id(chat),
                "from": user,
                "chat": dict(chat.info),
                "date": int(time.time()),
                "text": text,
            }
            if command := _COMMAND.match(text):
                length = len(command.group().encode("utf-16-le")) // 2
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
            if reply_to_message_id is not None:
                replied = chat.messages.get(reply_to_message_id)
                if replied is None:
                    raise KeyError(f"chat {user_id} has no message {reply_to_message_id}")
                message["reply_to_message"] = _without_reply(replied)
            chat.messages[message["message_id"]] = message
            return {"update_id": self._take_update_id(), "message": copy.deepcopy(message)}

    def build_callback_update(
        self,
        user_id: int,
        message_id: int,
        data: str,
        *,
        first_name: str | None = None,
        username: str | None = None,
        require_button: bool = True,
    ) -> JSON:
        """A button press on a bot message; the query id becomes answerable, nothing is queued.

        With `require_button` the message's current keyboard must offer `data`, as a real
        client's would; turn it off to forge presses of stale or invented data.
        """
        with self._cond:
            known = self._users.get(user_id, {})
            user = self._remember_user(
                user_id,
                first_name or known.get("first_name", "Ann"),
                username or known.get("username"),
            )
            chat = self._chats.get(user_id)
            if chat is None or message_id not in chat.bot_message_ids:
                raise KeyError(f"the bot sent no message {message_id} to chat {user_id}")
            message = chat.messages[message_id]
            if require_button and data not in _callback_data(message):
                raise ValueError(f"message {message_id} has no button with data {data!r}")
            query_id = f"{next(self._serial)}{user_id}"
            self._query_ids.add(query_id)
            query = {
                "id": query_id,
                "from": user,
                "message": copy.deepcopy(message),
                "chat_instance": f"-{user_id}7",
                "data": data,
            }
            return {"update_id": self._take_update_id(), "callback_query": query}

    def redeliver(self, update: JSON) -> None:
        """Queue `update` again, same update_id: what Telegram does after a bot died before
        confirming it (the next getUpdates of a restarted bot asks from offset 0)."""
        self._enqueue(update)

    def edit_text(self, user_id: int, message_id: int, text: str) -> JSON:
        """Queue an edited_message: the user changed the text of their message `message_id`."""
        update = self.build_text_update(user_id, text)
        message = update.pop("message")
        with self._cond:  # the edit replaces the message, it adds none
            chat = self._chat(user_id)
            chat.messages.pop(message["message_id"], None)
            message.update(message_id=message_id, edit_date=int(time.time()))
            chat.messages[message_id] = message
        update["edited_message"] = message
        return self._enqueue(update)

    # What the users do, queued for getUpdates: a message (see build_text_update) and a
    # button press (see build_callback_update).
    send_text = _queued(build_text_update)
    press_button = _queued(build_callback_update)

    # -- HTTP entry point ------------------------------------------------------------------

    def handle(self, target: str, content_type: str, body: bytes) -> tuple[int, JSON]:
        """Answer one HTTP request: (status, JSON payload)."""
        url = urlsplit(target)
        match = _PATH.match(url.path)
        if match is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, name = match["token"], match["method"]
        method = self._by_lower_name.get(name.lower(), name)
        try:
            params, files = _decode_params(url.query, content_type, body)
        except (ValueError, UnicodeDecodeError) as error:
            params, files = {}, {}
            decode_error: ApiError | None = ApiError(400, f"Bad Request: {error}")
        else:
            decode_error = None
        call = Call(method, params, time.monotonic(), token, files)
        with self._cond:
            self._tokens.add(token)
            index = len(self._calls)
            self._calls.append(call)
        try:
            if decode_error is not None:
                raise decode_error
            if self._valid_tokens is not None and token not in self._valid_tokens:
                raise ApiError(401, "Unauthorized")
            serve = self._methods.get(method)
            if serve is None:
                raise ApiError(404, "Not Found")
            with self._cond:
                self._sends += is_message(method)
                scripted = self._scripted.get(method)
                if scripted:
                    raise scripted.pop(0)
                if self._flood is not None and is_message(method):
                    wait = self._flood.admit(str(params.get("chat_id")), call.at)
                    if wait:
                        raise flood_wait(wait)
            result = serve(call)
        except ApiError as error:
            failure = error
        except Exception as error:  # a bug here must reach the test as a failed call, not a hang
            logger.exception("fake telegram: %s failed", method)
            failure = ApiError(500, f"Internal Server Error: {error!r}")
        else:
            return 200, {"ok": True, "result": result}
        logger.debug("fake telegram: %s -> %s %s", method, failure.code, failure.description)
        with self._cond:
            self._failures[index] = f"{failure.code} {failure.description}"
            self._flood_waits += failure.code == 429
        answer: JSON = {
            "ok": False,
            "error_code": failure.code,
            "description": failure.description,
        }
        if failure.parameters is not None:
            answer["parameters"] = failure.parameters
        return failure.code, answer

    # -- methods ---------------------------------------------------------------------------

    def _get_me(self, call: Call) -> JSON:
        return {
            **self._bot_user(call.token),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _get_updates(self, call: Call) -> list[JSON]:
        offset = _int_param(call.params, "offset", None)
        limit = min(max(_int_param(call.params, "limit", 100) or 100, 1), 100)
        deadline = time.monotonic() + max(float(call.params.get("timeout") or 0), 0.0)
        with self._cond:
            if self._webhook.get("url"):
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            self._poll_generation += 1
            generation = self._poll_generation
            self._cond.notify_all()  # an older long poll now ends with 409, as on Telegram
            if isinstance(call.params.get("allowed_updates"), list):
                self._allowed_updates = list(call.params["allowed_updates"])
            self._confirm(offset)
            while True:
                if generation != self._poll_generation:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                batch = self._deliverable(limit)
                remaining = deadline - time.monotonic()
                if batch or self._stopping or remaining <= 0:
                    return batch
                self._cond.wait(min(remaining, POLL_STEP))

    def _send_message(self, call: Call) -> JSON:
        chat_id = _chat_id(call.params)
        text = _render(call.params.get("text"), call.params.get("parse_mode"), MAX_TEXT)
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        markup = _inline_markup(call.params.get("reply_markup"))
        with self._cond:
            chat = self._chat(chat_id)
            return self._store_bot_message(call, chat, {"text": text}, markup)

    def _edit_message_text(self, call: Call) -> JSON:
        text = _render(call.params.get("text"), call.params.get("parse_mode"), MAX_TEXT)
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        markup = _inline_markup(call.params.get("reply_markup"))
        with self._cond:
            message = self._editable(call.params)
            if "text" not in message:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            if message["text"] == text and message.get("reply_markup") == markup:
                raise ApiError(400, _NOT_MODIFIED)
            message["text"] = text
            return _edited(message, markup)

    def _edit_message_reply_markup(self, call: Call) -> JSON:
        markup = _inline_markup(call.params.get("reply_markup"))
        with self._cond:
            message = self._editable(call.params)
            if message.get("reply_markup") == markup:
                raise ApiError(400, _NOT_MODIFIED)
            return _edited(message, markup)

    def _answer_callback_query(self, call: Call) -> bool:
        with self._cond:
            if str(call.params.get("callback_query_id")) not in self._query_ids:
                raise ApiError(
                    400,
                    "Bad Request: query is too old and response timeout expired "
                    "or query ID is invalid",
                )
        return True

    def _send_chat_action(self, call: Call) -> bool:
        _chat_id(call.params)
        if call.params.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _set_my_commands(self, call: Call) -> bool:
        commands = call.params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        cleaned = []
        for command in commands:
            name = str(command.get("command", "")).removeprefix("/")
            description = str(command.get("description", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: command description is empty or too long")
            cleaned.append({"command": name, "description": description})
        with self._cond:
            self._commands[_commands_key(call.params)] = cleaned
        return True

    def _get_my_commands(self, call: Call) -> list[JSON]:
        with self._cond:
            return copy.deepcopy(self._commands.get(_commands_key(call.params), []))

    def _delete_my_commands(self, call: Call) -> bool:
        with self._cond:
            self._commands.pop(_commands_key(call.params), None)
        return True

    def _send_document(self, call: Call) -> JSON:
        chat_id = _chat_id(call.params)
        caption = _render(call.params.get("caption"), call.params.get("parse_mode"), MAX_CAPTION)
        markup = _inline_markup(call.params.get("reply_markup"))
        with self._cond:
            upload = self._document(call)
            file_id = f"BQACAgIAAxkBAAI{next(self._serial)}"
            self._files[file_id] = upload
            content: JSON = {
                "document": {
                    "file_id": file_id,
                    "file_unique_id": f"AgAD{file_id[-6:]}",
                    "file_name": upload.filename,
                    "mime_type": upload.mime_type,
                    "file_size": len(upload.content),
                }
            }
            if caption:
                content["caption"] = caption
            chat = self._chat(chat_id)
            chat.documents.append((upload.filename, upload.content))
            return self._store_bot_message(call, chat, content, markup)

    def _delete_webhook(self, call: Call) -> bool:
        with self._cond:
            self._use_webhook("")
            if call.params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _set_webhook(self, call: Call) -> bool:
        secret = call.params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        connections = _int_param(call.params, "max_connections", WEBHOOK_MAX_CONNECTIONS)
        with self._cond:
            url = str(call.params.get("url") or "")
            self._use_webhook(url)
            if url:
                self._webhook.update(
                    secret_token=secret,
                    max_connections=min(max(connections or WEBHOOK_MAX_CONNECTIONS, 1), 100),
                )
            if call.params.get("drop_pending_updates"):
                self._updates.clear()
            if isinstance(call.params.get("allowed_updates"), list):
                self._allowed_updates = list(call.params["allowed_updates"])
            self._cond.notify_all()
        return True

    def _get_webhook_info(self, call: Call) -> JSON:
        with self._cond:
            url = self._webhook.get("url", "")
            info: JSON = {
                "url": url,
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            if url:
                info["max_connections"] = self._webhook["max_connections"]
            if url and self._webhook_error is not None:
                info["last_error_date"], info["last_error_message"] = self._webhook_error
            if self._allowed_updates:
                info["allowed_updates"] = list(self._allowed_updates)
            return info

    # -- webhook delivery ------------------------------------------------------------------

    def _use_webhook(self, url: str) -> None:
        """Deliver to `url` from now on ("": stop delivering). A new URL starts afresh: no
        error to report, no failed update waiting out its delay. Callers hold self._cond."""
        if url != self._webhook.get("url", ""):
            self._webhook_error = None
            self._retry_at.clear()
        self._webhook = {"url": url} if url else {}

    def _dispatch_webhook(self) -> None:
        """Start a sender for each update that may go now; until stop()."""
        with self._cond:
            while not self._stopping:
                if self._webhook.get("url"):
                    self._start_deliveries()
                self._cond.wait(POLL_STEP)

    def _start_deliveries(self) -> None:
        """Callers hold self._cond."""
        self._drop_disallowed()
        queued = {id(update) for update in self._updates}
        for key in self._retry_at.keys() - queued:  # confirmed or dropped meanwhile
            del self._retry_at[key]
        webhook, now = dict(self._webhook), time.monotonic()
        waiting: set[object] = set()  # chat queues whose first update is not done yet
        for update in self._updates:
            if len(self._in_flight) >= webhook["max_connections"]:
                return
            key = id(update)
            if self.webhook_chat_order:
                queue = _webhook_queue(update)
                if queue in waiting:
                    continue
                waiting.add(queue)
            if key in self._in_flight or self._retry_at.get(key, (None, now))[1] > now:
                continue
            self._retry_at.pop(key, None)
            self._in_flight[key] = update
            body = json.dumps(update).encode()
            sender = threading.Thread(
                target=self._deliver,
                args=(update, body, webhook["url"], webhook.get("secret_token")),
                name=f"fake-telegram-webhook-{update['update_id']}",
                daemon=True,
            )
            self._senders.add(sender)
            sender.start()

    def _deliver(self, update: JSON, body: bytes, url: str, secret: str | None) -> None:
        """POST one update, then take it off the queue (2xx) or set it to be tried again."""
        started = time.monotonic()
        outcome: int | str
        failure: str | None
        try:
            status, reason = self._post(url, body, secret)
        except (OSError, http.client.HTTPException) as error:
            outcome = failure = _delivery_error(error)
        else:
            outcome, failure = status, None
            if not 200 <= status < 300:
                failure = f"Wrong response from the webhook: {status} {reason}"
        with self._cond:
            key = id(update)
            self._in_flight.pop(key, None)
            self._senders.discard(threading.current_thread())
            self._deliveries.append(
                Delivery(update["update_id"], outcome, started, time.monotonic())
            )
            if failure is None:
                self._updates = [u for u in self._updates if u is not update]
            else:
                logger.debug("fake telegram: webhook update %s: %s", update["update_id"], failure)
                self._webhook_error = (int(time.time()), failure)
                if any(u is update for u in self._updates):
                    self._retry_at[key] = (update, time.monotonic() + self.webhook_retry_delay)
            self._cond.notify_all()

    def _post(self, url: str, body: bytes, secret: str | None) -> tuple[int, str]:
        """(status, reason) the webhook answered; raises OSError when it did not answer."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host not in LOOPBACK_HOSTS:  # tests never reach out of the machine
            raise socket.gaierror(f"Failed to resolve host: {host} is not a loopback address")
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            connection = http.client.HTTPSConnection(
                host, parts.port or 443, timeout=self.webhook_timeout, context=context
            )
        else:
            connection = http.client.HTTPConnection(
                host, parts.port or 80, timeout=self.webhook_timeout
            )
        headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
        if secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        with self._cond:
            if self._stopping:
                raise ConnectionAbortedError("the fake Bot API server stopped")
            self._connections.add(connection)
        try:
            connection.request("POST", target, body, headers)
            response = connection.getresponse()
            response.read()
            return response.status, response.reason
        finally:
            with self._cond:
                self._connections.discard(connection)
            connection.close()

    # -- state helpers (callers hold self._cond) -------------------------------------------

    def _bot_user(self, token: str) -> JSON:
        prefix = token.split(":", 1)[0]
        return {
            "id": int(prefix) if prefix.isdigit() else 1,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _remember_user(self, user_id: int, first_name: str, username: str | None) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        self._users[user_id] = user
        info = {"id": user_id, "type": "private", "first_name": first_name}
        if username:
            info["username"] = username
        self._chat(user_id).info = info
        return dict(user)

    def _chat(self, chat_id: int) -> _Chat:
        if chat_id not in self._chats:
            user = self._users.get(chat_id, {"first_name": "User"})
            info = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            self._chats[chat_id] = _Chat(info=info)
        return self._chats[chat_id]

    def _take_message_id(self, chat: _Chat) -> int:
        chat.next_message_id += 1
        return chat.next_message_id - 1

    def _take_update_id(self) -> int:
        self._next_update_id += 1
        return self._next_update_id - 1

    def _enqueue(self, update: JSON) -> JSON:
        with self._cond:
            self._updates.append(copy.deepcopy(update))
            self._cond.notify_all()
        return update

    def _confirm(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            del self._updates[: max(0, len(self._updates) + offset)]
        else:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _deliverable(self, limit: int) -> list[JSON]:
        self._drop_disallowed()
        return copy.deepcopy(self._updates[:limit])

    def _drop_disallowed(self) -> None:
        if self._allowed_updates:
            allowed = set(self._allowed_updates)
            self._updates = [u for u in self._updates if _update_kind(u) in allowed]

    def _store_bot_message(
        self, call: Call, chat: _Chat, content: JSON, markup: JSON | None
    ) -> JSON:
        message: JSON = {
            "message_id": self._take_message_id(chat),
            "from": self._bot_user(call.token),
            "chat": dict(chat.info),
            "date": int(time.time()),
            **content,
        }
        if (replied := self._replied(chat, call.params)) is not None:
            message["reply_to_message"] = replied
        if markup is not None:
            message["reply_markup"] = markup
        chat.messages[message["message_id"]] = message
        chat.bot_message_ids.append(message["message_id"])
        return copy.deepcopy(message)

    def _replied(self, chat: _Chat, params: JSON) -> JSON | None:
        reply = params.get("reply_parameters")
        source = reply if isinstance(reply, dict) else params
        message_id = source.get("message_id" if source is reply else "reply_to_message_id")
        if message_id is None:
            return None
        replied = chat.messages.get(int(message_id))
        if replied is None:
            if source.get("allow_sending_without_reply"):
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return _without_reply(replied)

    def _editable(self, params: JSON) -> JSON:
        if "inline_message_id" in params:
            raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        chat = self._chats.get(_chat_id(params))
        message_id = _int_param(params, "message_id", None)
        if chat is None or message_id not in chat.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message_id not in chat.bot_message_ids:
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat.messages[message_id]

    def _document(self, call: Call) -> UploadedFile:
        value = call.params.get("document")
        if value is None:
            upload = call.files.get("document")
        elif isinstance(value, str) and value.startswith("attach://"):
            upload = call.files.get(value.removeprefix("attach://"))
        else:
            upload = self._files.get(str(value))
            if upload is None:
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if upload is None:
            raise ApiError(400, "Bad Request: there is no document in the request")
        return upload


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects of Telegram
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stalls
    server: FakeServer[FakeTelegram]

    def do_POST(self) -> None:
        body = read_body(self)
        status, payload = self.server.fake.handle(
            self.path, self.headers.get("Content-Type", ""), body
        )
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up, e.g. a cancelled long poll
            self.close_connection = True

    def do_GET(self) -> None:
        self.do_POST()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("fake telegram %s: %s", self.address_string(), format % args)


def post_update(
    url: str, update: JSON, secret_token: str | None = None, timeout: float = 10.0
) -> int:
    """POST an update to a webhook as Telegram does; the HTTP status it answered."""
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    if secret_token is not None:
        request.add_header("X-Telegram-Bot-Api-Secret-Token", secret_token)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy
    try:
        with opener.open(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


# -- wire decoding and message rendering ---------------------------------------------------


def _decode_params(
    query: str, content_type: str, body: bytes
) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    pairs = parse_qsl(query, keep_blank_values=True)
    files: dict[str, UploadedFile] = {}
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime == "application/json":
        decoded = json.loads(body or b"{}")
        if not isinstance(decoded, dict):
            raise ValueError("the JSON body is not an object")
        return {**{k: _decode_value(k, v) for k, v in pairs}, **decoded}, files
    if mime == "multipart/form-data":
        fields, files = _parse_multipart(content_type, body)
        pairs += fields
    elif body:
        pairs += parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=False)
    return {name: _decode_value(name, value) for name, value in pairs}, files


def _decode_value(name: str, value: str) -> Any:
    if name in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _parse_multipart(
    content_type: str, body: bytes
) -> tuple[list[tuple[str, str]], dict[str, UploadedFile]]:
    headers = MimeHeaders()
    headers["Content-Type"] = content_type
    boundary = headers.get_boundary()
    if not boundary:
        raise ValueError("multipart body without a boundary")
    fields: list[tuple[str, str]] = []
    files: dict[str, UploadedFile] = {}
    for chunk in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if chunk.startswith(b"--"):
            break
        head, separator, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not separator:
            continue
        part = email.message_from_string(head.decode())
        name = str(part.get_param("name", header="content-disposition") or "")
        content = content.removesuffix(b"\r\n")
        filename = part.get_filename()
        if filename is not None:  # undo the HTML5 form escaping httpx applies to quotes
            filename = _FORM_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), filename)
        if filename is None:
            fields.append((name, content.decode()))
        else:
            files[name] = UploadedFile(filename, content, part.get_content_type())
    return fields, files


def _render(raw: Any, parse_mode: Any, limit: int) -> str:
    """The text a user sees: HTML parsed when asked for, stripped, length-checked."""
    text = "" if raw is None else str(raw)
    if isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
        text = _strip_html(text)
    text = text.strip()
    if len(text) > limit:
        what = "message caption" if limit == MAX_CAPTION else "message"
        raise ApiError(400, f"Bad Request: {what} is too long")
    return text


def _strip_html(source: str) -> str:
    """Telegram's HTML mode: only its tags, balanced; every '<' must begin one."""
    out: list[str] = []
    open_tags: list[str] = []
    i = 0
    while (start := source.find("<", i)) >= 0:
        out.append(source[i:start])
        end = source.find(">", start)
        is_end_tag = source.startswith("</", start)
        if end < 0:
            raise _entity_error(f"Unclosed {'end' if is_end_tag else 'start'} tag", source, start)
        inner = source[start + 1 : end]
        if is_end_tag:
            name = inner[1:].strip().lower()
            if not open_tags:
                raise _entity_error(f'Unexpected end tag "{name}"', source, start)
            expected = open_tags.pop()
            if name and name != expected:
                raise _entity_error(
                    f'Unmatched end tag, expected "</{expected}>", found "</{name}>"', source, start
                )
        else:
            name = re.split(r"[\s/]", inner, maxsplit=1)[0].lower()
            if name not in HTML_TAGS:
                raise _entity_error(f'Unsupported start tag "{name}"', source, start)
            open_tags.append(name)
        i = end + 1
    out.append(source[i:])
    if open_tags:
        raise _entity_error(
            f'Can\'t find end tag corresponding to start tag "{open_tags[-1]}"', source, len(source)
        )
    return _HTML_ENTITY.sub(_unescape_entity, "".join(out))


def _unescape_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
    if name in named:
        return named[name]
    return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))


def _entity_error(problem: str, source: str, position: int) -> ApiError:
    offset = len(source[:position].encode())
    return ApiError(400, f"Bad Request: can't parse entities: {problem} at byte offset {offset}")


def _inline_markup(markup: Any) -> JSON | None:
    """The markup a Message carries: inline keyboards only, callback data 1-64 bytes."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None  # reply keyboards and force-reply never appear in the Message object
    for row in rows:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return copy.deepcopy(markup)


def _edited(message: JSON, markup: JSON | None) -> JSON:
    if markup is None:
        message.pop("reply_markup", None)
    else:
        message["reply_markup"] = markup
    message["edit_date"] = int(time.time())
    return copy.deepcopy(message)


def _callback_data(message: JSON) -> set[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["callback_data"] for row in rows for b in row if "callback_data" in b}


def _without_reply(message: JSON) -> JSON:
    """Telegram does not nest replies: a replied-to message comes without its own."""
    return {k: copy.deepcopy(v) for k, v in message.items() if k != "reply_to_message"}


def _chat_id(params: JSON) -> int:
    raw = params.get("chat_id")
    if raw is None or raw == "":
        raise ApiError(400, "Bad Request: chat_id is empty")
    try:
        chat_id = int(raw)
    except (TypeError, ValueError):
        raise ApiError(400, "Bad Request: chat not found") from None
    if chat_id <= 0:  # only private chats are modelled
        raise ApiError(400, "Bad Request: chat not found")
    return chat_id


def _int_param(params: JSON, name: str, default: int | None) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: wrong parameter {name}") from None


def _commands_key(params: JSON) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


def _update_kind(update: JSON) -> str:
    return next((key for key in update if key != "update_id"), "")


def _webhook_queue(update: JSON) -> object:
    """Which of telegram-bot-api's webhook queues the update waits in: a chat's messages and
    their edits share one, a user's button presses another; anything else goes alone."""
    kind = _update_kind(update)
    content = update.get(kind)
    if isinstance(content, dict):
        if isinstance(content.get("chat"), dict) and kind != "callback_query":
            return ("chat", content["chat"].get("id"))
        if kind == "callback_query" and isinstance(content.get("from"), dict):
            return ("callback_query", content["from"].get("id"))
    return ("update", id(update))


def _delivery_error(error: OSError | http.client.HTTPException) -> str:
    """A failed delivery as getWebhookInfo's last_error_message words it."""
    if isinstance(error, ConnectionRefusedError):
        return "Connection refused"
    if isinstance(error, TimeoutError):
        return "Read timeout expired"
    if isinstance(error, ConnectionResetError):
        return "Connection reset by peer"
    if isinstance(error, http.client.RemoteDisconnected):
        return "Webhook connection closed"
    if isinstance(error, socket.gaierror):
        return str(error)
    if isinstance(error, OSError):
        return error.strerror or str(error) or type(error).__name__
    return f"Wrong response from the webhook: {error!r}"
