"""Ports: what the core needs from the outside world, in domain types only.

Repositories never commit: the unit of work is the only transaction boundary. Ids of
sessions, messages, posts and feedback are assigned by storage on `add`, which returns
the stored object; user ids are Telegram's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Protocol, Self

from domain.analysis import Approval, FeedbackTally, Totals
from domain.calibration import Calibration
from domain.feedback import Feedback
from domain.generation import GenerationRequest, Turn
from domain.maintenance import (
    BackupReport,
    CopyReport,
    MigrateReport,
    RestoreReport,
    VerifyReport,
)
from domain.messages import Message
from domain.posts import Generated, Post, PostStatus
from domain.preferences import Preference, PreferenceProfile
from domain.sessions import Session, SessionStatus
from domain.users import User


class UserRepository(Protocol):
    def get(self, user_id: int) -> User | None:
        """The user, or None when absent."""
        ...

    def add(self, user: User) -> User:
        """Store a new user (its id is the Telegram id)."""
        ...

    def update(self, user: User) -> None:
        """Overwrite the stored user with the same id."""
        ...

    def list(self) -> list[User]:
        """Every user, ordered by id."""
        ...

    def totals(self) -> Totals:
        """Every user's counters, summed (storage adds them up; no user is loaded)."""
        ...

    def delete(self, user_id: int) -> None:
        """Remove the user and everything of theirs (sessions, history, posts, ...)."""
        ...


class SessionRepository(Protocol):
    def add(self, session: Session) -> Session:
        """Store a new session; returns it with its id."""
        ...

    def get(self, session_id: int) -> Session | None:
        """The session, or None when absent."""
        ...

    def update(self, session: Session) -> None:
        """Overwrite the stored session with the same id."""
        ...

    def active_for(self, user_id: int) -> Session | None:
        """The user's active session (at most one), or None."""
        ...

    def list_for_user(self, user_id: int, limit: int | None = None) -> list[Session]:
        """The user's sessions, newest first (by start time, then id)."""
        ...

    def ended_before(self, cutoff: datetime, status: SessionStatus) -> list[Session]:
        """Every user's sessions of `status` that ended before `cutoff`, oldest first."""
        ...

    def delete(self, session_id: int) -> None:
        """Remove the session with its history, posts and feedback."""
        ...


class MessageRepository(Protocol):
    def add(self, message: Message) -> Message:
        """Append a message; returns it with its id."""
        ...

    def list_for_session(self, session_id: int) -> list[Message]:
        """The session's history, oldest first (in the order it was written)."""
        ...

    def count_for_user(self, user_id: int) -> int:
        """How many messages of the user are stored."""
        ...

    def recent_turns(self, session_id: int, limit: int) -> list[Turn]:
        """The session's newest `limit` messages as a prompt needs them, oldest first."""
        ...

    def delete_before(self, cutoff: datetime, statuses: tuple[SessionStatus, ...]) -> int:
        """Remove messages written before `cutoff` in sessions of those statuses; how many."""
        ...


class PostRepository(Protocol):
    def add(self, post: Post) -> Post:
        """Store a new version; returns it with its id. (session, version) is unique."""
        ...

    def get(self, post_id: int) -> Post | None:
        """The post, or None when absent."""
        ...

    def update(self, post: Post) -> None:
        """Overwrite the stored post with the same id."""
        ...

    def latest_for_session(self, session_id: int) -> Post | None:
        """The session's highest version, or None when it has no draft yet."""
        ...

    def by_message(self, user_id: int, message_id: int) -> Post | None:
        """The user's post shown in chat message `message_id` (`Post.shown_in`; the newest when
        several were), the one a reply to that message names; None when none of theirs was."""
        ...

    def list_for_session(self, session_id: int) -> list[Post]:
        """The session's versions, lowest version first."""
        ...

    def generated_since(self, user_id: int, since: datetime) -> list[datetime]:
        """When each of the user's generated versions (not their own edits) created at or
        after `since` was created, oldest first."""
        ...

    def approvals(self) -> list[Approval]:
        """Every approved post of every user, by when it was created (oldest first)."""
        ...

    def list_for_user(
        self, user_id: int, status: PostStatus | None = None, limit: int | None = None
    ) -> list[Post]:
        """The user's posts (optionally of one status), newest first, at most `limit`."""
        ...


class PreferenceRepository(Protocol):
    def get_profile(self, user_id: int) -> PreferenceProfile:
        """The user's profile; empty when nothing is known."""
        ...

    def save(self, user_id: int, preferences: list[Preference]) -> None:
        """Insert or replace each preference by (user, key)."""
        ...

    def clear(self, user_id: int) -> None:
        """Forget every preference of the user."""
        ...


class FeedbackRepository(Protocol):
    def add(self, feedback: Feedback) -> Feedback:
        """Store feedback; returns it with its id."""
        ...

    def list_for_user(self, user_id: int) -> list[Feedback]:
        """The user's feedback, oldest first."""
        ...

    def list_for_session(self, session_id: int) -> list[Feedback]:
        """The session's feedback, oldest first."""
        ...

    def tallies(self) -> list[FeedbackTally]:
        """Every user's feedback, counted by kind, signals and low rating (in any order)."""
        ...


