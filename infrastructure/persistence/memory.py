"""In-memory storage: honest fakes of every repository, for tests and `memory://`.

A unit of work takes the store's lock for its whole life (so units of work run one at a
time, like SQLite's BEGIN IMMEDIATE) and works on a copy of the tables; commit swaps the
copy in. Entities are frozen, so copying the dicts is a full snapshot.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Self

from domain.analysis import Approval, FeedbackTally, Totals
from domain.calibration import Calibration
from domain.errors import ConflictError, DuplicateRequestError, StorageError
from domain.feedback import Feedback
from domain.generation import Turn
from domain.maintenance import BackupReport, MigrateReport, RestoreReport, VerifyReport
from domain.messages import Message
from domain.ports import (
    CalibrationRepository,
    FeedbackRepository,
    MessageRepository,
    PostRepository,
    PreferenceRepository,
    Progress,
    SessionRepository,
    StorageAdmin,
    UnitOfWork,
    UserRepository,
)
from domain.posts import Post, PostStatus
from domain.preferences import Preference, PreferenceProfile
from domain.sessions import Session, SessionStatus
from domain.users import User


@dataclass
class _Tables:
    users: dict[int, User] = field(default_factory=dict)
    sessions: dict[int, Session] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    posts: dict[int, Post] = field(default_factory=dict)
    preferences: dict[tuple[int, str], Preference] = field(default_factory=dict)
    feedback: dict[int, Feedback] = field(default_factory=dict)
    receipts: set[str] = field(default_factory=set)  # keys of handled requests
    calibrations: dict[str, Calibration] = field(default_factory=dict)
    next_id: int = 1

    def copy(self) -> _Tables:
        return _Tables(
            users=dict(self.users),
            sessions=dict(self.sessions),
            messages=dict(self.messages),
            posts=dict(self.posts),
            preferences=dict(self.preferences),
            feedback=dict(self.feedback),
            receipts=set(self.receipts),
            calibrations=dict(self.calibrations),
            next_id=self.next_id,
        )

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


class MemoryStore:
    """The shared state behind every MemoryUnitOfWork of one process."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tables = _Tables()


class MemoryUserRepository(UserRepository):
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    def get(self, user_id: int) -> User | None:
        return self._t.users.get(user_id)

    def add(self, user: User) -> User:
        if user.id in self._t.users:
            raise ConflictError(f"User {user.id} already exists.")
        self._t.users[user.id] = user
        return user

    def update(self, user: User) -> None:
        self._t.users[user.id] = user

    def list(self) -> list[User]:
        return sorted(self._t.users.values(), key=lambda u: u.id)

    def totals(self) -> Totals:
        return Totals.of(list(self._t.users.values()))

    def delete(self, user_id: int) -> None:
        t = self._t
        t.users.pop(user_id, None)
        for table in (t.sessions, t.messages, t.posts, t.feedback):
            for key in [k for k, row in table.items() if row.user_id == user_id]:
                del table[key]
        for pref_key in [k for k in t.preferences if k[0] == user_id]:
            del t.preferences[pref_key]


class MemorySessionRepository(SessionRepository):
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    def add(self, session: Session) -> Session:
        stored = replace(session, id=self._t.new_id())
        self._t.sessions[_stored_id(stored)] = stored
        return stored

    def get(self, session_id: int) -> Session | None:
        return self._t.sessions.get(session_id)

    def update(self, session: Session) -> None:
        self._t.sessions[_stored_id(session)] = session

    def active_for(self, user_id: int) -> Session | None:
        active = [s for s in self.list_for_user(user_id) if s.is_active]
        return active[0] if active else None

    def list_for_user(self, user_id: int, limit: int | None = None) -> list[Session]:
        rows = [s for s in self._t.sessions.values() if s.user_id == user_id]
        rows.sort(key=lambda s: (s.started_at, s.id), reverse=True)
        return rows if limit is None else rows[:limit]

    def ended_before(self, cutoff: datetime, status: SessionStatus) -> list[Session]:
        rows = [
            s
            for s in self._t.sessions.values()
            if s.status is status and s.ended_at is not None and s.ended_at < cutoff
        ]
        return sorted(rows, key=lambda s: (s.ended_at, _stored_id(s)))

    def delete(self, session_id: int) -> None:
        t = self._t
        t.sessions.pop(session_id, None)
        for table in (t.messages, t.posts, t.feedback):
            for key in [k for k, row in table.items() if row.session_id == session_id]:
                del table[key]


