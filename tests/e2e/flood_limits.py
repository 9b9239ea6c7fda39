"""Telegram's flood limits, as the fake Bot API server enforces them: token buckets.

Telegram states its limits loosely: about 30 messages a second from a bot in all, about one a
second in one chat (short bursts allowed, "but eventually you'll begin receiving 429 errors"),
20 a minute in a group. Beyond them the Bot API answers 429 "Too Many Requests: retry after N"
with `parameters.retry_after`. The fake holds every bot to these numbers unless a test says
otherwise, so a bot that sends faster than Telegram allows fails in tests the way it would in
production, instead of passing against a server that takes anything.

Only new messages count (sendMessage, sendDocument, sendPhoto, copies and forwards, ...): edits,
callback answers, chat actions and getUpdates do not. A refused message takes no token (a bot
that waits as told then gets through). Groups are not modelled by the fake, so neither is their
limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FloodLimits:
    """Messages a second a bot may send, overall and to one chat, and the bursts allowed."""

    per_second: float = 30.0
    burst: int = 30  # a second's worth at once, then per_second
    per_chat_per_second: float = 1.0
    chat_burst: int = 4  # a short burst to one chat, then per_chat_per_second

    def __post_init__(self) -> None:
        rates, bursts = (self.per_second, self.per_chat_per_second), (self.burst, self.chat_burst)
        if min(rates) <= 0 or min(bursts) < 1:
            raise ValueError(f"rates must be positive and bursts at least 1: {self}")


TELEGRAM = FloodLimits()


def is_message(method: str) -> bool:
    """Whether a Bot API method sends a new message (what the flood limits count)."""
    name = method.lower()
    return (name.startswith("send") and name != "sendchataction") or name in {
        "copymessage", "copymessages", "forwardmessage", "forwardmessages",
    }  # fmt: skip


class TokenBucket:
    """`capacity` tokens, refilled at `rate` a second; a message takes one."""

    def __init__(self, rate: float, capacity: int, now: float) -> None:
        self._rate = rate
        self._capacity = float(capacity)
        self._tokens = float(capacity)
        self._at = now

    def wait(self, now: float) -> float:
        """Seconds until a token is there (0.0: one is there now)."""
        self._tokens = min(self._capacity, self._tokens + (now - self._at) * self._rate)
        self._at = now
        return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self._rate

    def take(self) -> None:
        self._tokens -= 1


class FloodControl:
    """One bucket for the bot and one per chat. Not thread-safe: the fake holds its lock."""

    def __init__(self, limits: FloodLimits) -> None:
        self.limits = limits
        self._overall: TokenBucket | None = None
        self._chats: dict[str, TokenBucket] = {}

    def admit(self, chat: str, now: float) -> int:
        """0 when a message to `chat` may go now (it takes its tokens); otherwise the whole
        seconds to wait, at least 1, as Telegram's `retry_after` says it."""
        limits = self.limits
        if self._overall is None:
            self._overall = TokenBucket(limits.per_second, limits.burst, now)
        if chat not in self._chats:
            self._chats[chat] = TokenBucket(limits.per_chat_per_second, limits.chat_burst, now)
        buckets = (self._overall, self._chats[chat])
        wait = max(bucket.wait(now) for bucket in buckets)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.take()
        return 0
