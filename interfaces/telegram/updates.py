"""Concurrency across chats, order within a chat: in this process, and across the processes
that serve one bot when they share chat turns (webhook workers behind a load balancer)."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import threading
import time
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from domain.ports import ChatTurns, Handling

logger = logging.getLogger(__name__)

PRECEDING = 4  # update ids before this one that are waited for briefly ...
PRECEDING_WAIT = 2.0  # ... for up to this many seconds, if they have not reached anyone yet
POLL = (0.01, 0.1)  # first and longest pause between two looks for them
RECHECK = 1.0  # seconds a waiting update looks again unwoken (a process that died says nothing)
LISTEN_STEP = 0.5  # seconds the listener waits for news at a time (how soon close() returns)
TURN_WAIT = 120.0  # seconds an update waits for its chat's earlier ones before going ahead


class SharedTurns:
    """The chat turns of every process, asked from a thread of their own (the calls are
    short and blocking; the event loop never waits on them). An update waiting for its turn
    is woken when an update of its chat finishes anywhere (the listener thread hears of it),
    and looks again every RECHECK seconds regardless."""

    def __init__(self, turns: ChatTurns) -> None:
        self._turns = turns
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="postmind-turns")
        self._wakers: dict[int, asyncio.Event] = {}  # chat -> set when one of its updates ends
        self._listener: threading.Thread | None = None
        self._closing = threading.Event()

    async def _call(self, method: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._thread, method, *args)

    async def arrive(self, update_id: int, chat_id: int | None) -> bool:
        """Whether this process is to handle the update: it was not handled before and no
        other running process has it."""
        handling = await self._call(self._turns.arrive, update_id, chat_id)
        if handling is not Handling.MINE:
            logger.info("update %d is %s; not handled here", update_id, handling.value)
        return handling is Handling.MINE

    async def wait_turn(self, update_id: int, chat_id: int) -> bool:
        """Wait until the update may start (its chat's earlier updates handled); False when
        it turned out to be handled, or taken over, meanwhile.

        Updates sent just before this one may still be on their way to another process: it
        waits up to PRECEDING_WAIT for them to arrive, so that an earlier one of the same
        chat is known before this one starts. After TURN_WAIT it goes ahead regardless."""
        self._listen()
        started = time.monotonic()
        preceding = range(max(update_id - PRECEDING, 0), update_id)
        pause = POLL[0]
        while time.monotonic() - started < PRECEDING_WAIT:
            if await self._call(self._turns.known, preceding) >= len(preceding):
                break
            await asyncio.sleep(pause)
            pause = min(pause * 2, POLL[1])
        while True:
            woken = self._wakers.setdefault(chat_id, asyncio.Event())  # before looking: no
            handling = await self._call(self._turns.start, update_id, chat_id)  # news lost
            if handling is Handling.MINE:
                return True
            if handling is not Handling.WAIT:
                logger.info("update %d is %s meanwhile; not handled here", update_id, handling)
                return False
            if time.monotonic() - started > TURN_WAIT:
                logger.warning(
                    "update %d waited %g s for chat %d's earlier updates; handled now",
                    update_id, TURN_WAIT, chat_id,
                )  # fmt: skip
                return True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(woken.wait(), RECHECK)

    async def finish(self, update_id: int) -> None:
        await self._call(self._turns.finish, update_id)

    def _listen(self) -> None:
        """Start the listener thread, once, from the event loop it wakes updates on."""
        if self._listener is not None:
            return
        loop = asyncio.get_running_loop()

        def listen() -> None:
            while not self._closing.is_set() and not loop.is_closed():
                chats = self._turns.finished_chats(LISTEN_STEP)
                if chats:
                    try:
                        loop.call_soon_threadsafe(self._wake, chats)
                    except RuntimeError:  # the loop closed meanwhile: the bot has stopped
                        return

        self._listener = threading.Thread(target=listen, name="postmind-turns-listener")
        self._listener.daemon = True  # a killed loop must not keep the process alive
        self._listener.start()

    def _wake(self, chats: set[int]) -> None:
        for chat in chats:
            woken = self._wakers.pop(chat, None)
            if woken is not None:
                woken.set()

    def close(self) -> None:
        """Stop the threads (the turns themselves are closed by whoever opened them)."""
        self._closing.set()
        if self._listener is not None:
            self._listener.join(LISTEN_STEP * 4)
        self._thread.shutdown(wait=True)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Updates of different chats run at the same time; one chat's updates run one at a time.

    PTB starts a task per update in arrival order; each waits here on its chat's FIFO lock,
    so a user's second message is handled after their first, while other chats go on. With
    shared turns instead, each update is recorded as it arrives and waits for the chat's
    earlier updates, whichever process has them; one that another process has, or had, is
    left to it. Should the shared turns fail (the database is down), an update falls back to
    this process's order, and the handlers say what is wrong.
    """

    def __init__(self, max_concurrent_updates: int, turns: SharedTurns | None = None) -> None:
        super().__init__(max_concurrent_updates)
        self._turns = turns
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if isinstance(update, Update) and self._turns is not None:
            await self._in_turn(update, coroutine, self._turns)
        else:
            await self._in_order(update, coroutine)

    async def _in_order(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the handling after the chat's updates that arrived before it, here."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[chat.id] -= 1
            if not self._waiting[chat.id]:  # forget idle chats, so memory stays flat
                del self._waiting[chat.id], self._locks[chat.id]

    async def _in_turn(self, update: Update, coroutine: Awaitable[Any], turns: SharedTurns) -> None:
        """Run the handling once the chat's earlier updates are done, wherever they went
        (this process's included: no lock of its own, taken in arrival order, may have an
        update that arrived first hold up an earlier one), unless another process has it;
        then let the chat's next update start."""
        chat_id = update.effective_chat.id if update.effective_chat is not None else None
        in_turn = True
        try:
            if not await turns.arrive(update.update_id, chat_id):
                _discard(coroutine)
                return
            if chat_id is not None and not await turns.wait_turn(update.update_id, chat_id):
                _discard(coroutine)
                return
        except Exception:  # the database is down: the handlers will say so to the user
            logger.warning("the shared chat turns failed; this process's order", exc_info=True)
            in_turn = False
        try:
            await (coroutine if in_turn else self._in_order(update, coroutine))
        finally:
            try:
                await turns.finish(update.update_id)  # the chat's next update may start
            except Exception:
                logger.warning("the shared chat turns failed to finish", exc_info=True)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down (the shared turns are closed by whoever made them)."""


def _discard(coroutine: Awaitable[Any]) -> None:
    """Close a handling that will not run (no "coroutine was never awaited" warning)."""
    if inspect.iscoroutine(coroutine):
        coroutine.close()
