"""Handling a request once, even when it is delivered twice (Telegram re-sends an update
whose receipt it did not get before the bot was killed).

An interface names the request it is handling with `handling(key)`. The first unit of work
that commits while handling it records the key in the same transaction, so the key is
stored exactly when the request's first change is: a request that arrives again finds
its key and fails with DuplicateRequestError at its first commit, before changing
anything. A request that commits nothing (a read) records nothing and may run twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(slots=True)
class Receipt:
    key: str
    recorded: bool = False  # by the first commit; the later ones of the request skip it


HANDLED_BEFORE = "This message was handled already."
current_receipt: ContextVar[Receipt | None] = ContextVar("postmind_receipt", default=None)


@contextmanager
def handling(key: str) -> Iterator[Receipt]:
    """Within the block, the first commit records `key` (see the module's docstring)."""
    receipt = Receipt(key)
    token = current_receipt.set(receipt)
    try:
        yield receipt
    finally:
        current_receipt.reset(token)


def receipt_to_record() -> Receipt | None:
    """The receipt the committing unit of work must record, if any."""
    receipt = current_receipt.get()
    return receipt if receipt is not None and not receipt.recorded else None
