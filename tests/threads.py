"""Calls made from several threads at once, for tests of what is shared between them."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def in_threads(call: Callable[[], T], count: int, timeout: float) -> list[T]:
    """What `call` returned in each of `count` threads running it at once, in no set order.

    A call that raised fails the test with its exception; one that has not returned within
    `timeout` seconds fails it with TimeoutError (and is left running, not waited for).
    """
    pool = ThreadPoolExecutor(max_workers=count)
    try:
        futures = [pool.submit(call) for _ in range(count)]
        return [future.result(timeout=timeout) for future in futures]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
