"""The one sync/async boundary of the bot.

Domain, handlers and storage are synchronous (SQLite through peewee holds a connection
per thread). The bot is asyncio. Every request is handled on this dedicated thread pool via
`await core.run(fn, ...)`, never on the event loop, so a slow generator or a busy
database never stalls other chats. The pool is ours rather than asyncio's default
executor so its size is explicit and shutdown waits for work in flight (nothing a user
has seen is half-written).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

DEFAULT_WORKERS = 64  # drafts wait on the generator (an LLM: about a second each)


class Core:
    def __init__(self, workers: int = DEFAULT_WORKERS) -> None:
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="postmind-core")

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a synchronous call on the pool and await its result."""
        loop = asyncio.get_running_loop()
        call = partial(fn, *args, **kwargs)
        return await loop.run_in_executor(self._executor, call)

    def shutdown(self) -> None:
        """Wait for calls in flight, then stop the threads."""
        self._executor.shutdown(wait=True)
