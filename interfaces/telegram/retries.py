"""Telegram's flood control: when the Bot API answers 429 "retry after N", wait and send once
more. No throttling of our own (the bot's own pace is far under Telegram's limits)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)

MAX_WAIT = 60.0  # seconds; a longer flood wait is not sat out inside an update


def seconds(retry_after: int | float | dtm.timedelta) -> float:
    """RetryAfter.retry_after in seconds: PTB 22 gives an int, or a timedelta with
    PTB_TIMEDELTA=true (the coming default)."""
    if isinstance(retry_after, dtm.timedelta):
        return retry_after.total_seconds()
    return float(retry_after)


class RetryAfterOnce(BaseRateLimiter[None]):
    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as exc:
            wait = seconds(exc.retry_after)
            if wait > MAX_WAIT:
                raise
            logger.info("Telegram asked to wait %.1f s before %s; waiting", wait, endpoint)
            await asyncio.sleep(wait)
            return await callback(*args, **kwargs)
