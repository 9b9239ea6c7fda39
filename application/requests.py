"""What a user can ask of postmind: one frozen request per intent, the same for Telegram
and the terminal. `Request[R]` is answered with an `R` (see application.handlers).

`idempotency_key` names the delivery a request came in (a Telegram update). The handler
gives it to the first unit of work that writes for the request, which records it in the
same transaction as the change; a request delivered again is refused there with
DuplicateRequestError before it changes anything. A request without a key (the terminal)
is not checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from application.views import ContextView, DraftView, Forgotten, PreferenceView, SessionView
from domain.actions import Action
from domain.analysis import FeedbackAnalysis

R = TypeVar("R", covariant=True)


@dataclass(frozen=True, slots=True)
class Request(Generic[R]):
    user_id: int
    idempotency_key: str | None = field(default=None, kw_only=True)  # its delivery, if any


# --- the conversation -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hello(Request[bool]):
    """A user says hello (first message, /start, the terminal): created or refreshed;
    answered with whether they are new."""

    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None


@dataclass(frozen=True, slots=True)
class Text(Request[DraftView]):
    """Text: feedback on the open draft, else a brief."""

    text: str


@dataclass(frozen=True, slots=True)
class New(Request[DraftView | SessionView]):
    """/new: a fresh session, drafted at once when a brief comes with it."""

    brief: str | None = None


@dataclass(frozen=True, slots=True)
class Act(Request[DraftView]):
    """An action on a draft (the open one when `post_id` is None): a style action,
    regenerate, approve or reject."""

    action: Action
    post_id: int | None = None


@dataclass(frozen=True, slots=True)
class Edit(Request[DraftView]):
    """The user's own version of the draft becomes the next version. It names the draft by
    post id (a button's), or by the chat message it replies to, or not at all (the open one)."""

    text: str
    post_id: int | None = None
    in_reply_to: int | None = None  # the chat message the user replied to


@dataclass(frozen=True, slots=True)
class Shown(Request[None]):
    """A version was shown to the user in chat message `message_id` (a reply to it names it)."""

    post_id: int
    message_id: int


@dataclass(frozen=True, slots=True)
class Unshown(Request[DraftView | None]):
    """The user's open draft, when no chat message has shown it yet (its sending failed)."""


@dataclass(frozen=True, slots=True)
class Rate(Request[DraftView]):
    """A 1-5 rating of an approved post (the latest one when none is named)."""

    rating: int
    post_id: int | None = None


@dataclass(frozen=True, slots=True)
class Retry(Request[DraftView]):
    """After a failed draft: what the user asked for, tried again."""


# --- what is known of the user --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stats(Request[FeedbackAnalysis]):
    """The user's feedback analysis."""


@dataclass(frozen=True, slots=True)
class Sessions(Request[list[SessionView]]):
    """The user's sessions, newest first, each with its latest draft."""

    limit: int | None = 10


@dataclass(frozen=True, slots=True)
class Preferences(Request[list[PreferenceView]]):
    """Every style dimension, learned, set or default."""


@dataclass(frozen=True, slots=True)
class SetPreference(Request[PreferenceView]):
    """A preference the user states, honoured until reset."""

    key: str
    value: str


@dataclass(frozen=True, slots=True)
class ResetPreferences(Request[int]):
    """Forget what was learned and set; answered with how many preferences were dropped."""


@dataclass(frozen=True, slots=True)
class Context(Request[ContextView]):
    """What the next draft will be written from."""


@dataclass(frozen=True, slots=True)
class Export(Request[dict[str, Any]]):
    """Everything stored about the user, as one JSON-ready document."""


@dataclass(frozen=True, slots=True)
class Forget(Request[Forgotten]):
    """Erase the user and everything of theirs."""
