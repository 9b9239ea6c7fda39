"""Sending within Telegram's flood limits, and sitting out the flood waits that still come.

Telegram lets a bot send about 30 messages a second in all, about one a second to one chat
(short bursts allowed) and 20 a minute to a group; beyond that the Bot API answers 429 "retry
after N". Sent as fast as they were ready, 120 drafts at once met 118 of those and 26 were
never delivered. So every message is paced here before it leaves, with leaky buckets from
aiolimiter (python-telegram-bot's `rate-limiter` extra): one for the bot, one per private chat,
one per group.

Why not python-telegram-bot's AIORateLimiter itself, on the same library: it does not pace
private chats, where every user of this bot is; it paces every request that names a chat,
though edits, chat actions and callback answers are not messages (queueing them behind the
drafts would halve what the bot can send); and it holds requests back during a flood wait
*after* they took their share of the rate, so when the wait ends they all leave at once and
earn the next 429 (seen with 300 users briefing at once: one 429, then 30 sends within a
quarter of a second after the wait, then the next 429, and so on). Here a request that finds
a flood wait in force after taking its share waits and takes another, so sending resumes at
the paced rate.

The buckets are a little stricter than Telegram: the same rates with smaller bursts, so that a
request delayed on its way (behind others on a busy event loop) does not arrive bunched up with
the next ones. A chat's bucket is forgotten once it has drained (it then holds nothing a new one
would not), so memory follows the chats of the last few seconds, not every user ever served.

Several processes serving one bot (webhook workers behind a load balancer) share the same
rates through the database instead (`SharedPacing`, a GCRA per key in PostgreSQL: see
infrastructure/persistence/peewee/pacing.py): Telegram counts the bot's messages and each
chat's, whichever process sends them, and a chat's updates go to every worker in turn. Each
message then costs two short statements (the chat's slot, the bot's), and a flood wait one
process meets holds the others back too. Dividing the rates by the number of workers instead
was measured first (make bench-scale): it kept within the limits but cut three workers'
throughput to 0.57x of one, since a chat's next message often lands on the worker that sent
its last; unshared buckets met a 429 on 9% of the sends.

A flood wait that comes anyway (another process on the same token, a limit tighter than
Telegram says) holds every message back for that long; the refused request is then sent again,
as many times as it takes while its waits add up to at most MAX_WAIT seconds: a draft is never
dropped because Telegram asked twice. Past that the RetryAfter reaches the handler.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import logging
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from domain.ports import SendPacing

logger = logging.getLogger(__name__)

MESSAGES_PER_SECOND = 30.0  # the whole bot
BURST = 10  # at once, of Telegram's 30
CHAT_MESSAGES_PER_SECOND = 1.0  # one private chat
CHAT_BURST = 3  # Telegram allows a few more
GROUP_MESSAGES_PER_SECOND = 20 / 60
GROUP_BURST = 20
MAX_WAIT = 60.0  # seconds of flood waits one request sits out before it gives up
KEEP_BUCKETS = 1024  # chats' buckets kept before the drained ones are dropped
BOT_KEY = "bot"  # the shared pacing key of the whole bot (chats: "chat:<id>", "group:<id>")

Result = bool | dict[str, Any] | list[dict[str, Any]]
Callback = Callable[..., Coroutine[Any, Any, Result]]
ChatId = int | str


def seconds(retry_after: int | float | dtm.timedelta) -> float:
    """RetryAfter.retry_after in seconds: PTB 22 gives an int, or a timedelta with
    PTB_TIMEDELTA=true (the coming default)."""
    if isinstance(retry_after, dtm.timedelta):
        return retry_after.total_seconds()
    return float(retry_after)


def sends_a_message(endpoint: str) -> bool:
    """sendMessage, sendDocument, copyMessage, ...: what Telegram's flood limits count."""
    if endpoint == "sendChatAction":
        return False
    return endpoint.startswith(("send", "copyMessage", "forwardMessage"))


def chat_of(data: dict[str, Any]) -> ChatId | None:
    """The chat a request is for: an id (positive for a private chat), a @name, or None."""
    chat = data.get("chat_id")
    if isinstance(chat, str):
        with contextlib.suppress(ValueError):
            return int(chat)
    return chat if isinstance(chat, int | str) else None


class Buckets:
    """A leaky bucket per chat: `burst` messages at once, then `per_second`."""

    def __init__(self, per_second: float, burst: int, keep: int = KEEP_BUCKETS) -> None:
        self._per_second = per_second
        self._burst = burst
        self._keep = keep
        self._sweep_at = keep
        self._buckets: dict[ChatId, AsyncLimiter] = {}

    def of(self, chat: ChatId) -> AsyncLimiter:
        bucket = self._buckets.get(chat)
        if bucket is None:
            if len(self._buckets) >= self._sweep_at:
                self._forget_drained()
            bucket = AsyncLimiter(self._burst, self._burst / self._per_second)
            self._buckets[chat] = bucket
        return bucket

    def __len__(self) -> int:
        return len(self._buckets)

    def _forget_drained(self) -> None:
        """Drop the buckets that are empty again. The next sweep waits until as many again
        have been added, so sweeping costs O(1) a message however many chats are busy."""
        self._buckets = {
            chat: bucket
            for chat, bucket in self._buckets.items()
            if not bucket.has_capacity(bucket.max_rate)
        }
        self._sweep_at = max(self._keep, 2 * len(self._buckets))


