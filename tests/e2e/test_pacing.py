"""The bot's pacing (interfaces/telegram/pacing.py) in a real python-telegram-bot `ExtBot`,
against the fake Bot API server holding it to Telegram's flood limits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import pytest
from peewee import Database
from telegram.constants import ChatAction
from telegram.error import RetryAfter
from telegram.ext import ExtBot

from infrastructure.persistence.peewee.database import open_postgres
from infrastructure.persistence.peewee.pacing import PostgresSendPacing
from interfaces.telegram import pacing
from interfaces.telegram.pacing import Buckets, SharedPacing, TelegramPacing
from tests.e2e.fake_telegram import FakeTelegram, flood_wait
from tests.postgres import fresh_schema

TOKEN = "123:TEST"
ANN, BOB = 42, 77

pytestmark = pytest.mark.filterwarnings(  # PTB reads an int retry_after with a warning
    "ignore::telegram.warnings.PTBDeprecationWarning"
)


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:  # Telegram's limits, the default
        yield server


def paced_bot(fake: FakeTelegram, limiter: TelegramPacing | None = None) -> ExtBot[None]:
    return ExtBot(TOKEN, base_url=fake.base_url, rate_limiter=limiter or TelegramPacing())


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[ExtBot[None]]:
    async with paced_bot(fake) as client:
        yield client


def span(fake: FakeTelegram) -> float:
    """Seconds from the first message sent to the last."""
    sent = fake.calls_of("sendMessage")
    return sent[-1].at - sent[0].at


async def test_one_chat_gets_a_short_burst_then_a_message_a_second(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    await asyncio.gather(*(bot.send_message(ANN, f"part {n}") for n in range(6)))

    assert len(fake.bot_messages(ANN)) == 6 and fake.flood_waits == 0
    assert span(fake) >= (6 - pacing.CHAT_BURST) / pacing.CHAT_MESSAGES_PER_SECOND - 0.1


async def test_a_crowd_is_paced_to_the_bots_rate_not_refused(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    chats = range(1000, 1075)

    await asyncio.gather(*(bot.send_message(chat, "Draft v1") for chat in chats))

    assert all(fake.bot_messages(chat) for chat in chats) and fake.flood_waits == 0
    assert span(fake) >= (len(chats) - pacing.BURST) / pacing.MESSAGES_PER_SECOND - 0.1


@pytest.fixture
def shared_database() -> Iterator[Database]:
    """A PostgreSQL database for pacing shared by several processes (skips without one)."""
    with fresh_schema() as url:
        database = open_postgres(url)
        try:
            yield database
        finally:
            database.close_all()


@asynccontextmanager
async def workers(
    fake: FakeTelegram, database: Database, count: int = 3
) -> AsyncIterator[list[ExtBot[None]]]:
    """`count` processes' worth of clients for one bot, each pacing through the database."""
    shared = [SharedPacing(PostgresSendPacing(database)) for _ in range(count)]
    clients = [paced_bot(fake, TelegramPacing(shared=pacing)) for pacing in shared]
    for client in clients:
        await client.initialize()
    try:
        yield clients
    finally:
        for client, pacing in zip(clients, shared, strict=True):
            await client.shutdown()
            pacing.close()


async def test_three_workers_pacing_through_the_database_keep_to_the_bots_rate(
    fake: FakeTelegram, shared_database: Database
) -> None:
    """Three unshared limiters would send three times the bot's rate; shared, they send it."""
    chats = range(2000, 2090)
    async with workers(fake, shared_database) as clients:
        await asyncio.gather(
            *(clients[n % 3].send_message(chat, "Draft v1") for n, chat in enumerate(chats))
        )

    assert all(fake.bot_messages(chat) for chat in chats) and fake.flood_waits == 0
    assert span(fake) >= (len(chats) - pacing.BURST) / pacing.MESSAGES_PER_SECOND - 0.1