class CalibrationRepository(Protocol):
    def get(self, model: str) -> Calibration:
        """What is known of how `model` misses lengths; neutral when nothing is. In a
        writing unit of work the calibration stays locked until the transaction ends (every
        user's drafts teach it), so an observation saved from it is never lost."""
        ...

    def save(self, calibration: Calibration) -> None:
        """Insert or replace each of the calibration's ranges, by (model, range)."""
        ...


class UnitOfWork(Protocol):
    """One transaction. Nothing is kept unless `commit()` is called before the block ends."""

    users: UserRepository
    sessions: SessionRepository
    messages: MessageRepository
    posts: PostRepository
    preferences: PreferenceRepository
    feedback: FeedbackRepository
    calibrations: CalibrationRepository

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None:
        """Roll back whatever was not committed."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(
        self,
        *,
        read_only: bool = False,
        idempotency_key: str | None = None,
        user_id: int | None = None,
    ) -> UnitOfWork:
        """A fresh unit of work, not yet entered. A read-only one takes no write lock, so
        reads never wait for writers (it must not write).

        A writing one given `user_id` changes that user's rows only (and the shared model
        calibration, which it locks itself): it waits for the user's other writers alone, so
        different users write in parallel where the storage can (PostgreSQL, across
        processes). One without a user may change anyone's rows and waits for every writer.

        Given a request's `idempotency_key`, its first commit records the key in the same
        transaction, or, when the key is recorded already (the request was handled before),
        raises DuplicateRequestError and keeps nothing.
        """
        ...


class ContentGenerator(Protocol):
    @property
    def model(self) -> str:
        """The model it writes with (how it misses a style is learned per model)."""
        ...

    def generate(self, request: GenerationRequest) -> Generated:
        """A draft for the request (and up to `request.choices - 1` alternatives from the
        same call), within `request.time_left` seconds when that is set; raises
        GenerationError when none can be produced."""
        ...


class StorageAdmin(Protocol):
    """Whole-database care: what an operator runs, not what a conversation does."""

    def exists(self) -> bool:
        """Whether there is a database to look after (admin commands never create one)."""
        ...

    def verify(self) -> VerifyReport:
        """Integrity, foreign keys, schema version and row counts."""
        ...

    def backup(self, destination: str, progress: Progress | None = None) -> BackupReport:
        """A consistent copy taken while others write, checked after writing, mode 0600."""
        ...

    def restore(self, source: str) -> RestoreReport:
        """Replace the database with a checked backup, keeping the replaced one."""
        ...

    def migrate(self) -> MigrateReport:
        """Apply pending schema migrations (none when up to date)."""
        ...

    def scrub(self) -> None:
        """Leave no bytes of deleted rows in the storage's files (after a user is forgotten)."""
        ...


class DatabaseCopier(Protocol):
    def copy(self, source: str, target: str, progress: Progress | None = None) -> CopyReport:
        """Every row from the database at URL `source` into the empty one at `target`,
        checked table by table."""
        ...


Progress = Callable[[int, int], None]  # (done, total): bytes, or rows


class TokenCounter(Protocol):
    def count(self, text: str) -> int:
        """About how many tokens `text` costs a chat model (an estimate is fine)."""
        ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (for measuring durations)."""
        ...


class Handling(Enum):
    """Where an update stands among the processes that serve one bot (see ChatTurns)."""

    MINE = "mine"  # this process handles it (now, when asked by `start`)
    WAIT = "wait"  # not its turn yet: an earlier update of the chat is still to be handled
    HANDLED = "handled"  # handled before (it was delivered again): nothing to do
    ELSEWHERE = "elsewhere"  # another running process has it and handles it


class ChatTurns(Protocol):
    """One chat's updates handled one at a time and in update-id order, whichever of several
    processes each one reaches (webhook workers behind a load balancer). Each call is one
    short transaction; any thread may call.

    A process that stops or dies gives up what it had: its updates no longer hold up the
    chat's later ones, and one delivered again is handled by whoever gets it.
    """

    def arrive(self, update_id: int, chat_id: int | None) -> Handling:
        """Record the update as this process's (MINE), unless it was handled before or
        another running process has it."""
        ...

    def known(self, update_ids: range) -> int:
        """How many of `update_ids` have reached some process (to wait briefly for updates
        sent just before this one, still on their way to another process)."""
        ...

    def start(self, update_id: int, chat_id: int) -> Handling:
        """MINE when every earlier update of the chat is handled (or was lost with a process)
        and no other of its updates is being handled; WAIT until then."""
        ...

    def finish(self, update_id: int) -> None:
        """The update is handled: the chat's next one may start."""
        ...

    def finished_chats(self, timeout: float) -> set[int]:
        """Wait up to `timeout` seconds for updates to finish in any process; the chats
        they were of (empty when none did), so that their waiting updates look again."""
        ...

    def close(self) -> None:
        """Give up this process's updates (others may take them over)."""
        ...


class SendPacing(Protocol):
    """Slots for sending, shared by every process that sends for one bot: Telegram's flood
    limits count a bot's messages and a chat's, whichever process sends them. A key (the bot,
    a chat) has a rate and a burst; each call is one short statement; any thread may call."""

    def reserve(self, key: str, per_second: float, burst: int) -> float:
        """Take the next slot of `key`: the seconds to wait before sending (0.0: at once)."""
        ...

    def hold(self, key: str, seconds: float, per_second: float, burst: int) -> None:
        """No slot of `key` (paced at `per_second`, `burst`) before `seconds` from now:
        Telegram asked to wait that long."""
        ...
