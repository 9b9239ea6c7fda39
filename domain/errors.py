"""Errors the core raises. Each carries the facts of what went wrong, and its message says
them plainly without naming any interface's commands; interfaces phrase an error for their
own users (interfaces.wording), adding how to do it right there."""

from __future__ import annotations

from datetime import datetime, timedelta


class PostmindError(Exception):
    """Base class: every error here carries a message fit to show a user as it is."""


class ValidationError(PostmindError):
    """Input that the rules refuse (an empty brief, a rating of 9, an unknown action)."""


class EmptyTextError(ValidationError):
    """What the user sent as `what` ("brief", "feedback", "own version") holds nothing."""

    def __init__(self, what: str, message: str) -> None:
        super().__init__(message)
        self.what = what


class BareNumberError(ValidationError):
    """A number alone, sent where no rating is asked for: it is neither a brief nor
    feedback. `draft_open`: a draft is waiting to be approved before it can be rated."""

    def __init__(self, number: str, draft_open: bool) -> None:
        rate = "approve the draft, then rate it" if draft_open else "rate the approved post"
        super().__init__(f"Did you mean a rating? A number alone is not a brief: {rate} 1-5.")
        self.number = number
        self.draft_open = draft_open


class InvalidSettingError(ValidationError):
    """A value the user set for a style dimension that the dimension cannot take."""

    def __init__(self, key: str, value: str, expected: str, example: str) -> None:
        super().__init__(f"'{value}' is not a valid {key}: {expected}.")
        self.key, self.value, self.expected, self.example = key, value, expected, example


class RetentionTooShortError(ValidationError):
    """History was to be kept for less than `shortest`: the least a real cleanup keeps, or
    nothing (zero) for a dry run, which still cannot look into the future."""

    def __init__(self, retention: timedelta, shortest: timedelta) -> None:
        super().__init__(
            f"History is kept for at least {_hours(shortest)} hour(s), not {_hours(retention)}."
        )
        self.retention, self.shortest = retention, shortest


class InvalidDurationError(ValidationError):
    """`text` was to be a length of time from zero to `longest` and is not one (it is not a
    number with a unit, or it is negative, or longer)."""

    def __init__(self, text: str, longest: timedelta) -> None:
        super().__init__(f"{text!r} is not a length of time from 0 to {longest.days} days.")
        self.text, self.longest = text, longest


def _hours(span: timedelta) -> str:
    return f"{span / timedelta(hours=1):g}"


class SameDatabaseError(ValidationError):
    """A copy was asked from a database into itself."""

    def __init__(self) -> None:
        super().__init__("The source and the target are the same database.")


class NotFoundError(PostmindError):
    """Something named by id does not exist, or does not belong to the asking user."""


class UnknownUserError(NotFoundError):
    """Nothing is stored about this user: they never wrote, or were forgotten."""

    def __init__(self, user_id: int) -> None:
        super().__init__(f"There is no user {user_id}.")
        self.user_id = user_id


class NoDatabaseError(NotFoundError):
    """A command named a database file that is not there (admin commands never create one):
    nothing is at `path`, or a directory is (`directory`). Without a path: the storage did
    not say where it looked."""

    def __init__(self, path: str | None = None, *, directory: bool = False) -> None:
        if path is None:
            said = "There is no database there."
        elif directory:
            said = f"{path} is a directory, not a database file."
        else:
            said = f"There is no database at {path}: no such file."
        super().__init__(said)
        self.path, self.directory = path, directory


class InvalidTransitionError(PostmindError):
    """A status change the rules forbid (approving a superseded draft, rating a draft)."""


class ConflictError(PostmindError):
    """The state moved under the request (feedback on a draft that is no longer the latest)."""


class StorageError(PostmindError):
    """The storage failed (disk full, locked, corrupted, unreachable); adapters wrap theirs."""


class NotADatabaseError(StorageError):
    """The file at `path` is not a postmind database; `reason` is the storage engine's own
    short word for it ("file is not a database")."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path} is not a postmind database ({reason}).")
        self.path, self.reason = path, reason


class RateLimitedError(PostmindError):
    """The user asked for more drafts than the hourly allowance; nothing was generated."""

    def __init__(self, message: str, until: datetime | None = None) -> None:
        super().__init__(message)
        self.until = until  # when the next draft may come


class DuplicateRequestError(PostmindError):
    """This request was handled before (a message delivered twice): nothing more is done."""

    def __init__(self, key: str) -> None:
        super().__init__(f"Request {key} was handled already.")
        self.key = key  # the request's idempotency key


class GenerationError(PostmindError):
    """The content generator could not produce a draft; nothing half-written is stored.

    `again` says when trying again may help: "" now, or a wait (" in a minute"); None when
    it will not (the brief must be reworded, the quota is used up). Each interface says how.
    """

    def __init__(self, message: str, *, again: str | None = "") -> None:
        super().__init__(message)
        self.again = again
