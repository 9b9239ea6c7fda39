"""Errors the core raises. Interfaces turn each into one clear line for the user."""

from __future__ import annotations

from datetime import datetime


class PostmindError(Exception):
    """Base class: every error here carries a message fit to show a user as it is."""


class ValidationError(PostmindError):
    """Input that the rules refuse (an empty brief, a rating of 9, an unknown action)."""


class NotFoundError(PostmindError):
    """Something named by id does not exist, or does not belong to the asking user."""


class InvalidTransitionError(PostmindError):
    """A status change the rules forbid (approving a superseded draft, rating a draft)."""


class ConflictError(PostmindError):
    """The state moved under the request (feedback on a draft that is no longer the latest)."""


class StorageError(PostmindError):
    """The storage failed (disk full, locked, corrupted, unreachable); adapters wrap theirs."""


class RateLimitedError(PostmindError):
    """The user asked for more drafts than the hourly allowance; nothing was generated."""

    def __init__(self, message: str, until: datetime | None = None) -> None:
        super().__init__(message)
        self.until = until  # when the next draft may come


class DuplicateRequestError(PostmindError):
    """This request was handled before (a message delivered twice): nothing more is done."""


class GenerationError(PostmindError):
    """The content generator could not produce a draft; nothing half-written is stored."""