class MemoryMessageRepository(MessageRepository):
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    def add(self, message: Message) -> Message:
        stored = replace(message, id=self._t.new_id())
        self._t.messages[_stored_id(stored)] = stored
        return stored

    def list_for_session(self, session_id: int) -> list[Message]:
        rows = [m for m in self._t.messages.values() if m.session_id == session_id]
        return sorted(rows, key=_stored_id)

    def count_for_user(self, user_id: int) -> int:
        return sum(1 for m in self._t.messages.values() if m.user_id == user_id)

    def recent_turns(self, session_id: int, limit: int) -> list[Turn]:
        recent = self.list_for_session(session_id)[-limit:] if limit > 0 else []
        return [Turn(m.role, m.content) for m in recent]

    def delete_before(self, cutoff: datetime, statuses: tuple[SessionStatus, ...]) -> int:
        sessions = self._t.sessions
        doomed = [
            key
            for key, m in self._t.messages.items()
            if m.created_at < cutoff and sessions[m.session_id].status in statuses
        ]
        for key in doomed:
            del self._t.messages[key]
        return len(doomed)


class MemoryPostRepository(PostRepository):
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    def add(self, post: Post) -> Post:
        if any(
            p.session_id == post.session_id and p.version == post.version
            for p in self._t.posts.values()
        ):
            raise ConflictError(f"Version {post.version} of session {post.session_id} exists.")
        stored = replace(post, id=self._t.new_id())
        self._t.posts[_stored_id(stored)] = stored
        return stored

    def get(self, post_id: int) -> Post | None:
        return self._t.posts.get(post_id)

    def update(self, post: Post) -> None:
        self._t.posts[_stored_id(post)] = post

    def latest_for_session(self, session_id: int) -> Post | None:
        versions = self.list_for_session(session_id)
        return versions[-1] if versions else None

    def by_message(self, user_id: int, message_id: int) -> Post | None:
        shown = [
            p for p in self._t.posts.values() if p.user_id == user_id and p.shown_in == message_id
        ]
        return max(shown, key=_stored_id, default=None)

    def list_for_session(self, session_id: int) -> list[Post]:
        rows = [p for p in self._t.posts.values() if p.session_id == session_id]
        return sorted(rows, key=lambda p: p.version)

    def generated_since(self, user_id: int, since: datetime) -> list[datetime]:
        return sorted(
            p.created_at
            for p in self._t.posts.values()
            if p.user_id == user_id and p.created_at >= since and not p.is_users_own
        )

    def approvals(self) -> list[Approval]:
        approved = [p for p in self._t.posts.values() if p.status is PostStatus.APPROVED]
        approved.sort(key=lambda p: (p.created_at, _stored_id(p)))
        return [Approval(p.version, p.rating) for p in approved]

    def list_for_user(
        self, user_id: int, status: PostStatus | None = None, limit: int | None = None
    ) -> list[Post]:
        rows = [
            p
            for p in self._t.posts.values()
            if p.user_id == user_id and (status is None or p.status is status)
        ]
        newest = sorted(rows, key=lambda p: (p.created_at, p.id), reverse=True)
        return newest if limit is None else newest[: max(limit, 0)]