class SharedPacing:
    """The bot's and each chat's sending slots, shared by every process that sends for the
    bot, asked from threads of their own (each ask is a short blocking statement)."""

    def __init__(self, pacing: SendPacing, threads: int = 4) -> None:
        self._pacing = pacing
        self._threads = ThreadPoolExecutor(threads, thread_name_prefix="postmind-pacing")

    async def wait(self, key: str, per_second: float, burst: int) -> None:
        """Take `key`'s next slot and wait for it."""
        loop = asyncio.get_running_loop()
        reserve = self._pacing.reserve
        delay = await loop.run_in_executor(self._threads, reserve, key, per_second, burst)
        if delay > 0:
            await asyncio.sleep(delay)

    async def hold(self, key: str, seconds: float, per_second: float, burst: int) -> None:
        """No slot of `key` for anyone before `seconds` from now."""
        loop = asyncio.get_running_loop()
        hold = self._pacing.hold
        await loop.run_in_executor(self._threads, hold, key, seconds, per_second, burst)

    def close(self) -> None:
        self._threads.shutdown(wait=True)


class TelegramPacing(BaseRateLimiter[None]):
    """Messages paced for the bot, each private chat and each group, in this process or
    `shared` by every process sending for the bot; flood waits sat out, up to MAX_WAIT
    seconds a request."""

    def __init__(self, max_wait: float = MAX_WAIT, *, shared: SharedPacing | None = None) -> None:
        self._max_wait = max_wait
        self._shared = shared
        self._bot = AsyncLimiter(BURST, BURST / MESSAGES_PER_SECOND)
        self._chats = Buckets(CHAT_MESSAGES_PER_SECOND, CHAT_BURST)
        self._groups = Buckets(GROUP_MESSAGES_PER_SECOND, GROUP_BURST)
        self._held_until = 0.0  # time.monotonic() before which no message goes

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        """The request's answer: sent in its turn when it is a message, and again after each
        flood wait while they add up to at most max_wait seconds."""
        paced = sends_a_message(endpoint)
        waited = 0.0
        while True:
            if paced:
                await self._pace(chat_of(data))
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as flood:
                wait = seconds(flood.retry_after)
                if waited + wait > self._max_wait:
                    logger.warning("%s still refused after %g s of flood waits", endpoint, waited)
                    raise
                waited += wait
                logger.info("Telegram asked to wait %g s before %s; waiting", wait, endpoint)
                self._held_until = max(self._held_until, time.monotonic() + wait)
                if self._shared is not None:
                    await self._hold_everyone(wait)
                await asyncio.sleep(wait)

    async def _pace(self, chat: ChatId | None) -> None:
        """Wait for the chat's share of the rate, then the bot's, and for any flood wait."""
        if self._shared is not None:
            try:
                await self._pace_shared(self._shared, chat)
                return
            except Exception:  # the database is down: pace this process's share alone
                logger.warning("shared pacing failed; pacing this process alone", exc_info=True)
        async with self._bucket(chat):
            while True:
                await self._bot.acquire()
                held = self._held_until - time.monotonic()
                if held <= 0:
                    return
                # The share just taken is spent: when the wait ends, the requests held here
                # leave at the paced rate, not all at once.
                await asyncio.sleep(held)

    async def _pace_shared(self, shared: SharedPacing, chat: ChatId | None) -> None:
        if chat is not None:
            if isinstance(chat, int) and chat > 0:
                await shared.wait(f"chat:{chat}", CHAT_MESSAGES_PER_SECOND, CHAT_BURST)
            else:
                await shared.wait(f"group:{chat}", GROUP_MESSAGES_PER_SECOND, GROUP_BURST)
        while True:
            await shared.wait(BOT_KEY, MESSAGES_PER_SECOND, BURST)
            held = self._held_until - time.monotonic()
            if held <= 0:
                return
            await asyncio.sleep(held)  # the slot is spent: take another after the wait

    async def _hold_everyone(self, wait: float) -> None:
        """Hold the other processes' messages too: Telegram's wait is for the whole bot."""
        assert self._shared is not None
        try:
            await self._shared.hold(BOT_KEY, wait, MESSAGES_PER_SECOND, BURST)
        except Exception:
            logger.warning("could not tell the other processes to wait", exc_info=True)

    def _bucket(self, chat: ChatId | None) -> AbstractAsyncContextManager[None]:
        if chat is None:
            return contextlib.nullcontext()
        if isinstance(chat, int) and chat > 0:
            return self._chats.of(chat)
        return self._groups.of(chat)  # groups, supergroups and channels (by id or @name)