async def test_three_workers_sending_to_one_chat_keep_to_its_rate(
    fake: FakeTelegram, shared_database: Database
) -> None:
    async with workers(fake, shared_database) as clients:
        await asyncio.gather(*(clients[n % 3].send_message(ANN, f"part {n}") for n in range(7)))

    assert len(fake.bot_messages(ANN)) == 7 and fake.flood_waits == 0
    assert span(fake) >= (7 - pacing.CHAT_BURST) / pacing.CHAT_MESSAGES_PER_SECOND - 0.1


async def test_a_flood_wait_one_worker_meets_holds_the_others_back(
    fake: FakeTelegram, shared_database: Database
) -> None:
    async with workers(fake, shared_database, count=2) as (first, second):
        fake.fail_next("sendMessage", flood_wait(2))
        refused = asyncio.create_task(first.send_message(ANN, "for Ann"))
        await asyncio.to_thread(fake.wait_for, lambda: fake.flood_waits)
        refused_at = fake.calls_of("sendMessage")[0].at
        await asyncio.sleep(0.2)  # the hold is written
        await second.send_message(BOB, "for Bob")
        await refused

    bob = [call for call in fake.calls_of("sendMessage") if call.params["chat_id"] == BOB]
    assert bob[0].at - refused_at >= 2.0 and fake.flood_waits == 1


async def test_edits_and_chat_actions_are_not_paced(fake: FakeTelegram, bot: ExtBot[None]) -> None:
    message = await bot.send_message(ANN, "Draft v1")
    started = time.monotonic()

    await asyncio.gather(
        *(bot.edit_message_text(f"Draft v1.{n}", ANN, message.message_id) for n in range(10)),
        *(bot.send_chat_action(ANN, ChatAction.TYPING) for _ in range(10)),
    )

    assert time.monotonic() - started < 3  # paced as messages: 17 s


async def test_a_flood_wait_is_sat_out_as_often_as_telegram_asks(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    fake.fail_next("sendMessage", flood_wait(1), flood_wait(1), flood_wait(1))

    await bot.send_message(ANN, "Draft v1")

    assert len(fake.calls_of("sendMessage")) == 4 and span(fake) >= 3.0
    assert [m["text"] for m in fake.bot_messages(ANN)] == ["Draft v1"]


async def test_a_flood_wait_holds_every_chats_messages_back(
    fake: FakeTelegram, bot: ExtBot[None]
) -> None:
    fake.fail_next("sendMessage", flood_wait(2))
    ann = asyncio.create_task(bot.send_message(ANN, "for Ann"))
    await asyncio.to_thread(fake.wait_for, lambda: fake.flood_waits)
    refused_at = fake.calls_of("sendMessage")[0].at

    await bot.send_message(BOB, "for Bob")
    await ann

    assert fake.calls_of("sendMessage")[-1].at - refused_at >= 2.0
    assert fake.flood_waits == 1


async def test_flood_waits_beyond_the_budget_reach_the_caller(fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", flood_wait(1), flood_wait(1), flood_wait(61))
    async with paced_bot(fake, TelegramPacing(max_wait=1.5)) as bot:
        with pytest.raises(RetryAfter):
            await bot.send_message(ANN, "Draft v1")  # waits 1 s; 1 s more would pass 1.5
        with pytest.raises(RetryAfter):
            await bot.send_message(BOB, "Draft v1")  # 61 s: given up at once

    assert len(fake.calls_of("sendMessage")) == 3 and not fake.bot_messages(ANN)


async def test_a_chats_bucket_is_forgotten_once_drained_and_kept_while_busy() -> None:
    buckets = Buckets(per_second=1000.0, burst=1, keep=100)
    busy = Buckets(per_second=0.001, burst=1)  # never drains during the test
    await busy.of(ANN).acquire()
    kept = busy.of(ANN)

    for chat in range(10_000):
        await buckets.of(chat).acquire()
        await busy.of(100_000 + chat).acquire()  # other chats come and go (busy too)
        if chat % 100 == 0:
            await asyncio.sleep(0.002)  # drained after a millisecond

    assert len(buckets) <= 2 * 100
    assert busy.of(ANN) is kept  # a bucket with messages in it is never dropped