class MemoryPreferenceRepository(PreferenceRepository):
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    def get_profile(self, user_id: int) -> PreferenceProfile:
        prefs = [p for (uid, _), p in sorted(self._t.preferences.items()) if uid == user_id]
        return PreferenceProfile.of(user_id, prefs)

    def save(self, user_id: int, preferences: list[Preference]) -> None:
        for pref in preferences:
            self._t.preferences[(user_id, pref.key)] = pref

    def clear(self, user_id: int) -> None:
        for key in [k for k in self._t.preferences if k[0] == user_id]:
            del self._t.preferences[key]


class MemoryFeedbackRepository(FeedbackRepository):
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    def add(self, feedback: Feedback) -> Feedback:
        stored = replace(feedback, id=self._t.new_id())
        self._t.feedback[_stored_id(stored)] = stored
        return stored

    def list_for_user(self, user_id: int) -> list[Feedback]:
        return sorted(
            (f for f in self._t.feedback.values() if f.user_id == user_id), key=_stored_id
        )

    def list_for_session(self, session_id: int) -> list[Feedback]:
        return sorted(
            (f for f in self._t.feedback.values() if f.session_id == session_id), key=_stored_id
        )

    def tallies(self) -> list[FeedbackTally]:
        return FeedbackTally.of(self._t.feedback.values())


class MemoryCalibrationRepository(CalibrationRepository):
    def __init__(self, tables: _Tables) -> None:
        self._t = tables

    def get(self, model: str) -> Calibration:
        return self._t.calibrations.get(model) or Calibration(model)

    def save(self, calibration: Calibration) -> None:
        stored = self.get(calibration.model)
        self._t.calibrations[calibration.model] = Calibration.of(
            calibration.model, {**stored.ranges, **calibration.ranges}
        )


class MemoryUnitOfWork(UnitOfWork):
    def __init__(
        self,
        store: MemoryStore,
        *,
        read_only: bool = False,
        idempotency_key: str | None = None,
        user_id: int | None = None,  # a test double: every writer waits for the others
    ) -> None:
        self._store = store
        self._read_only = read_only  # reads work on a snapshot and take no lock
        self._key = idempotency_key  # recorded by the first commit (see domain.ports)

    def __enter__(self) -> Self:
        if not self._read_only:
            self._store.lock.acquire()
        self._begin()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._read_only:
            self._store.lock.release()

    def commit(self) -> None:
        if self._read_only:
            raise StorageError("A read-only unit of work cannot commit.")
        if self._key is not None:
            if self._key in self._work.receipts:
                raise DuplicateRequestError(self._key)
            self._work.receipts.add(self._key)
            self._key = None
        self._store.tables = self._work
        self._begin()

    def rollback(self) -> None:
        self._begin()

    def _begin(self) -> None:
        self._work = self._store.tables.copy()
        self.users = MemoryUserRepository(self._work)
        self.sessions = MemorySessionRepository(self._work)
        self.messages = MemoryMessageRepository(self._work)
        self.posts = MemoryPostRepository(self._work)
        self.preferences = MemoryPreferenceRepository(self._work)
        self.feedback = MemoryFeedbackRepository(self._work)
        self.calibrations = MemoryCalibrationRepository(self._work)


def _stored_id(row: Session | Message | Post | Feedback) -> int:
    """The id a stored row has (every row in a table was given one on `add`)."""
    assert row.id is not None
    return row.id


class MemoryAdmin(StorageAdmin):
    """memory:// lives and dies with the process: there is nothing to back up or verify."""

    def scrub(self) -> None:
        """Deleted rows are gone with their objects: no files hold them."""

    def exists(self) -> bool:
        return True

    def verify(self) -> VerifyReport:
        raise StorageError("memory:// keeps nothing on disk: there is nothing to verify.")

    def backup(self, destination: str, progress: Progress | None = None) -> BackupReport:
        raise StorageError("memory:// keeps nothing on disk: there is nothing to back up.")

    def restore(self, source: str) -> RestoreReport:
        raise StorageError("memory:// cannot be restored into: use a sqlite:/// database.")

    def migrate(self) -> MigrateReport:
        raise StorageError("memory:// has no schema to migrate.")
